"""Notebook pages rendered once: the page's HTML kept on disk by content, across languages
and builds.

mkdocs-jupyter's own render cache cannot serve this site: it forgets, after each build, every
entry that build did not use, and mkdocs-static-i18n builds each language in turn, so each
language's build would remove the other's. Rendering is what a warm build of the notebook
pages costs (nbconvert, then ``html.notebook_page.clean_html`` parsing JupyterLab's
stylesheet: about a second each, per notebook); this keeps the result of both.

An entry is reused only when everything that goes into the page is the same: the notebook's
bytes, the language, mkdocs-jupyter's options (its ``theme`` among them; the MkDocs theme's
options never reach nbconvert), the versions of the libraries that render it, the source of
our modules that clean it, and the committed diagram drawings it inlines. Entries are written
whole (``atomic.write_text``). No site generator is imported here (``plugins.notebooks``
calls it).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hf_model_guide import atomic, diagrams, html
from hf_model_guide.diagrams import fence
from hf_model_guide.versions import installed_versions

# Bump when an entry's shape changes.
ENTRY_VERSION = 1
# What renders the page besides our code: mkdocs-jupyter drives nbconvert (Jinja templates,
# mistune for Markdown cells, Pygments with JupyterLab's styles for code); tinycss2 parses the
# stylesheet css_purge trims.
LIBRARIES = (
    "mkdocs-jupyter",
    "nbconvert",
    "nbformat",
    "jinja2",
    "mistune",
    "pygments",
    "jupyterlab-pygments",
    "tinycss2",
)
# mkdocs-jupyter options that say where its own cache is, not how a page looks.
NOT_RENDERING = frozenset({"cache", "cache_dir"})


@dataclass(frozen=True)
class Rendered:
    content: str  # the page's HTML, cleaned
    title: str | None  # the title mkdocs-jupyter gave the page from the notebook, if it did


def library_versions() -> dict[str, str | None]:
    return installed_versions(LIBRARIES)


@functools.cache
def code_fingerprint() -> str:
    """Our modules that turn nbconvert's page into the site's (loaded once a process)."""
    files = sorted(Path(html.__file__).parent.glob("*.py"))
    files += [Path(diagrams.__file__), Path(fence.__file__)]
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def drawings_fingerprint() -> str:
    """The committed drawings a page's diagrams may be replaced by (``diagrams.drawing``
    looks in both folders): a redrawn diagram renders the notebook pages again."""
    digest = hashlib.sha256()
    for where in dict.fromkeys((diagrams.folder(), diagrams.ROOT / "diagrams")):
        for file in sorted(where.glob("*.svg")):
            digest.update(file.name.encode("utf-8") + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def page_key(
    notebook: Path,
    lang: str,
    options: Mapping[str, object],
    versions: Mapping[str, str | None] | None = None,
) -> str:
    """The key of ``notebook``'s page in ``lang`` rendered with mkdocs-jupyter's ``options``."""
    blob = json.dumps(
        {
            "entry": ENTRY_VERSION,
            "notebook": hashlib.sha256(notebook.read_bytes()).hexdigest(),
            "lang": lang,
            "options": {k: v for k, v in options.items() if k not in NOT_RENDERING},
            "versions": library_versions() if versions is None else dict(versions),
            "code": code_fingerprint(),
            "drawings": drawings_fingerprint(),
        },
        sort_keys=True,
        ensure_ascii=False,
        default=repr,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def load(folder: Path, key: str) -> Rendered | None:
    """The page stored under ``key`` in ``folder``; None when there is none, or the file is
    not an entry of ours (it is rendered again and replaced)."""
    file = folder / f"{key}.json"
    try:
        entry = json.loads(file.read_text(encoding="utf-8"))
        if entry.get("key") != key or not isinstance(entry.get("content"), str):
            return None
        page = Rendered(content=entry["content"], title=entry.get("title"))
    except (OSError, ValueError, AttributeError):
        return None
    with contextlib.suppress(OSError):
        os.utime(file)  # its last use, which pruning reads
    return page


def store(folder: Path, key: str, page: Rendered, keep_for: float) -> None:
    """Keep ``page`` under ``key``, and remove the entries beside it no build used for
    ``keep_for`` seconds (the same notebook rendered before an upgrade). Raises ``OSError``."""
    entry = {"key": key, "content": page.content, "title": page.title}
    atomic.write_text(folder / f"{key}.json", json.dumps(entry, ensure_ascii=False))
    now = time.time()
    for other in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            if other.stem != key and other.stat().st_mtime < now - keep_for:
                other.unlink()
