"""The engine at the scale of a course: a throwaway site of 100 pages x 2 languages and up to 500
small model-free snippets, beside the real article. Not a test.

    python benchmarks/scale.py [--pages 100] [--steps 100,250,500]

On a temporary copy of the project (the repository and the developer's cache are never
written), it prints:

- the cold build (no cached result) with 100, 250 and 500 snippets on the pages, and the time
  per added snippet between steps (linear growth: about the same figure at each step);
- the warm build (everything cached) and the build that runs nothing (``RUN_SNIPPETS=false``),
  and warm ÷ no-execution (target ≤ 1.15);
- the rebuild after one snippet is edited (target: exactly 1 executed);
- the peak resident memory of the build process, of the warm worker and of the snippet
  processes it forks (summed when most run at once), during the cold build of all snippets.

Each page (zh and en alike) includes its share of the snippets and quotes one value of its
first snippet, so the directive parser, the run cache, the value substitution and the
translation check all see the course-sized site.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from buildkit import ROOT, Build, bench_env, build, temp_cache, warm_and_off
from edited_rebuild import IGNORE

from hf_model_guide.engine.runner import machine_cores

SNIPPET = '''\
"""Scale benchmark: snippet {n} (model-free)."""

import math

values = [math.sqrt(i + {n}) for i in range({size})]
total = sum(values)
print(f"snippet {n}: {{len(values)}} roots, sum {{total:.3f}}")
'''

PAGE = {
    "zh": "# 第 `{page}` 页 {{ #page-{page} }}\n\n本页第一个片段的平方根之和是 {value}。\n",
    "en": "# Page `{page}` {{ #page-{page} }}\n\nThe first snippet of this page sums to {value}.\n",
}


def snippet_path(n: int) -> str:
    return f"snippets/scale/s{n:03d}.py"


def write_site(
    project: Path, pages: int, snippets: int, text: Callable[[int], str] | None = None
) -> None:
    """``pages`` pages in each language; snippet n (``text(n)``, by default a model-free
    sum of square roots) goes on page n % pages."""
    folder = project / "snippets" / "scale"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for n in range(snippets):
        code = text(n) if text else SNIPPET.format(n=n, size=200 + n % 7)
        (project / snippet_path(n)).write_text(code, encoding="utf-8")
    docs = project / "docs" / "scale"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    for page in range(pages):
        own = [n for n in range(page, snippets, pages)]
        for lang, suffix in (("zh", ""), ("en", ".en")):
            value = f"{{= {snippet_path(own[0])} | total | .3f =}}" if own else "-"
            text = PAGE[lang].format(page=page, value=value)
            text += "".join(f"\n{{* {snippet_path(n)} *}}\n" for n in own)
            (docs / f"p{page:03d}{suffix}.md").write_text(text, encoding="utf-8")


def megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="pages in each language")
    parser.add_argument("--steps", default="100,250,500", help="snippet counts, cold builds")
    parser.add_argument("--runs", type=int, default=1, help="warm and off builds (median)")
    args = parser.parse_args(argv)
    steps = [int(step) for step in args.steps.split(",")]
    started = time.monotonic()
    print(f"{args.pages} pages x 2 languages + the real article; {machine_cores()} cores")
    with tempfile.TemporaryDirectory(prefix="scale-") as name:
        tmp = Path(name)
        project = tmp / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE, symlinks=True)
        cold: dict[int, Build] = {}
        cache = tmp
        for count in steps:
            write_site(project, args.pages, count)
            (tmp / f"cold-{count}").mkdir()
            cache = temp_cache(tmp / f"cold-{count}")
            cold[count] = build(project, tmp / "site", bench_env(cache), memory=True)
            print(
                f"cold build, {count} snippets: {cold[count].seconds:.1f} s  ({cold[count].summary})"
            )
        for before, after in itertools.pairwise(steps):
            added = cold[after].seconds - cold[before].seconds
            print(
                f"  {before} -> {after}: {added / (after - before) * 1000:.0f} ms per added snippet"
            )
        # The last cold build's cache holds every snippet.
        warm_and_off(project, tmp / "site", cache, args.runs)
        env = bench_env(cache)
        edited = project / snippet_path(steps[-1] // 2)
        edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        again = build(project, tmp / "site", env)
        print(f"rebuild after editing one snippet: {again.seconds:.1f} s  ({again.summary})")
        print(f"snippets executed by the rebuild: {again.executed} (target: 1)")
        memory = cold[steps[-1]].memory
        assert memory is not None
        print(
            f"peak memory, cold build of {steps[-1]} snippets: build process "
            f"{megabytes(memory.build)}, worker {megabytes(memory.worker)}, snippet processes "
            f"{megabytes(memory.snippets)} ({memory.forks} at once at most), whole tree "
            f"{megabytes(memory.tree)} "
            "(RSS; forked processes share the worker's pages, counted again in each)"
        )
    print(f"the whole benchmark: {(time.monotonic() - started) / 60:.1f} min (target < 10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
