"""Progress of long work (building the stand-in, running snippets), shown only on a terminal.

Long steps report through the small callbacks below; this module draws them with tqdm (a
dependency of transformers and huggingface_hub already, pinned in pyproject.toml). On a
terminal the reader sees a bar per step and which snippet finished; when stderr is a pipe or
a file (CI, a test, ``> log``) nothing is drawn, and only the callers' log lines remain (a
build's: why each snippet runs, and its summary).
Progress goes to stderr, where MkDocs logs, so stdout stays the command's result (the
``standin`` command's folder).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether progress should be drawn: stderr is a terminal, and no one asked for quiet."""
    stream = stream or sys.stderr
    if os.environ.get("TQDM_DISABLE"):  # tqdm's own switch, honoured here too
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


class Bar:
    """One step's bar; with ``total=None`` a counter. Does nothing off a terminal."""

    def __init__(self, description: str, total: int | None, unit: str) -> None:
        self._bar = None
        if on_terminal():
            from tqdm import tqdm

            # A terminal that reports no size (a bare pseudo-terminal) would hide the bar.
            sized = _columns() > 0
            self._bar = tqdm(
                total=total,
                desc=description,
                unit=unit,
                file=sys.stderr,
                leave=True,
                dynamic_ncols=sized,
                ncols=None if sized else 80,
                nrows=None if sized else 24,
            )

    def advance(self, steps: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(steps)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextmanager
def bar(description: str, total: int | None = None, unit: str = "it") -> Iterator[Bar]:
    shown = Bar(description, total, unit)
    try:
        yield shown
    finally:
        shown.close()


def say(text: str) -> None:
    """One line of what is happening now (``running snippets/article/forward.py (3/9)``),
    printed on a terminal only."""
    if on_terminal():
        from tqdm import tqdm

        tqdm.write(text, file=sys.stderr)  # above any bar still drawn


class SnippetProgress:
    """The engine's callback (``Engine(progress=...)``), called as the build's runs go:
    ``("start", None, 0, total)``, ``("finished", path, done, total)`` per snippet, then
    ``("end", None, done, total)``. A line per finished snippet, and a bar under them."""

    def __init__(self) -> None:
        self._bar: Bar | None = None

    def __call__(self, event: str, path: str | None, done: int, total: int) -> None:
        if event == "start":
            say(f"running {total} snippet{'s' * (total != 1)}")
            self._bar = Bar("snippets", total, "snippet")
        elif event == "finished":
            say(f"ran {path} ({done}/{total})")
            if self._bar is not None:
                self._bar.advance(1)
        elif event == "end" and self._bar is not None:
            self._bar.close()
            self._bar = None
