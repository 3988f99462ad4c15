"""A course's snippets run as shards (issue 35): one machine against 1, 2 and 4 shard
processes, each playing a one-core machine. Not a test.

    python benchmarks/shards.py [--snippets 400] [--pages 100] [--shards 1,2,4]

On a temporary copy of the project (the repository and the developer's cache are never
written), with ``--snippets`` generated snippets beside the real article (scale.py's pages),
each sleeping a course-like time (most a tenth of a second, some half a second to a second,
a few two; the same every run), it prints:

- the unsharded cold build on one core (``taskset``), which also measures every snippet's
  time (``last-runs``);
- for each shard count N: the plan (``runs plan --shards N``, balanced by those measured
  times) and its balance (the longest shard's planned seconds ÷ their mean); the N shard
  processes (``runs run --shard I/N``), each pinned by ``taskset`` to one core of its own
  (cycling over the machine's cores when there are fewer), started together on a run cache
  whose runs were cleared: the wall time until the last ends, and the measured balance
  (longest shard's wall time ÷ mean); the merge's time (``runs merge``); and the strict
  ``RUN_SNIPPETS=cached-only`` build from the union: its executed count (target 0) and
  ``outputs diff`` against the unsharded build (target: exit 0);
- the same for the largest N with no measured time at all (snippets spread by count).

Snippets that sleep use no processor, so N one-core shards on a machine of fewer cores still
play N machines; the engine's own work (the worker's start, forking, the guard) does use
the cores they share, so on 2 cores the 4-shard figure understates what 4 runners give.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from buildkit import ROOT, bench_env, build, temp_cache
from edited_rebuild import IGNORE
from scale import write_site

SLEEPER = '''\
"""Shard benchmark: snippet {n}, as long as a course's example ({seconds} s)."""

import time

total = {seconds}  # the value scale.py's pages quote
time.sleep(total)
print("snippet {n} slept", total, "s")
'''


def seconds_of(n: int) -> float:
    """A course-like spread, the same every run: 75 % short, 20 % medium, 5 % long."""
    kind = (n * 37) % 20
    if kind == 0:
        return 2.0
    if kind <= 4:
        return 0.5 + (n % 6) / 10
    return 0.05 + (n % 4) / 20


def cores() -> list[int]:
    import os

    return sorted(os.sched_getaffinity(0))


def hf_model_guide(*args: str) -> list[str]:
    return [sys.executable, "-m", "hf_model_guide", *args]


def own_cache(into: Path, measured: Path | None = None) -> Path:
    """A cache with no runs whose last-runs are its own (temp_cache links the developer's):
    empty, or a copy of ``measured``'s (every snippet's time, its runs cleared)."""
    cache = temp_cache(into)
    (cache / "last-runs").unlink(missing_ok=True)
    if measured is not None:
        shutil.copytree(measured / "last-runs", cache / "last-runs")
    return cache


def sharded(project: Path, cache: Path, work: Path, count: int, reference: Path) -> None:
    env = bench_env(cache)
    plan = json.loads(
        subprocess.run(
            hf_model_guide("runs", "plan", "--shards", str(count)),
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    pinned = cores()
    folders = [work / f"shard-{i}" for i in range(1, count + 1)]
    started = time.monotonic()
    running = [
        subprocess.Popen(
            [
                "taskset",
                "--cpu-list",
                str(pinned[(i - 1) % len(pinned)]),
                *hf_model_guide("runs", "run", "--shard", f"{i}/{count}", "--into", str(folder)),
            ],
            cwd=project,
            env=env,
            stdout=(work / f"shard-{i}.log").open("w"),  # a pipe nobody reads would fill
            stderr=subprocess.STDOUT,
        )
        for i, folder in enumerate(folders, 1)
    ]
    ended: dict[int, float] = {}
    while len(ended) < len(running):  # each shard's own end, whichever ends first
        for i, process in enumerate(running, 1):
            if i not in ended and process.poll() is not None:
                ended[i] = time.monotonic() - started
                if process.returncode:
                    sys.exit(f"runs run failed:\n{(work / f'shard-{i}.log').read_text()}")
        time.sleep(0.05)
    took = [ended[i] for i in sorted(ended)]
    wall = max(took)
    start = time.monotonic()
    subprocess.run(
        hf_model_guide("runs", "merge", *map(str, folders)),
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    merge = time.monotonic() - start
    union = build(project, work / "site", bench_env(cache, RUN_SNIPPETS="cached-only"))
    diff = subprocess.run(
        hf_model_guide("outputs", "diff", str(reference), str(work / "site")),
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    print(
        f"{count} shard(s): {wall:.1f} s wall until the last ended; planned balance "
        f"{plan['balance']:.3f}, measured {wall / statistics.mean(took):.3f} "
        f"(shards {', '.join(f'{t:.1f}' for t in took)} s; planned "
        f"{', '.join(str(job['seconds']) for job in plan['matrix']['include'])} s); merge {merge:.2f} s; "
        f"union's build {union.seconds:.1f} s, {union.executed} executed (target 0), "
        f"outputs diff exit {diff.returncode} (target 0)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--snippets", type=int, default=400)
    parser.add_argument("--pages", type=int, default=100, help="pages in each language")
    parser.add_argument("--shards", default="1,2,4", help="shard counts")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.shards.split(",")]
    total = sum(seconds_of(n) for n in range(args.snippets))
    started = time.monotonic()
    print(
        f"{args.snippets} snippets sleeping {total:.0f} s in all (+ the real article's), "
        f"{args.pages} pages x 2 languages; machine cores {cores()}"
    )
    with tempfile.TemporaryDirectory(prefix="shards-") as name:
        tmp = Path(name)
        project = tmp / "project"
        shutil.copytree(ROOT, project, ignore=IGNORE, symlinks=True)
        write_site(
            project,
            args.pages,
            args.snippets,
            lambda n: SLEEPER.format(n=n, seconds=seconds_of(n)),
        )
        (tmp / "one").mkdir()
        measured = own_cache(tmp / "one")
        one = build(
            project,
            tmp / "one" / "site",
            bench_env(measured),
            prefix=("taskset", "--cpu-list", str(cores()[0])),
        )
        print(f"unsharded cold build on one core: {one.seconds:.1f} s ({one.summary})")
        for count in counts:
            work = tmp / f"n{count}"
            work.mkdir()
            sharded(project, own_cache(work, measured), work, count, tmp / "one" / "site")
        work = tmp / "unmeasured"
        work.mkdir()
        print("no measured time (spread by count):", end=" ")
        sharded(project, own_cache(work), work, max(counts), tmp / "one" / "site")
    print(f"the whole benchmark: {(time.monotonic() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
