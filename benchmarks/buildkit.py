"""What the build benchmarks share: a throwaway snippet cache, a timed ``mkdocs build``, and
the engine's summary line read back. Not a test; imported by the scripts beside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(
    r"snippets: (?P<executed>\d+) executed, (?P<cached>\d+) from cache, "
    r"(?P<failed>\d+) failed"
)


@dataclass(frozen=True)
class Build:
    seconds: float
    log: str

    @property
    def executed(self) -> int | None:
        found = SUMMARY.search(self.log)
        return int(found["executed"]) if found else None

    @property
    def summary(self) -> str:
        found = SUMMARY.search(self.log)
        return found.group(0) if found else "no snippet summary"


def temp_cache(tmp: Path, *, keep_runs: bool = False) -> Path:
    """A cache folder in ``tmp`` whose entries link to the developer's (the stand-in model,
    the Hub mirror), so the developer's cache is never written. ``runs`` (the snippets'
    cached results) starts empty, or as a copy of the developer's with ``keep_runs``."""
    from hf_model_guide.paths import cache_dir

    cache = tmp / "cache"
    cache.mkdir()
    for entry in cache_dir().iterdir():
        if entry.name == "runs":
            if keep_runs:
                shutil.copytree(entry, cache / "runs")
        else:
            (cache / entry.name).symlink_to(entry)
    return cache


def bench_env(cache: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HF_MODEL_GUIDE_CACHE": str(cache), **extra}


def build(project: Path, site: Path, env: dict[str, str]) -> Build:
    """``mkdocs build --strict`` of ``project`` into ``site``, timed from the outside."""
    start = time.monotonic()
    done = subprocess.run(
        [
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
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - start
    log = done.stdout + done.stderr
    if done.returncode:
        sys.exit(f"mkdocs build failed:\n{log}")
    return Build(seconds, log)
