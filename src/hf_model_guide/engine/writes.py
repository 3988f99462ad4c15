"""What snippets wrote where they must not: they run with the project as their folder (as a
reader runs them), but what they write into the pages, the snippets or the site must not
reach the build."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path


def snapshot(folders: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """Every file under these folders, with its modification time and size."""
    found: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [name for name in dirnames if name != "__pycache__"]
            for name in filenames:
                file = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    stat = file.stat()
                    found[file] = (stat.st_mtime_ns, stat.st_size)
    return found


def undo_writes(
    before: dict[Path, tuple[int, int]],
    after: dict[Path, tuple[int, int]],
    root: Path,
    ran: list[str],
) -> list[str]:
    """The problems to report: a new file is removed, a changed or removed one reported."""
    who = ", ".join(ran)
    found = []
    for file in sorted(after.keys() - before.keys()):
        with contextlib.suppress(OSError):
            file.unlink()
        found.append(_problem(file, root, f"created by a snippet of this build ({who}): removed"))
    for file in sorted(before.keys() - after.keys()):
        found.append(_problem(file, root, f"deleted by a snippet of this build ({who})"))
    for file in sorted(before.keys() & after.keys()):
        if before[file] != after[file]:
            found.append(_problem(file, root, f"changed by a snippet of this build ({who})"))
    return found


def _problem(file: Path, root: Path, what: str) -> str:
    try:
        name = file.relative_to(root).as_posix()
    except ValueError:
        name = str(file)
    return f"{name}: {what}; snippets may write files, but not into docs/, snippets/ or the site"
