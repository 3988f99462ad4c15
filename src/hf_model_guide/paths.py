"""Where the project keeps things it builds: one cache folder, never committed.

The cache is the project's own (``<project>/.cache``), so a build never writes into the
user's Hugging Face cache. The project is the one being built: the folder of the
``mkdocs.yml`` (the MkDocs plugin calls ``use_project``), not the checkout this package was
installed from, so one editable install serves several checkouts without their builds
sharing a cache. ``HF_MODEL_GUIDE_CACHE`` moves it (tests point it at a temporary folder).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CACHE_ENV = "HF_MODEL_GUIDE_CACHE"

# zensical-i18n (README "The stack") builds each language with Zensical, whose cache folder is
# `.cache` in the project too: while a language builds, it moves the project's `.cache` here
# and puts that language's own cache in its place, and moves it back when done
# (zensical_i18n.builder.cache). Our cache follows it, so both builders share one run cache
# and one stand-in; without this a Zensical build re-ran every snippet and rebuilt the
# stand-in into each language's Zensical cache.
ZENSICAL_I18N_STASH = Path(".zensical-i18n", "cache", ".project")
ZENSICAL_I18N_ACTIVE = Path(".zensical-i18n", "cache", ".active")  # there while one builds

_project: Path | None = None  # the project being built, when a build said so


def use_project(root: Path) -> None:
    """From now on, the cache is ``root/.cache`` (unless ``HF_MODEL_GUIDE_CACHE`` says)."""
    global _project
    _project = Path(root).resolve()


def project_root() -> Path | None:
    """The checkout this package runs from, if it is installed editable from one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "hf_model_guide").is_dir():
            return parent
    return None


def current_project() -> Path:
    """The project being built, else this package's checkout, else the working folder."""
    return _project or project_root() or Path.cwd()


def cache_dir(root: Path | None = None) -> Path:
    """The cache folder of ``root``, else of the project being built, else of this package's
    checkout (created on demand)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        path = Path(configured)
    elif (root := root or _project or project_root()) is not None:
        path = project_cache(Path(root))
    else:
        path = Path.home() / ".cache" / "hf-model-guide"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # read-only or full: whoever writes into it says so, naming the folder
    return path


def project_cache(root: Path) -> Path:
    """``root/.cache``, or where zensical-i18n keeps it while it builds a language."""
    if (root / ZENSICAL_I18N_ACTIVE).is_file():
        return root / ZENSICAL_I18N_STASH
    return root / ".cache"


# What builds write and rebuild cheaply; the rest (the stand-in model, the Hub mirror) costs
# a download or a training run to remake.
REBUILT = ("runs", "notebooks", "serve")


def clean(*, everything: bool = False, root: Path | None = None) -> list[Path]:
    """Empty the cache of the project in ``root`` (default: the current folder when it holds
    a ``mkdocs.yml``, as a build there would use). Returns what was removed."""
    if root is None and (Path.cwd() / "mkdocs.yml").is_file():
        root = Path.cwd()
    folder = cache_dir(root)
    removed = []
    for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
        if everything or entry.name in REBUILT:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed
