"""Reading pages and snippets, which must be UTF-8: a file that is not fails with its line."""

from __future__ import annotations

import re
from pathlib import Path


class NotUtf8Error(ValueError):
    """A page or snippet that is not UTF-8, located as ``path:line:column``."""


def read_utf8(file: Path, name: str | None = None) -> str:
    """The file's text (a leading BOM dropped). ``name`` is how messages call the file."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotUtf8Error(
            f"{name or file}:{line}:{column}: not UTF-8 (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8"
        ) from None


# Control characters but tab and newline (C0, DEL, C1): what a page must not carry (a NUL or
# BEL a snippet printed, a terminal escape sequence).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def page_safe(value):
    """``value`` (a run's result as the worker sent it) with, in its strings, the terminal's
    colour and cursor codes dropped (``literal.without_ansi``) and every other control
    character but tab and newline replaced by U+FFFD (a CRLF line end becomes a newline)."""
    if isinstance(value, str):
        from .literal import without_ansi

        return _CONTROL.sub("\ufffd", without_ansi(value).replace("\r\n", "\n"))
    if isinstance(value, dict):
        return {key: page_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [page_safe(item) for item in value]
    return value
