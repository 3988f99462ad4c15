"""A run as the build keeps it: the worker's ``Outcome`` plus what the engine knows about it.

The worker-side types (``Chunk``, ``ValueKey``, ``Evaluated``, ``RunError``, ``Outcome``) live in
``engine.sandbox.outcome``, the code that runs inside the sandbox; they are re-exported here
because every build-side module reads runs through this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .sandbox.outcome import Chunk, Evaluated, Outcome, RunError, Shown, ValueKey, exact_literal

__all__ = [
    "Chunk",
    "Evaluated",
    "Outcome",
    "RunError",
    "RunResult",
    "RunSource",
    "Shown",
    "ValueKey",
    "exact_literal",
]


@dataclass(frozen=True)
class RunSource:
    """The model source a run used, as recorded with it."""

    kind: str = "none"
    fingerprint: str = ""
    card_path: str | None = None


@dataclass(frozen=True, kw_only=True)
class RunResult(Outcome):
    """A run as the engine keeps it (per build) and the cache stores it (when ok)."""

    key: str  # the cache key: hash of everything the run depends on
    path: str  # the snippet, relative to the project root
    uses_model: bool = False
    source: RunSource = RunSource()
    versions: Mapping[str, str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, outcome: Outcome, **about: Any) -> RunResult:
        return cls(**{f.name: getattr(outcome, f.name) for f in fields(Outcome)}, **about)

    @property
    def standin(self) -> bool:
        """Its output came from the stand-in model."""
        return self.uses_model and self.source.kind == "standin"

    def has_values(self, keys: set[ValueKey]) -> bool:
        if not self.ok:
            return True  # a run that failed in this build is not retried within it
        return keys <= self.values.keys()

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "key": self.key,
            "path": self.path,
            "uses_model": self.uses_model,
            "source": asdict(self.source),
            "versions": dict(self.versions),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunResult:
        source = data.get("source") or {}
        return cls(
            **cls._fields_from_json(data),
            key=data["key"],
            path=data["path"],
            uses_model=bool(data.get("uses_model")),
            source=RunSource(
                kind=source.get("kind", "none"),
                fingerprint=source.get("fingerprint", ""),
                card_path=source.get("card_path"),
            ),
            versions=dict(data.get("versions") or {}),
        )
