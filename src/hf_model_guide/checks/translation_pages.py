"""One page file as the translation check reads it: its front matter, its headings (with the
anchors Python-Markdown's toc gives them), its snippet includes and its fenced code blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify, unique

from hf_model_guide.engine.directives import fence_marks
from hf_model_guide.engine.directives import parse as parse_directives
from hf_model_guide.engine.text import NotUtf8Error, read_utf8

HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
# attr_list at the end of a heading: { #id }, {#id .class}, {: #id }
EXPLICIT_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[^\s}]+)[^}]*\}[ \t]*$")


class TranslationError(ValueError):
    """Input the check cannot read; the message names the file (and line)."""


def read_text(path: Path, name: str | None = None) -> str:
    """The file's text; ``name`` is how messages call it (default: the path)."""
    try:
        return read_utf8(path, name)
    except NotUtf8Error as exc:
        raise TranslationError(str(exc)) from None


@dataclass
class Heading:
    line: int
    anchor: str
    explicit: bool
    level: int = 1
    text: str = ""  # as written, without its explicit id


@dataclass
class Page:
    path: str  # relative to the project root, for messages
    meta: dict
    headings: list[Heading]
    includes: list[tuple[int, str]]  # (line, "path section=NAME")
    code_blocks: list[int]  # the line of each fenced block
    body_offset: int  # lines of front matter before the body
    text: str = ""  # the whole file, as read
    title: str = ""  # its first level-1 heading outside code, without an explicit id


def split_front_matter(text: str, name: str) -> tuple[dict, str, int]:
    if not text.startswith("---\n"):
        return {}, text, 0
    end = text.find("\n---\n", 3)
    if end < 0 and text.endswith("\n---"):
        end = len(text) - 4
    if end < 0:
        raise TranslationError(f"{name}:1: front matter opened with --- is never closed")
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
        raise TranslationError(f"{name}:{line}: front matter is not valid YAML") from None
    if not isinstance(meta, dict):
        raise TranslationError(f"{name}:2: front matter must be a mapping (key: value)")
    offset = text.count("\n", 0, end + 5)
    return meta, text[end + 5 :], offset


def read_page(path: Path, name: str) -> Page:
    return parse_page(read_text(path, name), name)


def parse_page(text: str, name: str) -> Page:
    """The page whose file holds ``text`` (``name``: how messages call it)."""
    meta, body, offset = split_front_matter(text, name)
    title = ""
    headings: list[Heading] = []
    seen: set[str] = set()
    code_blocks: list[int] = []
    lines = body.splitlines()
    for number, (line, mark) in enumerate(zip(lines, fence_marks(lines), strict=True), offset + 1):
        if mark == "open":
            code_blocks.append(number)
        if mark:
            continue
        h = HEADING.match(line)
        if h:
            if not title and h["level"] == "#":
                title = EXPLICIT_ID.sub("", h["text"]).strip()
            explicit = EXPLICIT_ID.search(h["text"])
            if explicit:
                anchor = explicit["id"]
            else:  # what Python-Markdown's toc makes of it (its default slugify)
                anchor = unique(slugify(h["text"], "-"), seen)
            seen.add(anchor)
            text_only = EXPLICIT_ID.sub("", h["text"]).strip()
            headings.append(Heading(number, anchor, bool(explicit), len(h["level"]), text_only))
    parsed = parse_directives(body)
    includes = [
        (d.line + offset, d.path + (f" section={d.section}" if d.section else ""))
        for d in parsed.includes
    ]
    return Page(name, meta, headings, includes, code_blocks, offset, text, title)
