"""What the engine asks the worker to run, as typed values, and their one JSON form.

A ``Job`` is one snippet to run: its top-level pieces (``ChunkSource``), the expressions pages
quote from it, and the limits it runs under. It crosses the worker's protocol as JSON;
``to_json`` / ``from_json`` here are the only places that know that shape (the runner writes
it, the worker reads it). What running it gave comes back as ``results.Outcome``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .limits import Limits
from .outcome import ValueKey


@dataclass(frozen=True)
class ChunkSource:
    """One top-level piece of a snippet, run on its own so its output shows beside it."""

    first_line: int  # where it starts in the file: tracebacks name the file's own lines
    source: str
    sections: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "first_line": self.first_line,
            "source": self.source,
            "sections": list(self.sections),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ChunkSource:
        return cls(int(data["first_line"]), str(data["source"]), tuple(data.get("sections", ())))


@dataclass(frozen=True)
class Job:
    """One snippet to run. It is named by its path: a batch runs each snippet once."""

    path: str
    key: str = ""  # its run cache key: the engine files the result under it
    chunks: tuple[ChunkSource, ...] = ()
    exprs: tuple[ValueKey, ...] = ()  # evaluated after the last chunk, if nothing failed
    timeout: float = 0.0  # seconds; 0: no limit
    max_output: int = 0  # characters; 0: no limit
    limits: Limits = field(default_factory=Limits)
    uses_model: bool = False  # its output depends on the model source

    @property
    def id(self) -> str:
        """What the worker's results name the job by."""
        return self.path

    def source_line(self, line: int) -> str:
        """The text of the snippet's line ``line``, stripped ("" when no chunk holds it)."""
        for chunk in self.chunks:
            lines = chunk.source.split("\n")
            if chunk.first_line <= line < chunk.first_line + len(lines):
                return lines[line - chunk.first_line].strip()
        return ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "key": self.key,
            "chunks": [chunk.to_json() for chunk in self.chunks],
            "exprs": [[k.expr, k.spec] for k in self.exprs],
            "timeout": self.timeout,
            "max_output": self.max_output,
            "limits": self.limits.to_json(),
            "uses_model": self.uses_model,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Job:
        return cls(
            path=str(data["path"]),
            key=str(data.get("key", "")),
            chunks=tuple(ChunkSource.from_json(c) for c in data.get("chunks", ())),
            exprs=tuple(ValueKey(expr, spec) for expr, spec in data.get("exprs", ())),
            timeout=float(data.get("timeout") or 0),
            max_output=int(data.get("max_output") or 0),
            limits=Limits.from_json(data.get("limits")),
            uses_model=bool(data.get("uses_model", False)),
        )
