"""What crosses the pipes between a forked run and the worker, and the worker's log.

A run sends length-prefixed JSON frames (``framed_writer`` in the run, ``read_frames``
in the worker): ``("chunk", first_line, sections)`` when a chunk starts, ``("w", stream,
text)`` for each write, ``("exit", file, line)`` when ``os._exit`` is called, and
``("result", outcome_json)`` at the end. Its guard appends ``STATUS_MARK`` and the run's wait
status to the faults pipe once the run's process has ended.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator

# What a run's guard appends to the faults pipe once the run's process has ended: its wait
# status (the guard's own exit status says nothing about the run's).
STATUS_MARK = "\n\0run-status="
# The largest frame a run may send (a result with its outputs and values; the output limit
# bounds what is kept of the writes).
MAX_FRAME = 64 << 20


class BadFrame(ValueError):
    """A frame no run of ours sends: the run is stopped and fails, naming it."""


def framed_writer(fd: int) -> Callable[[tuple], None]:
    """Length-prefixed JSON frames, with the functions bound now (a snippet patching the
    modules later changes nothing)."""
    dumps, write = json.dumps, os.write

    def send(message: tuple) -> None:
        data = dumps(message).encode("ascii")  # lone surrogates escaped: \\udcxx
        view = memoryview(len(data).to_bytes(4, "big") + data)
        while view:
            view = view[write(fd, view) :]

    return send


def read_frames(buffer: bytearray) -> Iterator[tuple]:
    """The whole frames at the start of ``buffer``, each removed as it is read and checked
    (``BadFrame``)."""
    while len(buffer) >= 4:
        size = int.from_bytes(buffer[:4], "big")
        if size > MAX_FRAME:
            raise BadFrame(f"a frame of {size} bytes (at most {MAX_FRAME})")
        if len(buffer) < 4 + size:
            break
        try:
            message = json.loads(bytes(buffer[4 : 4 + size]))
        except ValueError as exc:
            raise BadFrame(f"not a frame: {exc}") from None
        del buffer[: 4 + size]
        yield checked(message)


# Each frame's kind, and the types of what follows it.
SHAPES = {
    "chunk": (int, list),
    "w": (str, str),
    "exit": (str, int),
    "result": (dict,),
}


def checked(message: object) -> tuple:
    if not isinstance(message, list) or not message or message[0] not in SHAPES:
        raise BadFrame(f"an unknown frame {str(message)[:60]!r}")
    kind, *rest = message
    shape = SHAPES[kind]
    if len(rest) != len(shape) or not all(
        isinstance(v, t) and not isinstance(v, bool) for v, t in zip(rest, shape, strict=True)
    ):
        raise BadFrame(f"a malformed {kind!r} frame")
    if kind == "w" and rest[0] not in ("stdout", "stderr"):
        raise BadFrame("a write to an unknown stream")
    if kind == "chunk" and not all(isinstance(v, str) for v in rest[1]):
        raise BadFrame("a malformed 'chunk' frame")
    return (kind, *rest)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    with contextlib.suppress(OSError):
        while view:
            view = view[os.write(fd, view) :]


# C0 but tab, DEL and C1: what a log line must not carry to a terminal.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def control_escaped(text: str) -> str:
    """``text`` with every control character but tab shown as ``\\xNN`` (a log line: no
    escape sequence reaches the terminal, no carriage return rewrites the line)."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


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
