"""Which sections of an original page changed since its translation was last checked.

A translation notice that only says "the original changed" leaves the translator reading the
whole page against a ``git diff``. This module splits the original as it was when the
translation was last in line with it (``translation_history``: the translation's last commit,
or the commit its ``translation_checked`` names) and as it is now into sections, one per
heading of level 1 to 3 (a ``####`` belongs to the section above it), matches them by anchor,
and reports each section that changed, was added or was removed, with a unified diff of that
section alone, numbered as in the whole file. ``render`` shows them as HTML for the notice and
the status page: each section named by its heading in the reader's language and the other's
(translations share the original's anchors, so the translated heading is the one with the
same anchor), with the diff in a collapsible ``<details>``.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hf_model_guide import labels

if TYPE_CHECKING:
    from collections.abc import Callable

    from hf_model_guide.checks.translation_pages import Page

LEVELS = 3  # ## and ### start sections (and the page's # title); deeper headings do not
DIFF_LINES = 40  # beyond this a diff is cut, with the git command that shows it whole
TEXTS = labels.table("translation_sections")
# Where the plugin puts a page's list: a paragraph of its own, replaced in the page's HTML
# (what the list holds is HTML already, so Markdown never sees the diffs).
PLACEHOLDER = "hf-model-guide-changed-sections"


@dataclass(frozen=True)
class Section:
    anchor: str  # "" for what comes before the first heading
    text: str  # the heading as written, without its explicit id
    start: int  # 1-based line of the file where it starts
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SectionChange:
    kind: str  # changed, added or removed
    anchor: str
    original: str  # the original's heading text (as it was, for a removed section)
    translated: str  # the translation's heading with the same anchor; "" if it has none
    diff: tuple[str, ...] = field(default=(), compare=False)


def sections(page: Page) -> list[Section]:
    """The page's sections in order, the front matter left out."""
    lines = page.text.splitlines()
    starts = [h for h in page.headings if h.level <= LEVELS]
    found: list[Section] = []
    first = starts[0].line if starts else len(lines) + 1
    lead = lines[page.body_offset : first - 1]
    if any(line.strip() for line in lead):
        found.append(Section("", "", page.body_offset + 1, tuple(lead)))
    for h, after in zip(starts, [*starts[1:], None], strict=True):
        end = after.line - 1 if after else len(lines)
        found.append(Section(h.anchor, h.text, h.line, tuple(lines[h.line - 1 : end])))
    return found


def changes(
    before: Page | None,
    now: Page,
    translated: dict[str, str],
    names: tuple[str, str],
) -> list[SectionChange]:
    """What changed from ``before`` to ``now`` (the original's two versions), section by
    section: changed and added ones in the page's order, then removed ones. ``translated``:
    the translation's heading text by anchor; ``names``: the two versions' labels in diffs."""
    old = {s.anchor: s for s in sections(before)} if before else {}
    new = {s.anchor: s for s in sections(now)}
    found = []
    for anchor, section in new.items():
        previous = old.get(anchor)
        if previous and _trimmed(previous.lines) == _trimmed(section.lines):
            continue
        kind = "changed" if previous else "added"
        diff = unified(previous, section, names)
        found.append(SectionChange(kind, anchor, section.text, translated.get(anchor, ""), diff))
    for anchor, section in old.items():
        if anchor not in new:
            diff = unified(section, None, names)
            found.append(
                SectionChange("removed", anchor, section.text, translated.get(anchor, ""), diff)
            )
    return found


def _trimmed(lines: tuple[str, ...]) -> list[str]:
    # Blank lines at a section's end only separate it from the next one.
    out = list(lines)
    while out and not out[-1].strip():
        out.pop()
    return out


HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def unified(old: Section | None, new: Section | None, names: tuple[str, str]) -> tuple[str, ...]:
    """The section's unified diff, its hunks numbered by the lines of the whole file."""
    a = _trimmed(old.lines) if old else []
    b = _trimmed(new.lines) if new else []
    lines = list(difflib.unified_diff(a, b, *names, n=2, lineterm=""))

    def renumber(match: re.Match) -> str:
        a_start = int(match[1]) + (old.start - 1 if old and a else 0)
        b_start = int(match[3]) + (new.start - 1 if new and b else 0)
        return f"@@ -{a_start}{match[2] or ''} +{b_start}{match[4] or ''} @@"

    return tuple(HUNK.sub(renumber, line) for line in lines)


def summary(found: list[SectionChange]) -> str:
    """For logs: ``#first-step changed, #new-step added``."""
    return ", ".join(f"#{c.anchor or '(start)'} {c.kind}" for c in found)


def render(
    found: list[SectionChange],
    lang: str,
    languages: tuple[str, str],
    link: Callable[[SectionChange], str | None],
    commits: tuple[str, str, str],
) -> str:
    """The sections as an HTML list in ``lang`` (the reader's), each named in the original's
    language and the translation's (``languages``: those two), linked where ``link`` gives an
    address, with its diff under a ``<details>``. ``commits``: the original's path, and its
    commits before and now, for the diff's summary."""
    texts = TEXTS.get(lang) or TEXTS["en"]
    original_lang, translation_lang = languages
    path, before, now = commits
    items = []
    for change in found:
        named = [(change.original, original_lang), (change.translated, translation_lang)]
        if lang == translation_lang:
            named.reverse()
        named = [(text, text_lang) for text, text_lang in named if text]
        if not named:  # the lines before the first heading
            names = html.escape(texts["start"])
        else:
            shown = [_heading(text, text_lang, lang) for text, text_lang in named]
            target = link(change)
            if target:
                shown[0] = f'<a href="{html.escape(target)}">{shown[0]}</a>'
            names = (
                texts["both"].format(first=shown[0], second=shown[1])
                if len(shown) > 1
                else (shown[0])
            )
        summary_text = texts["diff"].format(path=path, before=before[:8], now=now[:8])
        items.append(
            f"<li>{texts['item'].format(name=names, kind=html.escape(texts[change.kind]))}"
            f"<details><summary>{html.escape(summary_text)}</summary>"
            f"{_diff_html(change.diff, texts, path, before, now)}</details></li>"
        )
    return f'<ul class="translation-sections">{"".join(items)}</ul>'


def _heading(text: str, text_lang: str, lang: str) -> str:
    # Inline code stays code; the rest is text. Marked with its language when it is not the
    # page's, so a screen reader reads it in the right voice.
    shown = re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))
    return shown if text_lang == lang else f'<span lang="{text_lang}">{shown}</span>'


_LINE_CLASS = {"+": "gi", "-": "gd", "@": "gu"}  # Pygments' classes, which Material colours


def _diff_html(diff: tuple[str, ...], texts: dict[str, str], path: str, a: str, b: str) -> str:
    shown, rest = diff[:DIFF_LINES], len(diff) - DIFF_LINES
    lines = []
    for number, line in enumerate(shown):
        kind = "gh" if number < 2 else _LINE_CLASS.get(line[:1], "")  # the two file names
        escaped = html.escape(line, quote=False)
        lines.append(f'<span class="{kind}">{escaped}</span>' if kind else escaped)
    more = ""
    if rest > 0:
        command = f"git diff {a[:8]} {b[:8]} -- {path}"
        more = f"<p>{html.escape(texts['more'].format(count=rest, command=command))}</p>"
    # Focusable: a keyboard scrolls a long line sideways (axe: scrollable-region-focusable).
    return (
        '<div class="language-diff highlight"><pre><code tabindex="0">'
        + "\n".join(lines)
        + "</code></pre></div>"
        + more
    )
