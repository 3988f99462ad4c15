"""Runs a build decides not to start: what the engine would run, and who holds it back.

Before the engine starts a run it describes it as a ``Pending`` (the snippet, its run key and
what the key is made of, the values its cached run lacks, the device its includes ask for)
and asks the build's gate (``Engine.gate``): ``None`` runs it; a text holds it, the text
being the build's problem for it (naming the snippet), or ``""`` to hold it silently.

- ``hf-model-guide runs plan`` holds every run, silently, and lists them;
- ``runs run --shard I/N`` runs its shard's snippets and holds the others silently;
- ``RUN_SNIPPETS=cached-only`` (``cached_only``) holds every run with a problem: the build
  shows what the run cache holds, and a snippet no shard ran fails it by name;
- a snippet whose include says ``device=cuda`` is held on a machine without a GPU, whatever
  the gate (``needs_device``), with one line saying so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .reasons import RunInputs, explain
from .results import ValueKey

if TYPE_CHECKING:
    from .last_runs import LastRuns


@dataclass(frozen=True)
class Pending:
    """A run the build would start."""

    path: str
    key: str
    inputs: RunInputs
    missing: frozenset[ValueKey] = frozenset()  # values its cached run (same key) lacks
    device: str = "cpu"
    last_runs: LastRuns | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def why(self) -> list[str]:
        """Why it would run, in the build log's fixed vocabulary (``reasons.Why``)."""
        last = self.last_runs.last(self.path) if self.last_runs is not None else None
        return explain(last, self.inputs, self.missing)

    @property
    def seconds(self) -> float | None:
        """How long its last measured run took (``last-runs``), if known."""
        return self.last_runs.seconds(self.path) if self.last_runs is not None else None


# A gate: None runs the pending run; a text holds it (the build's problem, or "" for none).
Gate = Callable[[Pending], "str | None"]


def cached_only(pending: Pending) -> str:
    """``RUN_SNIPPETS=cached-only``: nothing runs; a run the cache lacks fails the build."""
    return (
        f"{pending.path}: not run (RUN_SNIPPETS=cached-only): the run cache has no run for "
        f"its inputs ({'; '.join(pending.why)}); run its shard "
        "(hf-model-guide runs plan / runs run) and merge it (runs merge)"
    )


# Present where NVIDIA's kernel driver is loaded, which CUDA needs.
NVIDIA_DRIVER = Path("/proc/driver/nvidia/version")


@functools.cache
def gpu_available() -> bool:
    """Whether this machine has a GPU torch can use (asked once, only when a snippet needs
    one; torch, which takes the build a second to import, only where a driver is loaded)."""
    if not NVIDIA_DRIVER.exists():
        return False
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def needs_device(pending: Pending, available: Callable[[], bool] = gpu_available) -> str | None:
    """The problem of a run that needs a device this machine lacks, else None."""
    if pending.device != "cuda" or available():
        return None
    return (
        f"{pending.path}: not run: its include says device=cuda and this machine has no GPU; "
        "its results come from a GPU runner (runs plan puts it in a shard of its own)"
    )
