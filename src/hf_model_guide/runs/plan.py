"""``runs plan``: the runs a build would start now, split into shards for a CI matrix.

The list comes from the engine itself (every run held back, ``engine.held``), so it is the
build's own decision, with the build log's reason for each. The split balances the shards by
each snippet's last measured run time (``last-runs``): longest first, each to the shard with
the least time so far; snippets never measured are spread evenly over the shards by count.
Snippets whose include says ``device=cuda`` go to a shard of their own, the last one, which a
workflow sends to a GPU runner. Everything is sorted first: the same inputs give the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hf_model_guide.engine.held import Pending

from .project import Project

CPU_RUNNER = "ubuntu-24.04"  # the runner every other job of the workflows uses
GPU_RUNNER = "gpu"


class PlanError(Exception):
    pass


@dataclass(frozen=True)
class Planned:
    path: str
    why: tuple[str, ...]
    device: str = "cpu"
    seconds: float | None = None  # its last measured run, if known


def pending_runs(project: Project) -> list[Planned]:
    """The runs a build of ``project`` would start now, in path order."""
    found: list[Pending] = []

    def hold(pending: Pending) -> str:
        found.append(pending)
        return ""  # held silently: a plan runs nothing

    engine = project.engine()
    engine.gate = hold
    try:
        engine.prepare(project.pages())
    finally:
        engine.close()
    return sorted(
        (Planned(p.path, tuple(p.why), p.device, p.seconds) for p in found),
        key=lambda p: p.path,
    )


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/3"`` -> (2, 3)."""
    index, sep, count = text.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        i = n = 0
    if not sep or not 1 <= i <= n:
        raise PlanError(f"--shard {text!r}: use I/N with 1 <= I <= N, like 2/3")
    return i, n


@dataclass
class Plan:
    shards: int
    snippets: list[Planned]
    assigned: dict[str, int]  # path -> shard (1-based)
    cpu_runner: str = CPU_RUNNER
    gpu_runner: str = GPU_RUNNER

    @property
    def gpu_shard(self) -> int | None:
        return self.shards if any(p.device == "cuda" for p in self.snippets) else None

    def of(self, shard: int) -> list[Planned]:
        return [p for p in self.snippets if self.assigned[p.path] == shard]

    def estimate(self, planned: Planned) -> float:
        """Its expected seconds: measured, else the mean of those measured (else 1)."""
        if planned.seconds is not None:
            return planned.seconds
        known = [p.seconds for p in self.snippets if p.seconds is not None]
        return sum(known) / len(known) if known else 1.0

    def load(self, shard: int) -> float:
        return sum(self.estimate(p) for p in self.of(shard))

    def balance(self) -> float:
        """The longest CPU shard's expected time over their mean (1.0: perfectly even)."""
        loads = [self.load(i) for i in range(1, self.shards + 1) if i != self.gpu_shard]
        mean = sum(loads) / len(loads) if loads else 0
        return round(max(loads) / mean, 3) if mean else 1.0

    def to_json(self) -> dict[str, Any]:
        include = []
        for i in range(1, self.shards + 1):
            mine = self.of(i)
            if not mine:
                continue  # a matrix job with nothing to run is a runner for nothing
            gpu = i == self.gpu_shard
            include.append(
                {
                    "shard": f"{i}/{self.shards}",
                    "device": "cuda" if gpu else "cpu",
                    "runs-on": self.gpu_runner if gpu else self.cpu_runner,
                    "snippets": len(mine),
                    "seconds": round(self.load(i), 3),
                }
            )
        return {
            "shards": self.shards,
            "run": bool(self.snippets),
            "balance": self.balance(),
            "matrix": {"include": include},
            "snippets": [
                {
                    "path": p.path,
                    "why": list(p.why),
                    "device": p.device,
                    "seconds": p.seconds,
                    "shard": f"{self.assigned[p.path]}/{self.shards}",
                }
                for p in self.snippets
            ],
        }


def split(snippets: list[Planned], shards: int, **runners: str) -> Plan:
    if shards < 1:
        raise PlanError(f"--shards {shards}: at least 1")
    gpu = [p for p in snippets if p.device == "cuda"]
    cpu = [p for p in snippets if p.device != "cuda"]
    if gpu and shards < 2:
        raise PlanError(
            f"{len(gpu)} snippet(s) need a GPU ({gpu[0].path}, ...): they get a shard of their "
            "own, so --shards must be at least 2"
        )
    cpu_shards = shards - 1 if gpu else shards
    assigned = {p.path: shards for p in gpu}
    load = [0.0] * cpu_shards
    unknown = [0] * cpu_shards
    measured = [(p.seconds, p.path) for p in cpu if p.seconds is not None]
    for seconds, path in sorted(measured, key=lambda m: (-m[0], m[1])):  # longest first,
        i = min(range(cpu_shards), key=lambda i: (load[i], i))  # to the least loaded shard
        assigned[path] = i + 1
        load[i] += seconds
    for p in sorted((p for p in cpu if p.seconds is None), key=lambda p: p.path):
        i = min(range(cpu_shards), key=lambda i: (unknown[i], load[i], i))
        assigned[p.path] = i + 1
        unknown[i] += 1
    return Plan(shards, sorted(snippets, key=lambda p: p.path), assigned, **runners)


def make(project: Project, shards: int, **runners: str) -> Plan:
    return split(pending_runs(project), shards, **runners)
