"""Rich outputs (what ``display()`` recorded) on a page, in the order the snippet made them.

``interleave`` cuts a run's printed text at the places where ``display()`` was called, giving
text and displays in order; ``page_lines`` turns that into Markdown lines: printed text in the
escaped output block as before, each display as what the site shows best (``mime.best``):

- SVG (figures) inlined in a ``<figure>``, so ``currentColor`` takes the page's text colour in
  both colour schemes; it carries the include's ``alt`` text (``role="img"``, ``aria-label``
  and ``<title>``). The SVG comes from the snippet's process, which may have made it up: one
  that could run anything (a script, an ``on...`` handler, a link out, ``foreignObject``) is
  shown as an ``<img>`` instead, where a browser runs nothing (``inline_svg_is_safe``);
- PNG as an ``<img>`` with that ``alt``;
- HTML (tables, ``_repr_html_``) inserted as HTML: snippets are the project's own code,
  reviewed like the rest of it, so their HTML is trusted as the site's templates are;
- Markdown (``_repr_markdown_``) inserted as Markdown;
- an object with nothing better than its ``repr`` is printed text.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Iterable
from html.parser import HTMLParser

from . import directives as d
from .results import Chunk, Shown
from .sandbox import mime

IMAGE_TYPES = ("image/svg+xml", "image/png")


def is_image(shown: Shown) -> bool:
    return mime.best(shown.data) in IMAGE_TYPES


def interleave(chunks: Iterable[Chunk], stream: str) -> list[str | Shown]:
    """Printed text on ``stream`` ("out", "err" or "all") and displays, in the order made."""
    pieces: list[str | Shown] = []

    def add_text(text: str) -> None:
        if not text:
            return
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] += text
        else:
            pieces.append(text)

    for chunk in chunks:
        text = chunk.printed(stream)
        at = 0
        for shown in chunk.displays:
            offset = max(at, shown.offset(stream))
            add_text(text[at:offset])
            at = offset
            pieces.append(shown)
        add_text(text[at:])
    return pieces


# Elements of an SVG that run code or show another document; attributes that link.
_ACTIVE = {"script", "foreignobject", "iframe", "object", "embed", "animate", "set", "handler"}
_LINKS = {"href", "xlink:href", "src", "action", "formaction"}
# What a link may point at: its own ids, or a raster picture inlined (matplotlib's imshow)
_SAFE_TARGETS = ("#", "data:image/png;", "data:image/jpeg;", "data:image/gif;", "data:image/webp;")


class _SvgScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in _ACTIVE:
            self.unsafe = True
        for name, value in attrs:
            name = name.lower()
            linked = name in _LINKS and not (value or "").startswith(_SAFE_TARGETS)
            if name.startswith("on") or linked:
                self.unsafe = True

    handle_startendtag = handle_starttag


def inline_svg_is_safe(svg: str) -> bool:
    """Whether an SVG may go into the page as it is: no element that runs code, no event
    handler, no link but to its own ``#ids`` or to an inlined raster picture (matplotlib's
    figures are such)."""
    scan = _SvgScan()
    scan.feed(svg)
    scan.close()
    return not scan.unsafe and "javascript:" not in svg.lower()


def labelled_svg(svg: str, alt: str | None) -> str:
    """The SVG with its text alternative: ``role="img"``, ``aria-label`` and a ``<title>``."""
    if not alt:
        return svg
    label = html.escape(alt, quote=True)
    start = svg.index("<svg")
    end = svg.index(">", start)
    opening = svg[start:end].rstrip("/")
    self_closing = svg[end - 1] == "/"
    head = f'{opening} role="img" aria-label="{label}">'
    title = f"<title>{html.escape(alt, quote=False)}</title>"
    if self_closing:
        return svg[:start] + head + title + "</svg>" + svg[end + 1 :]
    return svg[:start] + head + title + svg[end + 1 :]


def display_parts(shown: Shown, alt: str | None) -> tuple[str, str, str] | None:
    """The element a display becomes on a page, as (opening tag, content, closing tag);
    None for Markdown (``text/markdown``), which goes into the page as it is."""
    kind = mime.best(shown.data)
    value = shown.data[kind]
    if kind == "image/svg+xml" and not inline_svg_is_safe(value):
        label = html.escape(alt or "", quote=True)
        data = base64.b64encode(value.encode("utf-8")).decode("ascii")
        image = f'<img src="data:image/svg+xml;base64,{data}" alt="{label}">'
        return '<figure class="snippet-display snippet-figure">', image, "</figure>"
    if kind == "image/svg+xml":
        return (
            '<figure class="snippet-display snippet-figure">',
            labelled_svg(value, alt),
            "</figure>",
        )
    if kind == "image/png":
        label = html.escape(alt or "", quote=True)
        image = f'<img src="data:image/png;base64,{value}" alt="{label}">'
        return '<figure class="snippet-display snippet-figure">', image, "</figure>"
    if kind == "text/html":
        return '<div class="snippet-display snippet-html">', value.strip(), "</div>"
    return None


def display_html(shown: Shown, alt: str | None) -> str:
    """The HTML (or Markdown, for ``text/markdown``) a display becomes on a page."""
    parts = display_parts(shown, alt)
    if parts is None:
        return shown.data["text/markdown"].strip()
    opening, content, closing = parts
    return f"{opening}\n{content.strip()}\n{closing}"


def html_lines(text: str, indent: str = "") -> list[str]:
    """Lines for the page: no blank line inside (Markdown would end the HTML block there)."""
    return [indent + line for line in text.split("\n") if line.strip()]


def page_lines(
    pieces: list[str | Shown],
    *,
    lang: str | None,
    indent: str,
    alts: tuple[str, ...],
    output_block: Callable[[str, str | None, str], list[str]] = d.output_block,
    shelter: Callable[[str], str] | None = None,
) -> tuple[list[str], list[str]]:
    """The Markdown lines of an include's outputs, and what is wrong with its alt texts.
    ``output_block`` makes a block of printed text (the engine's keeps it literal);
    ``shelter`` turns an element's HTML content into what the Markdown holds in its place
    (the engine's: a token that the content replaces in the HTML, after Markdown ran, so no
    extension reads the SVG or table; see ``engine.literal``)."""
    lines: list[str] = []
    problems: list[str] = []
    text = ""
    pictures = 0

    def flush() -> None:
        block = output_block(text, lang, indent)
        if block:
            lines.extend([*block, ""])

    for piece in pieces:
        if isinstance(piece, str):
            text += piece
            continue
        if mime.best(piece.data) == "text/plain":  # nothing better than its repr: printed text
            text += piece.data["text/plain"] + "\n"
            continue
        flush()
        text = ""
        alt = None
        if is_image(piece):
            pictures += 1
            if pictures <= len(alts):
                alt = alts[pictures - 1]
            else:
                problems.append(f'picture {pictures} has no alt text: add alt="..." to the include')
        parts = display_parts(piece, alt)
        if parts is not None and shelter is not None:
            opening, content, closing = parts
            lines.extend([indent + opening + shelter(content) + closing, ""])
        else:
            lines.extend([*html_lines(display_html(piece, alt), indent), ""])
    flush()
    if len(alts) > pictures:
        problems.append(f"{len(alts)} alt texts for {pictures} picture(s) shown")
    while lines and not lines[-1]:
        lines.pop()
    return lines, problems
