"""Files written whole or not at all: a build that is killed, or two builds at once, never
leave a half-written file where a reader (the next build) would take it for a whole one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file of its own in the same folder,
    renamed over ``path``: readers see the old file or the new one, and a failed write leaves
    no temporary file behind. Raises ``OSError`` as writing would."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)  # gone already when the rename succeeded
