"""Diagrams drawn when the site is made, not in the reader's browser.

Each ```` ```mermaid ```` block of a page is drawn once, by ``python -m hf_model_guide.diagrams``
(the vendored Mermaid in Chromium, ``render.py``), into an SVG committed under ``diagrams/``
and named by a hash of the block's text. A build only reads those files (``fence.py`` inlines
them), so a plain ``mkdocs build`` with no browser still shows every diagram, and no page loads
Mermaid. The diagram's text is translated, so each language's block has its own file.

An SVG records the renderer that made it (Mermaid's version and our drawing settings); a test
fails when a block has no current SVG, or an SVG no block (``stale()``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from hf_model_guide.engine.directives import fence_marks
from hf_model_guide.paths import current_project, project_root

ROOT = project_root() or Path.cwd()  # this package's checkout
MERMAID = ROOT / "vendor" / "mermaid"  # vendored from npm (hf_model_guide.diagrams.vendor)
# Bump when render.py draws differently (settings, post-processing): every SVG is then stale.
DRAWING = "1"
OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b")
RENDERER_ATTR = re.compile(r'data-renderer="([^"]*)"')


def renderer() -> str:
    """What an SVG drawn now records: the vendored Mermaid's version and our drawing."""
    version = (MERMAID / "VERSION").read_text(encoding="utf-8").strip()
    return f"mermaid {version}, drawing {DRAWING}"


def normalized(source: str) -> str:
    """A diagram's text as keyed: no trailing spaces, no blank edges (nbconvert and Markdown
    hand a block's text over with slightly different whitespace)."""
    return "\n".join(line.rstrip() for line in source.strip("\n").splitlines()).strip("\n")


def key(source: str) -> str:
    return hashlib.sha256(normalized(source).encode("utf-8")).hexdigest()[:16]


def folder() -> Path:
    """The committed SVGs of the project being built, one per distinct diagram text."""
    return current_project() / "diagrams"


def svg_path(source: str, where: Path | None = None) -> Path:
    return (where or folder()) / f"{key(source)}.svg"


def drawing(source: str) -> Path | None:
    """The committed drawing of ``source``: the project's own, else this checkout's (a site
    that INHERITs our mkdocs.yml and links our docs, as the demo tests build, has none)."""
    for where in dict.fromkeys((folder(), ROOT / "diagrams")):
        if (path := svg_path(source, where)).is_file():
            return path
    return None


@dataclass(frozen=True)
class Block:
    """A ```` ```mermaid ```` block of a Markdown file."""

    path: Path
    line: int  # 1-based line of its opening fence
    source: str


def blocks(markdown: str, path: Path) -> list[Block]:
    lines = markdown.splitlines()
    found: list[Block] = []
    opened: tuple[int, str] | None = None  # (line index, indent) of the block being read
    body: list[str] = []

    def close() -> None:
        # The last line read is the closing fence (or the file ended inside the block).
        if opened is not None:
            found.append(Block(path, opened[0] + 1, "\n".join(body[:-1])))

    for i, (line, mark) in enumerate(zip(lines, fence_marks(lines), strict=True)):
        if mark == "code" and opened is not None:
            body.append(line.removeprefix(opened[1]))
            continue
        close()
        m = OPENING.match(line) if mark == "open" else None
        opened, body = ((i, m["indent"]) if m else None), []
    close()
    return found


def page_blocks(docs: Path) -> list[Block]:
    """Every mermaid block of every page under ``docs``."""
    found: list[Block] = []
    for path in sorted(docs.rglob("*.md")):
        found += blocks(path.read_text(encoding="utf-8"), path)
    return found


def recorded_renderer(svg: str) -> str | None:
    m = RENDERER_ATTR.search(svg)
    return m[1] if m else None


def _shown(path: Path) -> str:
    project = current_project()
    return str(path.relative_to(project) if path.is_relative_to(project) else path)


def is_current(source: str, where: Path | None = None) -> bool:
    """Has ``source`` a drawing made by the renderer of now?"""
    path = svg_path(source, where)
    return path.is_file() and recorded_renderer(path.read_text(encoding="utf-8")) == renderer()


def stale(docs: Path, where: Path | None = None) -> list[str]:
    """What is out of date, one line each: a block without a current SVG, an unused SVG."""
    where = where or folder()
    problems: list[str] = []
    wanted: set[str] = set()
    for block in page_blocks(docs):
        path = svg_path(block.source, where)
        wanted.add(path.name)
        if not is_current(block.source, where):
            made = recorded_renderer(path.read_text(encoding="utf-8")) if path.is_file() else None
            problems.append(
                f"{_shown(block.path)}:{block.line}: "
                + (
                    f"{path.name} was drawn by {made}, not {renderer()}"
                    if made
                    else f"no drawing {path.name}"
                )
            )
    if where.is_dir():
        problems += [
            f"{_shown(path)}: no block uses it"
            for path in sorted(where.glob("*.svg"))
            if path.name not in wanted
        ]
    return problems
