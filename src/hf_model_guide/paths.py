"""Where the project keeps things it builds: one cache folder, never committed.

The cache is the project's own (``<repo>/.cache`` in a checkout), so a build never writes
into the user's Hugging Face cache. ``HF_MODEL_GUIDE_CACHE`` moves it (tests point it at a
temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "HF_MODEL_GUIDE_CACHE"


def project_root() -> Path | None:
    """The checkout this package runs from, if it is installed editable from one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "hf_model_guide").is_dir():
            return parent
    return None


def cache_dir() -> Path:
    """The project cache folder (created on demand)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        path = Path(configured)
    elif (root := project_root()) is not None:
        path = root / ".cache"
    else:
        path = Path.home() / ".cache" / "hf-model-guide"
    path.mkdir(parents=True, exist_ok=True)
    return path
