"""What readers and translators see of the translation check: the notices on a page (not yet
translated, maybe out of date with the sections that changed, the check's problems while
serving) and the translation status page, in each language (texts in labels.py)."""

from __future__ import annotations

import html
import posixpath
import re

from hf_model_guide import labels
from hf_model_guide.checks import translation_sections
from hf_model_guide.checks.translation_history import Outdated
from hf_model_guide.checks.translation_pages import HEADING
from hf_model_guide.checks.translation_sections import SectionChange
from hf_model_guide.checks.translations import Languages, Report, page_language

# The notices the site shows, per language of the page being built (labels.py: a new language
# needs its block there, and the check says so).
NOTICES = labels.table("translation_notices")


def page_url(name: str, lang: str, languages: Languages) -> str:
    """Where mkdocs-static-i18n (suffix structure, directory URLs) publishes page ``name`` of
    the default language in ``lang``, from the site's root: ``article.md`` → ``en/article/``."""
    stem = name.removesuffix(".md")
    path = "" if stem == "index" else stem.removesuffix("/index") + "/"
    return ("" if lang == languages.default else f"{lang}/") + path


def status_page(report: Report, docs_dir: str, languages: Languages, lang: str) -> str:
    """The translation status page (Markdown) in ``lang``: for every original page, each other
    language's translation: translated, maybe out of date, waiting, or missing, with links.
    The page is published at ``page_url(STATUS_PAGE, lang)``; its links are relative to it."""
    texts = STATUS[lang] if lang in STATUS else STATUS["en"]
    others = languages.others
    here = page_url(STATUS_PAGE, lang, languages)

    def link(text: str, name: str, in_lang: str) -> str:
        # Plain HTML: MkDocs checks Markdown links against docs files, and these are URLs.
        href = _relative_url(name, in_lang, languages, here)
        return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'

    rows = [
        f"# {texts['title']} {{ #translation-status }}",
        "",
        texts["intro"],
        "",
        "| " + " | ".join([texts["page"], *others]) + " |",
        "|" + "---|" * (1 + len(others)),
    ]
    for name, title, _ in report.pages:
        if name == STATUS_PAGE:  # this page itself
            continue
        cells = [link(title or name, name, languages.default)]
        for other in others:
            state = report.status(docs_dir, name, other)
            cells.append(link(texts[state], name, other) if state != "missing" else texts[state])
        rows.append("| " + " | ".join(cells) + " |")
    if any(report.sections.values()):  # filled in by status_sections(), as HTML
        intro = SECTIONS[lang]["status"] if lang in SECTIONS else SECTIONS["en"]["status"]
        rows += ["", intro, "", translation_sections.PLACEHOLDER]
    return "\n".join(rows) + "\n"


def _relative_url(name: str, lang: str, languages: Languages, here: str) -> str:
    """Page ``name`` in ``lang``, from the page published at ``here``."""
    return posixpath.relpath(page_url(name, lang, languages) or ".", here or ".") + "/"


def status_sections(report: Report, docs_dir: str, languages: Languages, lang: str) -> str:
    """What the status page in ``lang`` shows in place of its placeholder: for each outdated
    translation, the sections of its original that changed, each linked to the translation's
    heading (or the original's, for a section the translation lacks)."""
    texts = SECTIONS.get(lang) or SECTIONS["en"]
    here = page_url(STATUS_PAGE, lang, languages)
    blocks = []
    for item in report.outdated:
        found = report.sections.get(item.translation)
        if not found:
            continue
        name, tr_lang = page_language(posixpath.relpath(item.translation, docs_dir), languages)
        title = next((t for n, t, _ in report.pages if n == name), "") or name
        translation = _relative_url(name, tr_lang, languages, here)
        original = _relative_url(name, languages.default, languages, here)

        def link(
            change: SectionChange, translation: str = translation, original: str = original
        ) -> str | None:
            if change.translated:
                return f"{translation}#{change.anchor}"
            return f"{original}#{change.anchor}" if change.kind != "removed" else None

        page = f'<a href="{html.escape(translation)}">{html.escape(title)}</a>'
        blocks.append(f"<p>{texts['page'].format(page=page, lang=html.escape(tr_lang))}</p>")
        commits = (item.source, item.translation_commit, item.source_commit)
        blocks.append(
            translation_sections.render(found, lang, (languages.default, tr_lang), link, commits)
        )
    return "\n".join(blocks)


def notice_sections(
    report: Report, item: Outdated, lang: str, languages: Languages
) -> tuple[list[str], str]:
    """The lines that go at the end of ``item``'s "out of date" notice in ``lang`` (the
    language of the translation), and the HTML that takes their placeholder's place: the
    sections of the original that changed, linked to the same heading of this page."""
    found = report.sections.get(item.translation)
    if not found:
        return [], ""
    texts = SECTIONS.get(lang) or SECTIONS["en"]
    lines = [f"    {texts['notice']}", "", f"    {translation_sections.PLACEHOLDER}", ""]
    commits = (item.source, item.translation_commit, item.source_commit)

    def link(change: SectionChange) -> str | None:
        return f"#{change.anchor}" if change.translated and change.anchor else None

    return lines, translation_sections.render(found, lang, (languages.default, lang), link, commits)


STATUS_PAGE = "translation-status.md"
STATUS = labels.table("translation_status")
SECTIONS = translation_sections.TEXTS


def notice(kind: str, lang: str, guide_url: str = "", **values: str) -> list[str]:
    """A Material admonition (Markdown lines) for ``kind`` ``untranslated`` or ``outdated``."""
    texts = NOTICES.get(lang) or NOTICES["en"]
    guide = texts["guide"].format(url=guide_url) if guide_url else ""
    body = texts[kind].format(guide=guide, **values).strip()
    kind_of_box = "info" if kind == "untranslated" else "warning"
    return [f'!!! {kind_of_box} "{texts[kind + "_title"]}"', "", f"    {body}", ""]


def problems_notice(problems: list[str], lang: str, guide_url: str = "") -> list[str]:
    """A Material admonition (Markdown lines) listing the check's problems, as ``mkdocs
    serve`` shows them on the pages they concern."""
    texts = NOTICES.get(lang) or NOTICES["en"]
    guide = texts["guide"].format(url=guide_url) if guide_url else ""
    body = texts["problems"].format(guide=guide).strip()
    listed = ["````text", *problems, "````"]
    return (
        [f'!!! failure "{texts["problems_title"]}"', "", f"    {body}", ""]
        + [f"    {line}" for line in listed]
        + [""]
    )


def concerns(problem: str, page_path: str, docs_dir: str) -> bool:
    """Whether a check message is about this page (``docs/a.en.md``): it names the page (a
    mismatch names the translation and its original, so both show it), or names no page at
    all (a problem with ``mkdocs.yml``, shown everywhere)."""
    named = re.findall(rf"(?<![\w/.-]){re.escape(docs_dir.rstrip('/'))}/\S+?\.md\b", problem)
    return not named or page_path in named


def mark_fallback_language(html: str, content_lang: str, page_lang: str) -> str:
    """A page shown in its original language inside another language's site: the page's
    ``<html lang>`` stays the site's (menus and search are in that language), the article
    says the language it is written in, and the "not yet translated" notice in it says its
    own. Screen readers and browsers' translation then read each part in its language."""
    html = html.replace(
        '<article class="md-content__inner md-typeset">',
        f'<article class="md-content__inner md-typeset" lang="{content_lang}">',
        1,
    )
    return html.replace(
        '<div class="admonition info">', f'<div class="admonition info" lang="{page_lang}">', 1
    )


def with_notice(markdown: str, notice_lines: list[str]) -> str:
    """The page with the notice right under its title (or first, if it starts otherwise)."""
    lines = markdown.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    at = first + 1 if HEADING.match(lines[first]) and lines[first].lstrip().startswith("# ") else 0
    return "\n".join([*lines[:at], "", *notice_lines, *lines[at:]])
