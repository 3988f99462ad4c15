"""Rebuild after editing one snippet: how long it takes and how many snippets it runs. Not a test.

    python benchmarks/edited_rebuild.py [--snippet snippets/article/pipeline.py]

Works on a temporary copy of the project (the repository is never modified) with a temporary
cache seeded from the developer's results: one build to make the cache warm, then a comment
line is appended to one snippet and the site is built again. Target: exactly 1 executed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from buildkit import ROOT, bench_env, build, temp_cache

# What a copy of the project needs to build: everything but products, caches and history.
IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".cache",
    "site",
    "test-artifacts",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--snippet",
        default="snippets/article/pipeline.py",
        help="the snippet to edit, relative to the project",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="edited-rebuild-") as name:
        tmp = Path(name)
        project = tmp / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE, symlinks=True)
        env = bench_env(temp_cache(tmp, keep_runs=True))
        warm = build(project, tmp / "site", env)
        print(f"warm-up build: {warm.seconds:.1f} s  ({warm.summary})")
        snippet = project / args.snippet
        snippet.write_text(
            snippet.read_text(encoding="utf-8") + "# edited by the benchmark\n", encoding="utf-8"
        )
        edited = build(project, tmp / "site", env)
        print(f"rebuild after editing {args.snippet}: {edited.seconds:.1f} s  ({edited.summary})")
        print(f"snippets executed by the rebuild: {edited.executed} (target: 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
