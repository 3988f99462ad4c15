"""What crosses the pipes between a forked run and the worker, and the worker's log.

A run sends length-prefixed ``marshal`` frames (``framed_writer`` in the run, ``read_frames``
in the worker): ``("chunk", first_line, sections)`` when a chunk starts, ``("w", stream,
text)`` for each write, ``("exit", file, line)`` when ``os._exit`` is called, and
``("result", outcome_json)`` at the end. Its guard appends ``STATUS_MARK`` and the run's wait
status to the faults pipe once the run's process has ended.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Callable, Iterator

# What a run's guard appends to the faults pipe once the run's process has ended: its wait
# status (the guard's own exit status says nothing about the run's).
STATUS_MARK = "\n\0run-status="


def framed_writer(fd: int) -> Callable[[tuple], None]:
    """Length-prefixed marshal frames: C code, bound now, that a snippet cannot patch."""
    dumps, write = marshal.dumps, os.write

    def send(message: tuple) -> None:
        data = dumps(message)
        view = memoryview(len(data).to_bytes(4, "big") + data)
        while view:
            view = view[write(fd, view) :]

    return send


def read_frames(buffer: bytearray) -> Iterator[tuple]:
    """The whole frames at the start of ``buffer``, each removed as it is read."""
    while len(buffer) >= 4:
        size = int.from_bytes(buffer[:4], "big")
        if len(buffer) < 4 + size:
            break
        message = marshal.loads(bytes(buffer[4 : 4 + size]))
        del buffer[: 4 + size]
        yield message


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    with contextlib.suppress(OSError):
        while view:
            view = view[os.write(fd, view) :]


def clean_text(value):
    """Strings that UTF-8 can carry: a lone surrogate a snippet printed becomes ``\\udcxx``."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {k: clean_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_text(v) for v in value]
    return value
