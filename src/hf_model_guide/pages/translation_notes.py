"""What the translation check shows on the pages, added by the Markdown extension under either
builder: the "not yet translated" and "may be out of date" notices under a page's title, and
the translation status page (``docs/translation-status.md`` and its translations, committed
as stubs that this fills). The texts and tables are ``checks.translation_status``'s.

The check runs once per build: the MkDocs plugin (``translation-notices``) runs it with the
options it was given and hands its report here (``remember``); under Zensical, which runs no
plugin, the extension runs it itself when ``mkdocs.yml`` lists that plugin, with the same
options (``for_site``). Either way the page gets the same notice.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from hf_model_guide.checks import numbers as number_check
from hf_model_guide.checks.translation_sections import PLACEHOLDER
from hf_model_guide.checks.translation_status import (
    STATUS_PAGE,
    notice,
    notice_sections,
    status_page,
    status_sections,
    with_notice,
)
from hf_model_guide.checks.translations import Languages, Report, check, page_language
from hf_model_guide.pages.builder_page import page_link

PLUGIN = "translation-notices"  # its options in mkdocs.yml are these notes' too


@dataclass
class SiteNotes:
    """One build's translation report, and what its pages show of it."""

    report: Report
    languages: Languages
    docs: str  # the docs folder, from the project's root
    guide: str = "contributing.md#translations"  # linked from the notices ("" for none)
    status_page: bool = True
    # Pages shown in their original language inside another language's site, this build.
    fallbacks: dict[str, tuple[str, str]] = field(default_factory=dict)
    errors_taken: bool = False

    def take_errors(self) -> list[str]:
        """The check's problems, once (a build with no plugin to log them: Zensical)."""
        if self.errors_taken:
            return []
        self.errors_taken = True
        return list(self.report.errors)

    def page(self, markdown: str, page: str, lang: str | None) -> tuple[str, str | None]:
        """``markdown`` of ``page`` (its file from the project's root) as built in ``lang``,
        with its notice, and the HTML for the notice's placeholder (None: no placeholder)."""
        src = posixpath.relpath(page, self.docs)
        building = lang or self.languages.default
        url = page_link(self.guide, src)
        base, file_lang = page_language(src, self.languages)
        if base == STATUS_PAGE:
            if not self.status_page:
                return markdown, None
            table = status_page(self.report, self.docs, self.languages, building)
            return table, status_sections(self.report, self.docs, self.languages, building)
        if building == self.languages.default:
            return markdown, None
        if file_lang != building:
            self.fallbacks[src] = (file_lang, building)
            return with_notice(markdown, notice("untranslated", building, url)), None
        for item in self.report.outdated:
            if item.translation == page:
                lines = notice(
                    "outdated", building, url, commit=item.source_commit[:8], date=item.source_date
                )
                more, sections = notice_sections(self.report, item, building, self.languages)
                return with_notice(markdown, lines + more), sections
        return markdown, None


def fill_placeholder(html: str, sections: str | None) -> str:
    """The changed sections, HTML already, in their placeholder's place once Markdown is done:
    their diffs never meet Markdown, pymdownx.snippets or the page directives."""
    if sections is None:
        return html
    return html.replace(f"<p>{PLACEHOLDER}</p>", sections, 1)


def site_report(
    root: Path, docs: str, languages: Languages, *, history: bool, numbers: bool
) -> Report:
    """The translation check of the docs folder, with the number check's findings among its
    errors when ``numbers`` (the translation-notices plugin's options)."""
    report = check(root, docs, languages, history=history)
    if numbers:  # numbers typed into prose (hf_model_guide.checks.numbers), same treatment
        report.errors += [f.message() for f in number_check.check_docs(root, docs)]
    return report


_REMEMBERED: dict[Path, SiteNotes] = {}


def remember(root: Path, notes: SiteNotes) -> None:
    """The MkDocs plugin's report for this build of the project at ``root``."""
    _REMEMBERED[Path(root).resolve()] = notes


def forget(root: Path) -> None:
    _REMEMBERED.pop(Path(root).resolve(), None)


def remembered(root: Path) -> SiteNotes | None:
    return _REMEMBERED.get(Path(root).resolve())


def for_site(root: Path, options: dict | None, docs: str, languages: Languages) -> SiteNotes:
    """The notes of a build with no plugin (Zensical), from the plugin's options in
    ``mkdocs.yml``; made once per process and project."""
    notes = remembered(root)
    if notes is None:
        options = options or {}
        report = site_report(
            Path(root),
            docs,
            languages,
            history=options.get("history", True) is not False,
            numbers=options.get("numbers", True) is not False,
        )
        notes = SiteNotes(
            report=report,
            languages=languages,
            docs=docs,
            guide=str(options.get("guide", "contributing.md#translations") or ""),
            status_page=options.get("status_page", True) is not False,
        )
        remember(root, notes)
    return notes
