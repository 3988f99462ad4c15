"""Each run's own scratch folder in the sandbox: its ``HOME`` and ``TMPDIR``, removed when it
ends, so nothing one snippet writes is there for the next (``engine.bubblewrap`` makes the
size-capped ``/tmp`` it lives in, and names it in ``HF_MODEL_GUIDE_SCRATCH``). Unsandboxed,
runs keep the build's ``HOME`` and ``TMPDIR``."""

from __future__ import annotations

import os
import shutil
import tempfile

ENV = "HF_MODEL_GUIDE_SCRATCH"


def create() -> str | None:
    """A fresh folder for the run about to start (in its guard), or None unsandboxed."""
    base = os.environ.get(ENV)
    if not base:
        return None
    folder = tempfile.mkdtemp(prefix="run-", dir=base)
    os.mkdir(os.path.join(folder, "home"))
    return folder


def enter(folder: str | None) -> None:
    """In the run's process: its home and temporary files go to ``folder``."""
    if folder is None:
        return
    os.environ["HOME"] = os.path.join(folder, "home")
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = None  # computed again from TMPDIR


def remove(folder: str | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
