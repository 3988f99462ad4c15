"""Reading pages and snippets, which must be UTF-8: a file that is not fails with its line."""

from __future__ import annotations

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
