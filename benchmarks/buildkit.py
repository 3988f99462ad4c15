"""What the build benchmarks share: a throwaway snippet cache, a timed ``mkdocs build``, and
the engine's summary line read back. Not a test; imported by the scripts beside it."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(
    r"snippets: (?P<executed>\d+) executed, (?P<cached>\d+) from cache, "
    r"(?P<failed>\d+) failed"
)
# mkdocs-jupyter's line each time nbconvert renders a notebook (a warm build has none).
CONVERTING = re.compile(r"Converting notebook \(execute=\w+\)")


@dataclass(frozen=True)
class Build:
    seconds: float
    log: str
    memory: Memory | None = None

    @property
    def executed(self) -> int | None:
        found = SUMMARY.search(self.log)
        return int(found["executed"]) if found else None

    @property
    def summary(self) -> str:
        found = SUMMARY.search(self.log)
        snippets = found.group(0) if found else "no snippet summary"
        return f"{snippets}; notebooks rendered: {len(CONVERTING.findall(self.log))}"


def temp_cache(tmp: Path, *, keep_runs: bool = False) -> Path:
    """A cache folder in ``tmp`` whose entries link to the developer's (the stand-in model,
    the Hub mirror), so the developer's cache is never written. ``runs`` (the snippets'
    cached results) starts empty, or as a copy of the developer's with ``keep_runs``; what
    else builds write (the notebooks and their rendered pages) starts empty."""
    from hf_model_guide.paths import REBUILT, cache_dir

    cache = tmp / "cache"
    cache.mkdir()
    for entry in cache_dir().iterdir():
        if entry.name == "runs":
            if keep_runs:
                shutil.copytree(entry, cache / "runs")
        elif entry.name in REBUILT:
            continue
        else:
            (cache / entry.name).symlink_to(entry)
    return cache


def bench_env(cache: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HF_MODEL_GUIDE_CACHE": str(cache), **extra}


def build(
    project: Path,
    site: Path,
    env: dict[str, str],
    *,
    memory: bool = False,
    prefix: tuple[str, ...] = (),
) -> Build:
    """``mkdocs build --strict`` of ``project`` into ``site``, timed from the outside; with
    ``memory``, the peak memory of the build and of its snippet processes too. ``prefix``:
    what runs the build (``("taskset", "--cpu-list", "0")``: on one core)."""
    start = time.monotonic()
    process = subprocess.Popen(
        [
            *prefix,
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watcher = MemoryWatch(process.pid) if memory else None
    log, _ = process.communicate()
    seconds = time.monotonic() - start
    if process.returncode:
        sys.exit(f"mkdocs build failed:\n{log}")
    return Build(seconds, log, watcher.stop() if watcher else None)


@dataclass(frozen=True)
class Memory:
    """Peaks of resident memory (RSS), in bytes, sampled every 0.2 s."""

    build: int  # the mkdocs process
    worker: int  # the warm worker (torch and transformers imported once)
    snippets: int  # the snippet processes forked from it, summed at their busiest moment
    tree: int  # everything at once (a forked process shares pages with the worker: counted twice)
    forks: int  # the most snippet processes alive at once


class MemoryWatch:
    """Samples the process tree of a running build in a thread (psutil)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.peaks = [0, 0, 0, 0, 0]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        import psutil

        worker_pids = set()
        sizes = {}
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                sizes[proc.pid] = (proc.ppid(), proc.memory_info().rss)
                if "hf_model_guide.engine.sandbox.worker" in " ".join(proc.cmdline()):
                    worker_pids.add(proc.pid)
            except psutil.Error:
                continue
        build = sizes.get(self.root.pid, (0, 0))[1]
        # The worker is the worker process whose parent is not one: the rest are its forks.
        workers = [pid for pid in worker_pids if sizes[pid][0] not in worker_pids]
        worker = sum(sizes[pid][1] for pid in workers)
        forks = [pid for pid in worker_pids if pid not in workers]
        snippets = sum(sizes[pid][1] for pid in forks)
        tree = sum(rss for _, rss in sizes.values())
        for index, value in enumerate((build, worker, snippets, tree, len(forks))):
            self.peaks[index] = max(self.peaks[index], value)

    def _run(self) -> None:
        import psutil

        while not self.done.wait(0.2):
            try:
                self._sample()
            except psutil.Error:
                return

    def stop(self) -> Memory:
        self.done.set()
        self.thread.join()
        return Memory(*self.peaks)


def warm_and_off(project: Path, site: Path, cache: Path, runs: int) -> tuple[float, float, Build]:
    """Median seconds of ``runs`` warm builds (every snippet cached in ``cache``) and of
    ``runs`` builds that run nothing (``RUN_SNIPPETS=false``), printed with their ratio
    (target ≤ 1.15); returns both medians and the last warm build."""
    warm = [build(project, site, bench_env(cache)) for _ in range(runs)]
    off = [build(project, site, bench_env(cache, RUN_SNIPPETS="false")) for _ in range(runs)]
    w = statistics.median(b.seconds for b in warm)
    o = statistics.median(b.seconds for b in off)
    print(f"warm build: {w:.2f} s (median of {runs}; {warm[-1].summary})")
    print(f"no-execution build (RUN_SNIPPETS=false): {o:.2f} s (median of {runs})")
    print(f"warm / no-execution: {w / o:.3f} (target ≤ 1.15)")
    return w, o, warm[-1]
