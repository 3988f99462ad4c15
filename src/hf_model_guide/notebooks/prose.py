"""A page's prose, made readable in Jupyter and Colab: Markdown cells from site Markdown.

The site's Markdown uses extensions a notebook does not know. What changes, and why:

- Admonitions and details (``!!! info "Title"``, ``!!! info standin "Title"``, ``???+ warning``)
  become block quotes with a bold title (a table in one follows the quote): Jupyter would show
  them as a paragraph of ``!!!`` and an indented code block.
- The engine's marked-up values (``<span class="snippet-value" …>0.9598</span>``, and the
  quotations' ``quoted-value``) become their text: the mark-up only serves the site's tooltips
  and styles. An empty anchor ``<span id="x"></span>`` becomes ``<a id="x"></a>``, the anchor
  Jupyter and Colab keep.
- A fence's attribute list (``` { .text .quoted-value }) becomes its language alone.
- Heading attribute lists (``## Title { #anchor }``) become an ``<a id="anchor">`` before the
  heading, so the page's ``(#anchor)`` links keep working inside the notebook; other attribute
  lists (``{ .md-button }``) are dropped.
- Links to other pages (``standin.md``) point at the published site: a notebook opened in
  Colab has no site next to it.
- Raw HTML blocks (the live demo's embed) need the site's scripts, so a link to the page on
  the site stands in their place.
- A paragraph linking to Colab is the page's "open this notebook" links: inside the notebook
  they would point at the notebook itself, so the paragraph is left out.

- A Mermaid fence becomes its committed drawing (``hf_model_guide.diagrams``), embedded as an
  image with the drawing's title as its alt text: Colab and classic Jupyter do not draw Mermaid,
  and a notebook is read without the site's scripts. The notebook's page on the site inlines it
  as it inlines any SVG output (``html.notebook_page``). A fence with no drawing yet stays a
  fence (the site's build fails on it, naming the command that draws it).
"""

from __future__ import annotations

import base64
import posixpath
import re

from hf_model_guide import diagrams, labels
from hf_model_guide.engine import directives as d

# The kind may be followed by more classes: the engine writes the stand-in's notes as
# ``!!! info standin "…"``.
ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"
    r'(?:[ \t]+"(?P<title>.*)")?[ \t]*$'
)
VALUE_SPAN = re.compile(
    r'<span class="(?:snippet-value|quoted-value)"[^>]*>(?P<text>.*?)</span>', re.S
)
EMPTY_ANCHOR = re.compile(r'<span id="(?P<id>[\w-]+)"></span>')
# A fence with an attribute list (``` { .text .quoted-value }, SuperFences'): Jupyter reads
# only a language word after the fence.
FENCE_ATTRS = re.compile(
    r"^(?P<lead>[ \t>]*)(?P<fence>`{3,}|~{3,})[ \t]*\{[ \t]*\.(?P<lang>[\w-]+)[^{}]*\}[ \t]*$"
)
HEADING = re.compile(
    r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]*\{(?P<attrs>[^{}]*)\})?[ \t]*$"
)
ANCHOR = re.compile(r"#(?P<id>[\w-]+)")
LINK_ATTRS = re.compile(r"(\]\([^)]*\))\{[^{}]*\}")
LINK_TARGET = re.compile(r"\]\((?P<target>[^)\s]+)(?P<rest>[^)]*)\)")
HTML_BLOCK = re.compile(r"^<(?P<tag>div|section|figure|iframe)\b")
COLAB = "colab.research.google.com"

MESSAGES = {lang: texts["interactive"] for lang, texts in labels.table("notebook_prose").items()}


class Links:
    """Where a page's relative links point once the prose leaves the site."""

    def __init__(self, site_url: str, lang_prefix: str, page_url: str) -> None:
        self.root = site_url.rstrip("/") + "/" + lang_prefix  # e.g. https://…/hf-model-guide/en/
        self.page_url = page_url  # this page on the site

    def absolute(self, target: str) -> str:
        if target.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", target):
            return target  # an anchor on this page, or a URL already (https:, mailto:)
        path, hash_, fragment = target.partition("#")
        path = path.removeprefix("./")
        if path.endswith(".md"):
            # MkDocs' directory URLs: page.md → page/, index.md → ./
            stem = path[: -len(".md")]
            path = (
                ""
                if stem == "index"
                else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
            )
        return posixpath.join(self.root, path) + hash_ + fragment


def _fenced(lines: list[str]) -> list[bool]:
    """For each line: is it inside (or the edge of) a fenced code block?"""
    return [mark is not None for mark in d.fence_marks(lines)]


MERMAID_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*mermaid[ \t]*$")
SVG_TITLE = re.compile(r"<title[^>]*>(?P<title>.*?)</title>", re.S)


def _diagrams(lines: list[str]) -> list[str]:
    """Each Mermaid fence replaced by an image of its committed drawing, where there is one."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        start = MERMAID_FENCE.match(lines[i])
        end = next(
            (j for j in range(i + 1, len(lines)) if start and lines[j].strip() == start["fence"]),
            None,
        )
        path = diagrams.drawing("\n".join(lines[i + 1 : end])) if end is not None else None
        if path is None or end is None:
            out.append(lines[i])
            i += 1
            continue
        svg = path.read_text(encoding="utf-8")
        title = SVG_TITLE.search(svg)
        alt = (title["title"] if title else "diagram").replace("[", "(").replace("]", ")")
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        out.append(f"![{alt}](data:image/svg+xml;base64,{data})")
        i = end + 1
    return out


def _admonitions(lines: list[str], code: list[bool]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = None if code[i] else ADMONITION.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        indent = m["indent"]
        body_indent = indent + "    "
        title = m["kind"].capitalize() if m["title"] is None else m["title"]
        block = [f"{indent}> **{title}**", f"{indent}>"] if title else []
        i += 1
        body: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(body_indent)):
            body.append(lines[i][len(body_indent) :] if lines[i].strip() else "")
            i += 1
        while body and not body[0]:
            body.pop(0)
        while body and not body[-1]:
            body.pop()
        out += block + _quoted(body, indent)
        # A blank line after the quote, or the next paragraph would continue it (lazy lines).
        if i < len(lines) and lines[i].strip():
            out.append("")
    return out


def _quoted(body: list[str], indent: str) -> list[str]:
    """Body lines as a block quote, except tables, which stay outside it: nbconvert's
    Markdown (the site's notebook page) does not read a table inside a quote."""
    runs: list[tuple[bool, list[str]]] = []  # (is a table, lines)
    for line in body:
        table = line.startswith("|")
        if not runs or runs[-1][0] != table:
            runs.append((table, []))
        runs[-1][1].append(line)
    out: list[str] = []
    for table, lines in runs:
        while lines and not lines[-1]:
            lines.pop()
        if out:
            out.append("")  # a quote and a table must not touch
        out += [
            indent + line if table else f"{indent}> {line}" if line else f"{indent}>"
            for line in lines
        ]
    return out


def _html_blocks(lines: list[str], code: list[bool], note: str) -> tuple[list[str], list[bool]]:
    out, out_code = [], []
    i = 0
    while i < len(lines):
        m = None if code[i] else HTML_BLOCK.match(lines[i])
        if not m:
            out.append(lines[i])
            out_code.append(code[i])
            i += 1
            continue
        tag, depth = m["tag"], 0
        while i < len(lines):
            depth += len(re.findall(rf"<{tag}\b", lines[i])) - len(
                re.findall(rf"</{tag}>", lines[i])
            )
            i += 1
            if depth <= 0:
                break
        out.append(note)
        out_code.append(False)
    return out, out_code


def _without_colab_paragraphs(lines: list[str], code: list[bool]) -> list[str]:
    out: list[str] = []
    paragraph: list[str] = []

    def close() -> bool:
        dropped = any(COLAB in kept for kept in paragraph)
        if not dropped:
            out.extend(paragraph)
        paragraph.clear()
        return dropped

    for line, in_code in zip(lines, code, strict=True):
        if line.strip() and not in_code:
            paragraph.append(line)
        elif not (close() and not line.strip()):  # a dropped paragraph takes its blank line
            out.append(line)
    close()
    return out


def _line(line: str, links: Links) -> list[str]:
    m = HEADING.match(line)
    if m:
        found = ANCHOR.search(m["attrs"] or "")
        heading = f"{m['hashes']} {m['text']}"
        return [f'<a id="{found["id"]}"></a>', "", heading] if found else [heading]
    line = LINK_ATTRS.sub(r"\1", line)
    line = VALUE_SPAN.sub(lambda v: v["text"], line)
    line = EMPTY_ANCHOR.sub(lambda a: f'<a id="{a["id"]}"></a>', line)
    return [LINK_TARGET.sub(lambda t: f"]({links.absolute(t['target'])}{t['rest']})", line)]


def markdown_cells(text: str, *, lang: str | None, links: Links) -> list[str]:
    """The Markdown cells for one stretch of prose: one cell per heading and what follows."""
    lines = _diagrams(text.split("\n"))
    code = _fenced(lines)
    lines, code = _html_blocks(lines, code, MESSAGES[d.language(lang)].format(url=links.page_url))
    lines = _admonitions(lines, code)
    lines = _without_colab_paragraphs(lines, _fenced(lines))
    code = _fenced(lines)
    cells: list[list[str]] = [[]]
    for line, in_code in zip(lines, code, strict=True):
        line = FENCE_ATTRS.sub(r"\g<lead>\g<fence>\g<lang>", line)
        if in_code:
            cells[-1].append(line)
            continue
        converted = _line(line, links)
        if HEADING.match(line) and any(s.strip() for s in cells[-1]):
            cells.append([])
        cells[-1].extend(converted)
    return [source for cell in cells if (source := "\n".join(cell).strip("\n")).strip()]
