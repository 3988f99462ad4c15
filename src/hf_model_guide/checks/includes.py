"""pymdownx.snippets includes (``--8<-- "file"``) whose file is missing.

With ``check_paths: true`` (our mkdocs.yml) pymdownx.snippets raises on a missing file, which
is right for ``mkdocs build --strict`` but, under ``mkdocs serve``, aborts the rebuild and
leaves the server answering no page. Under serve the adapter (``plugins.translation_notices``) turns
the check off and reports the missing files itself, on the page and in the terminal. No
MkDocs import here.
"""

from __future__ import annotations

import re
from pathlib import Path

from hf_model_guide.engine.directives import fence_marks

# The one-line form: --8<-- "path" (a path may carry :lines or :section after it).
INCLUDE = re.compile(r"""^[ \t]*(?<!;)-{1,}8<-{1,}[ \t]+(["'])(?P<path>[^"']+?)\1[ \t]*$""")


def includes(markdown: str) -> list[tuple[int, str, str]]:
    """(line, path as written, file path) of each ``--8<-- "path"`` outside code."""
    lines = markdown.split("\n")
    found_all = []
    for number, (line, mark) in enumerate(zip(lines, fence_marks(lines), strict=True), 1):
        found = None if mark else INCLUDE.match(line)
        if not found:
            continue
        path = re.sub(r"(:-?\d*)+$|:[\w-]+$", "", found["path"])  # file:1:3, file:section
        if not path.startswith(("http://", "https://")):
            found_all.append((number, found["path"], path))
    return found_all


def missing_files(markdown: str, base_paths: list[Path]) -> list[tuple[int, str]]:
    """(line, path) of each ``--8<-- "path"`` outside code whose file no base path holds."""
    return [
        (number, written)
        for number, written, path in includes(markdown)
        if not any((base / path).is_file() for base in base_paths)
    ]


def escaping_files(
    markdown: str, base_paths: list[Path], _seen: set[Path] | None = None
) -> list[tuple[int, str]]:
    """(line, path) of each ``--8<-- "path"`` whose file is a symbolic link (or under one)
    leading out of its base folder, or includes such a file itself: pymdownx.snippets refuses
    ``../`` but follows links, and pastes the included file's own includes too, so it would
    paste whatever a link points at (a credentials file) into the page."""
    seen = set() if _seen is None else _seen
    escaping = []
    for number, written, path in includes(markdown):
        for base in base_paths:
            file = base / path
            if not file.exists():
                continue
            real = file.resolve()
            if not real.is_relative_to(base.resolve()):
                escaping.append((number, written))
            elif real.is_file() and real not in seen:
                seen.add(real)  # a file that includes itself is checked once
                try:
                    nested = real.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    nested = ""  # pymdownx.snippets reports an unreadable file itself
                if escaping_files(nested, base_paths, seen):
                    escaping.append((number, written))
            break
    return escaping
