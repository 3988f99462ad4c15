"""The translation check: every page in every language, with the same structure, kept current.

Pages follow mkdocs-static-i18n's suffix structure: ``docs/page.md`` is the default language
(Chinese), ``docs/page.en.md`` its English translation. For each page this module checks:

- **presence**: every language has the page, unless the default-language page says in its front
  matter that a translation is still to come (``waiting_for_translation: true``, or a list of
  locales such as ``[en]``); such a page is built from the default language with a notice;
- **structure**: the translation has the same heading anchors, in the same order (headings
  whose text differs by language carry an explicit ``{ #id }``), the same snippet includes
  (path and section, in order) and the same number of fenced code blocks;
- **currency** (git history, see ``translation_history``): a translation whose source page was
  committed after the translation's last commit is listed as possibly out of date, with the
  sections of the original that changed since (``translation_sections``).

Missing pages and structure differences are errors; an outdated translation is only listed
(the site shows a notice on it). No MkDocs import here: ``plugins.translation_notices`` is the adapter
that shows the notices, and ``python -m hf_model_guide.checks.translations`` runs the check.
"""

from __future__ import annotations

import argparse
import html
import posixpath
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify, unique

from hf_model_guide import labels, mkdocs_yml
from hf_model_guide.checks import translation_sections
from hf_model_guide.checks.translation_history import (
    CHECKED,
    Outdated,
    find_outdated,
    original_at,
    resolve_commit,
)
from hf_model_guide.checks.translation_sections import SectionChange
from hf_model_guide.engine.directives import fence_marks
from hf_model_guide.engine.directives import parse as parse_directives
from hf_model_guide.engine.text import NotUtf8Error, read_utf8
from hf_model_guide.pages import cjk

FLAG = "waiting_for_translation"

HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$")
# attr_list at the end of a heading: { #id }, {#id .class}, {: #id }
EXPLICIT_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[^\s}]+)[^}]*\}[ \t]*$")

# The notices the site shows, per language of the page being built (labels.py: a new language
# needs its block there, and the check says so).
NOTICES = labels.table("translation_notices")


class TranslationError(ValueError):
    """Input the check cannot read; the message names the file (and line)."""


@dataclass(frozen=True)
class Languages:
    default: str
    others: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.default, *self.others)


def languages_from_mkdocs(config_file: Path) -> Languages:
    """The locales of the ``i18n`` plugin in ``mkdocs.yml``: the default one, then the others."""
    try:
        config = mkdocs_yml.read(config_file)
    except ValueError as exc:
        raise TranslationError(str(exc)) from None
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = (plugin["i18n"] or {}).get("languages") or []
            default = [lang["locale"] for lang in langs if lang.get("default")]
            if len(default) != 1:
                raise TranslationError(f"{config_file}: the i18n plugin needs one default language")
            others = tuple(lang["locale"] for lang in langs if not lang.get("default"))
            return Languages(default[0], others)
    raise TranslationError(f"{config_file}: no i18n plugin, so no languages to check")


def read_text(path: Path, name: str | None = None) -> str:
    """The file's text; ``name`` is how messages call it (default: the path)."""
    try:
        return read_utf8(path, name)
    except NotUtf8Error as exc:
        raise TranslationError(str(exc)) from None


# ---------------------------------------------------------------------------------------------
# One page file.


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


def waiting_languages(page: Page, languages: Languages) -> set[str]:
    flag = page.meta.get(FLAG, False)
    if flag is True:
        return set(languages.others)
    if isinstance(flag, str):
        return {flag}
    if isinstance(flag, list):
        return {str(lang) for lang in flag}
    return set()


def compare(source: Page, translation: Page) -> list[str]:
    """Where the translation's structure differs from its source page, one message each."""
    problems: list[str] = []
    src_anchors = [h.anchor for h in source.headings]
    tr_anchors = [h.anchor for h in translation.headings]
    if src_anchors != tr_anchors:
        for h in source.headings:
            if h.anchor not in tr_anchors:
                hint = "" if h.explicit else " (give the heading an explicit { #id } in both pages)"
                problems.append(
                    f"{translation.path}: no heading with anchor #{h.anchor}, which "
                    f"{source.path}:{h.line} has{hint}"
                )
        for h in translation.headings:
            if h.anchor not in src_anchors:
                problems.append(
                    f"{translation.path}:{h.line}: heading anchor #{h.anchor} is not "
                    f"in {source.path}; use the same {{ #id }} as the original"
                )
        if not problems:
            first = next(i for i, (a, b) in enumerate(zip(src_anchors, tr_anchors)) if a != b)
            problems.append(
                f"{translation.path}:{translation.headings[first].line}: headings are "
                f"in another order than in {source.path} (#{tr_anchors[first]} where "
                f"{source.path}:{source.headings[first].line} has #{src_anchors[first]})"
            )
    src_inc = [what for _, what in source.includes]
    tr_inc = [what for _, what in translation.includes]
    if src_inc != tr_inc:
        i = next(
            (i for i, (a, b) in enumerate(zip(src_inc, tr_inc)) if a != b),
            min(len(src_inc), len(tr_inc)),
        )
        where = (
            f"{translation.path}:{translation.includes[i][0]}"
            if i < len(tr_inc)
            else translation.path
        )
        has = f"includes {tr_inc[i]}" if i < len(tr_inc) else "has no more includes"
        wants = (
            f"{source.path}:{source.includes[i][0]} includes {src_inc[i]}"
            if i < len(src_inc)
            else f"{source.path} has no more"
        )
        problems.append(f"{where}: snippet include {i + 1} differs: it {has}, where {wants}")
    if len(source.code_blocks) != len(translation.code_blocks):
        problems.append(
            f"{translation.path}: {len(translation.code_blocks)} fenced code blocks, "
            f"{source.path} has {len(source.code_blocks)}"
        )
    return problems


# ---------------------------------------------------------------------------------------------
# The whole docs folder.


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)  # (default-language page, lang)
    notes: list[str] = field(default_factory=list)
    # Every original page (docs-relative name, title) with its translations' file names.
    pages: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    # Outdated translation → the sections of its original that changed since it was in line.
    sections: dict[str, list[SectionChange]] = field(default_factory=dict)

    def outdated_paths(self) -> set[str]:
        return {o.translation for o in self.outdated}

    def describe(self, item: Outdated) -> str:
        """The outdated translation for logs, with the sections of its original that changed."""
        changed = translation_sections.summary(self.sections.get(item.translation, []))
        return item.describe() + (f"; sections: {changed}" if changed else "")

    def status(self, docs_dir: str, original: str, lang: str) -> str:
        """``translated``, ``outdated``, ``waiting`` or ``missing``: the page in ``lang``."""
        for name, _, translations in self.pages:
            if name == original and lang in translations:
                path = posixpath.join(docs_dir, translations[lang])
                return "outdated" if path in self.outdated_paths() else "translated"
        source = posixpath.join(docs_dir, original)
        return "waiting" if (source, lang) in self.waiting else "missing"


def page_language(name: str, languages: Languages) -> tuple[str, str]:
    """``a/page.en.md`` → (``a/page.md``, ``en``); ``a/page.md`` → (itself, the default)."""
    stem, _, _ = name.rpartition(".md")
    base, dot, suffix = stem.rpartition(".")
    if dot and suffix in languages.all:
        return f"{base}.md", suffix
    return name, languages.default


def check(
    root: Path, docs_dir: str = "docs", languages: Languages | None = None, history: bool = True
) -> Report:
    """Check ``root/docs_dir`` (paths in messages are relative to ``root``)."""
    root = Path(root)
    languages = languages or languages_from_mkdocs(root / "mkdocs.yml")
    report = Report()
    for lang in languages.all:
        if lang not in labels.LABELS:
            report.errors.append(
                f"mkdocs.yml: language {lang!r} has no texts; add its block "
                "to LABELS in src/hf_model_guide/labels.py"
            )
    files: dict[str, dict[str, str]] = {}  # base page → language → file name (from docs_dir)
    docs = root / docs_dir
    for path in sorted(docs.rglob("*.md")):
        name = path.relative_to(docs).as_posix()
        base, lang = page_language(name, languages)
        files.setdefault(base, {})[lang] = name

    def rel(name: str) -> str:
        return posixpath.join(docs_dir, name)

    pairs: list[tuple[str, str]] = []
    checked: dict[str, str] = {}  # translation → the original's commit it was checked against
    read: dict[str, Page] = {}  # translation → its page
    for base, by_lang in sorted(files.items()):
        if languages.default not in by_lang:
            for lang, name in sorted(by_lang.items()):
                report.errors.append(
                    f"{rel(name)}: a {lang} page without its "
                    f"{languages.default} original {rel(base)}"
                )
            continue
        try:
            source = read_page(docs / by_lang[languages.default], rel(by_lang[languages.default]))
        except TranslationError as exc:
            report.errors.append(str(exc))
            continue
        if languages.default.startswith("zh"):  # shown as a space (hf_model_guide.pages.cjk)
            report.errors.extend(
                f"{source.path}:{line}: a line break between two Chinese characters, or after "
                "Chinese punctuation, shows as a space; join the two lines"
                for line in cjk.soft_breaks(source.text)
            )
        waiting = waiting_languages(source, languages)
        title = (
            str(source.meta.get("title") or "")
            or source.title
            or Path(by_lang[languages.default]).stem
        )
        report.pages.append(
            (
                base,
                title,
                {lang: name for lang, name in by_lang.items() if lang != languages.default},
            )
        )
        for lang in languages.others:
            if lang not in by_lang:
                if lang in waiting:
                    report.waiting.append((source.path, lang))
                else:
                    stem = base[: -len(".md")]
                    report.errors.append(
                        f"{source.path}: no {lang} translation ({rel(stem)}.{lang}.md); write it, "
                        f"or mark the page with `{FLAG}: true` in its front matter"
                    )
                continue
            if lang in waiting:
                report.errors.append(
                    f"{source.path}: says `{FLAG}` for {lang}, but "
                    f"{rel(by_lang[lang])} exists; remove the flag"
                )
            try:
                translation = read_page(docs / by_lang[lang], rel(by_lang[lang]))
            except TranslationError as exc:
                report.errors.append(str(exc))
                continue
            report.errors.extend(compare(source, translation))
            pairs.append((source.path, translation.path))
            read[translation.path] = translation
            if CHECKED in translation.meta:
                checked[translation.path] = str(translation.meta[CHECKED])
    if history:
        has_history = shutil.which("git") and resolve_commit(root, "HEAD") is not None
        for checked_page, commit in checked.items():
            if has_history and resolve_commit(root, commit) is None:
                report.errors.append(
                    f"{checked_page}:2: `{CHECKED}: {commit}` names no commit of this "
                    "repository; give the original's commit you checked the translation against"
                )
        outdated, note = find_outdated(root, pairs, checked)
        report.outdated = outdated
        for item in outdated:
            report.sections[item.translation] = changed_sections(root, item, read[item.translation])
        if note:
            report.notes.append(note)
    return report


def changed_sections(root: Path, item: Outdated, translation: Page) -> list[SectionChange]:
    """The sections of ``item``'s original that changed between the commit its translation
    was last in line with and the original's last commit (committed text on both sides)."""
    versions = []
    for commit in (item.translation_commit, item.source_commit):
        text = original_at(root, item.source, commit)
        try:
            versions.append(parse_page(text, f"{item.source}@{commit[:8]}") if text else None)
        except TranslationError:
            versions.append(None)  # an old version the check cannot read: nothing to compare
    before, now = versions
    if now is None:
        return []
    names = (
        f"{item.source}@{item.translation_commit[:8]}",
        f"{item.source}@{item.source_commit[:8]}",
    )
    translated = {h.anchor: h.text for h in translation.headings}
    return translation_sections.changes(before, now, translated, names)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hf_model_guide.checks.translations",
        description="Check that every page exists in every language with the same structure, "
        "and list translations older than their original.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding mkdocs.yml (default: .)",
    )
    parser.add_argument("--docs", default="docs", help="docs folder inside the project")
    parser.add_argument(
        "--no-history", action="store_true", help="skip the git history (outdated translations)"
    )
    args = parser.parse_args(argv)
    try:
        report = check(args.root, args.docs, history=not args.no_history)
    except TranslationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for page, lang in report.waiting:
        print(f"waiting for translation: {page} ({lang})")
    for item in report.outdated:
        print(f"may be out of date: {report.describe(item)}")
    for note in report.notes:
        print(f"note: {note}")
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(
        f"translations: {len(report.errors)} errors, {len(report.outdated)} maybe out of date, "
        f"{len(report.waiting)} waiting"
    )
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
