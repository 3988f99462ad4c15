"""Where a snippet's prints go: ``sys.stdout`` / ``sys.stderr`` of the worker, routed to the
capture of the snippet running now (``running``), and streamed to the worker as they happen
when the snippet runs in a forked child (``supervise``)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TextIO


class Route(io.TextIOBase):
    """sys.stdout / sys.stderr for the worker's whole life: writes go to the current capture.

    Loggers and libraries that keep a reference to ``sys.stderr`` keep this object, so
    their output is still captured by the snippet that caused it.
    """

    def __init__(self, name: str, fallback: TextIO) -> None:
        self.name = name
        self.fallback = fallback
        self.targets: list[io.StringIO] | None = None
        # In a forked child, every captured write is also streamed to the worker as it happens,
        # so what a snippet printed survives a crash, os._exit or the hard time limit.
        self.tee: Callable[[tuple], None] | None = None

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.fallback.fileno()

    def write(self, text: str) -> int:
        if self.targets is None:
            return self.fallback.write(text)
        for target in self.targets:
            target.write(text)
        if self.tee is not None:
            self.tee(("w", self.name, text))
        return len(text)

    def flush(self) -> None:
        if self.targets is None:
            self.fallback.flush()
