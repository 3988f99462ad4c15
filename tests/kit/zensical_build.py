"""A Zensical build (``zensical-i18n build --clean --strict``, README "The stack") of a project,
into a folder of the caller's choosing, and what two built sites show a reader, for comparing
the MkDocs and the Zensical build of the same ``mkdocs.yml``.

zensical-i18n has no ``--site-dir``; its ``site_dir`` is the project's (``site/``, where a
contributor's own build is). So it is run through its own API with the settings' site folder
pointed elsewhere, in a process of its own (it runs Zensical in one per language anyway),
which gives one log to read.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

_BUILD = """\
import sys
from pathlib import Path
from zensical_i18n import builder, settings
from zensical_i18n.settings import I18nError
project = settings.load_settings(Path(sys.argv[1]))
project.project["site_dir"] = sys.argv[2]  # absolute: the root joined with it is itself
try:
    builder.build(project, clean=True, strict=True)
except I18nError as exc:
    sys.exit(f"Error: {exc}")
"""


@dataclass(frozen=True)
class ZensicalBuild:
    code: int
    log: str
    site: Path


def zensical_build(root: Path, site: Path, env: dict[str, str] | None = None) -> ZensicalBuild:
    """``zensical-i18n build --clean --strict`` of the project at ``root`` into ``site``.
    ``--clean``: Zensical keeps a page's HTML while its Markdown and the configuration are
    unchanged, and a snippet's new output changes neither."""
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(root / "mkdocs.yml"), str(site)],
        cwd=root,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        timeout=600,
    )
    return ZensicalBuild(done.returncode, done.stdout, site)


# What only a theme makes: the heading anchors' pilcrow, and the whitespace between tags.
_SPACE = re.compile(r"\s+")


def pages(site: Path) -> set[str]:
    """The site's pages (their HTML files, from the site's root), without the themes' 404s."""
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.name != "404.html" and "assets" not in path.relative_to(site).parts
    }


@dataclass(frozen=True)
class Reading:
    """A page as a reader takes it in, markup aside: its language and its article's text."""

    lang: str
    text: str


def reading(page: Path) -> Reading:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup.body or soup
    for anchor in article.select(".headerlink"):
        anchor.decompose()
    text = _SPACE.sub(" ", article.get_text(" ", strip=True))
    return Reading(str(soup.html.get("lang", "")), text)


def word_diff(one: str, other: str, context: int = 6) -> list[str]:
    """Where two texts differ, word by word, each with a few words around it."""
    a, b = one.split(" "), other.split(" ")
    found = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            before = " ".join(a[max(0, i1 - context) : i1])
            found.append(
                f"…{before} [MkDocs: {' '.join(a[i1:i2])!r} | Zensical: {' '.join(b[j1:j2])!r}]"
            )
    return found
