"""Build times of the real site: cold, warm, and warm ÷ (snippets switched off). Not a test.

    python benchmarks/build_times.py            # 3 warm and 3 off builds, medians
    python benchmarks/build_times.py --runs 5 --runners

Cold = no cached snippet result (the stand-in model already prepared); warm = the same inputs
again (every output from the cache); off = ``RUN_SNIPPETS=false``, the build that executes
nothing. Target: warm ÷ off ≤ 1.15. ``--runners`` also times running every snippet the pages
use with one warm worker (forking a child per snippet) against a fresh Python per snippet.

Runs use a temporary cache (buildkit.temp_cache): the developer's ``.cache/`` is only read.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from buildkit import ROOT, bench_env, build, temp_cache, warm_and_off


def time_runners(cache: Path) -> None:
    """One warm worker for all snippets vs a fresh interpreter per snippet."""
    from hf_model_guide.engine import Engine, parse

    pages = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((ROOT / "docs").rglob("*.md"))
    }
    paths = sorted(set().union(*(parse(text).paths for text in pages.values())))
    print(f"runners: {len(paths)} snippets")
    for label, parallel in (
        ("warm worker, fork per snippet, 2 at a time", 2),
        ("warm worker, fork per snippet, 1 at a time", 1),
    ):
        shutil.rmtree(cache / "runs", ignore_errors=True)
        engine = Engine(ROOT, cache_folder=cache, parallel=parallel)
        start = time.monotonic()
        engine.prepare(pages)
        seconds = time.monotonic() - start
        engine.close()
        print(f"  {label}: {seconds:.1f} s ({engine.summary()})")
    shutil.rmtree(cache / "runs", ignore_errors=True)
    start = time.monotonic()
    for path in paths:
        engine = Engine(ROOT, cache_folder=cache, parallel=1)
        engine.prepare({"bench.md": f"{{* {path} *}}\n"})
        engine.close()
    print(
        f"  fresh process per snippet (imports torch+transformers each time): "
        f"{time.monotonic() - start:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="warm and off builds to take the median of"
    )
    parser.add_argument("--runners", action="store_true", help="also time worker vs process")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="build-times-") as name:
        tmp = Path(name)
        cache = temp_cache(tmp)
        env = bench_env(cache)
        cold = build(ROOT, tmp / "site", env)
        print(f"cold build (stand-in ready): {cold.seconds:.1f} s  ({cold.summary})")
        warm_and_off(ROOT, tmp / "site", cache, args.runs)
        if args.runners:
            time_runners(cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
