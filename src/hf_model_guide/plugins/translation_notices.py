"""MkDocs adapter for the translation check (``hf_model_guide.checks.translations``).

In ``mkdocs.yml``, before ``i18n``::

    plugins:
      - translation-notices:
          guide: contributing.md#translations   # linked from the notices; "" for none

Once per build it runs the check: a page missing in a language (and not marked
``waiting_for_translation``) or a translation whose structure differs is logged as a warning,
so ``mkdocs build --strict`` fails and names the file; so is a number typed into a page's
prose (``hf_model_guide.checks.numbers``, the number check). Under ``mkdocs serve`` the same
problems are printed outside MkDocs' strict count and shown on the pages they concern, so
the server keeps answering while a translation is being brought in line. While mkdocs-static-i18n builds a
language other than the default, a page taken from the default language gets a "not yet
translated" notice, and a translation older than its original (git history) an "may be out of
date" one, both in the language being built; the latter, and the status page, list the
sections of the original that changed, each with its diff.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from hf_model_guide.checks import numbers
from hf_model_guide.checks.includes import missing_files
from hf_model_guide.checks.translation_sections import PLACEHOLDER
from hf_model_guide.checks.translation_status import (
    STATUS_PAGE,
    concerns,
    mark_fallback_language,
    notice,
    notice_sections,
    page_url,
    problems_notice,
    status_page,
    status_sections,
    with_notice,
)
from hf_model_guide.checks.translations import (
    Languages,
    Report,
    check,
    languages_from_mkdocs,
    page_language,
)
from hf_model_guide.plugins.common import NestedBuilds, list_in_sitemap, page_link, serve_logger

log = get_plugin_logger(__name__)
serve_log = serve_logger("translation-notices")


class TranslationNoticesConfig(Config):
    guide = c.Type(str, default="contributing.md#translations")
    history = c.Type(bool, default=True)  # False: no git, so no "out of date" notices
    numbers = c.Type(bool, default=True)  # False: no check of numbers typed into prose
    # The translation status page made at each build, one per language; "" for none.
    status_page = c.Type(bool, default=True)


class TranslationNoticesPlugin(BasePlugin[TranslationNoticesConfig]):
    def __init__(self) -> None:
        self.report = Report()
        self.languages: Languages | None = None
        self.docs = "docs"
        self.builds = NestedBuilds()
        self.serving = False
        self.snippet_bases: list[Path] = []  # pymdownx.snippets' folders, checked under serve
        self.fallbacks: dict[str, tuple[str, str]] = {}  # page src -> (its language, site's)
        # (page src, language built) -> the changed sections' HTML for its placeholder
        self.sections_html: dict[tuple[str, str], str] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Each of i18n's nested builds calls on_config again: check and log once, in the outer build.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.builds.enter():
            return config
        self.reported: set[str] = set()
        snippets = config.mdx_configs.get("pymdownx.snippets")
        if self.serving and snippets and snippets.get("check_paths"):
            # A missing file would abort the rebuild (and the server would answer no page):
            # under serve it is shown on the page instead (hf_model_guide.checks.includes).
            snippets["check_paths"] = False
            base = Path(os.path.abspath(config.config_file_path)).parent
            bases = snippets.get("base_path") or ["."]
            bases = [bases] if isinstance(bases, str) else bases
            self.snippet_bases = [base / b for b in bases]
        # Not resolved: a configuration that links its docs folder in (as the demo test's
        # INHERIT wrapper does) keeps it inside its own folder.
        root = Path(os.path.abspath(config.config_file_path)).parent
        self.languages = languages_from_mkdocs(Path(config.config_file_path))
        self.docs = Path(os.path.relpath(os.path.abspath(config.docs_dir), root)).as_posix()
        self.report = check(root, self.docs, self.languages, history=self.config.history)
        if self.config.numbers:  # the number check (hf_model_guide.checks.numbers), same treatment
            self.report.errors += [f.message() for f in numbers.check_docs(root, self.docs)]
        for error in self.report.errors:
            (serve_log if self.serving else log).warning(error)
        for item in self.report.outdated:
            log.info(f"may be out of date: {self.report.describe(item)}")
        return config

    # After mkdocs-static-i18n sorted the files of the language being built (it cannot take a
    # file with no source on disk): each language's build gets its own status page.
    @event_priority(-150)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        languages = self.languages
        if not self.config.status_page or languages is None:
            return files
        lang = config.theme.get("language") or languages.default
        content = status_page(self.report, self.docs, languages, lang)
        self.sections_html[STATUS_PAGE, lang] = status_sections(
            self.report, self.docs, languages, lang
        )
        page = File.generated(config, STATUS_PAGE, content=content)
        page.url = page_url(STATUS_PAGE, lang, languages)  # where i18n puts this language's
        page.dest_uri = page.url + "index.html"
        # Linked from the contributing guide, not the nav: MkDocs would say so in each build.
        page.inclusion = InclusionLevel.NOT_IN_NAV
        # What i18n's language selector reads: the same page in every language.
        page.locale = lang  # type: ignore[attr-defined]
        page.locale_alternate_of = STATUS_PAGE  # type: ignore[attr-defined]
        page.alternates = {  # type: ignore[attr-defined]
            other: page
            if other == lang
            else SimpleNamespace(url=page_url(STATUS_PAGE, other, languages), page=None)
            for other in languages.all
        }
        files.append(page)
        list_in_sitemap(config, lang, page)  # i18n listed its pages already
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        languages = self.languages
        if languages is None:
            return markdown
        building: str = config.theme.get("language") or languages.default
        src = page.file.src_uri
        url = page_link(self.config.guide, src)
        if self.serving:
            path = posixpath.join(self.docs, src)
            problems = [e for e in self.report.errors if concerns(e, path, self.docs)]
            for line, missing in missing_files(markdown, self.snippet_bases):
                problem = f"{path}:{line}: --8<-- include: no file {missing}"
                problems.append(problem)
                if problem not in self.reported:  # once, not once per language
                    self.reported.add(problem)
                    serve_log.warning(problem)
            if problems:
                markdown = with_notice(markdown, problems_notice(problems, building, url))
        if building == languages.default:
            return markdown
        _, file_lang = page_language(src, languages)
        if file_lang != building:
            self.fallbacks[src] = (file_lang, building)
            return with_notice(markdown, notice("untranslated", building, url))
        path = posixpath.join(self.docs, src)
        for item in self.report.outdated:
            if item.translation == path:
                lines = notice(
                    "outdated", building, url, commit=item.source_commit[:8], date=item.source_date
                )
                more, self.sections_html[src, building] = notice_sections(
                    self.report, item, building, languages
                )
                return with_notice(markdown, lines + more)
        return markdown

    # The changed sections, HTML already, take their placeholder's place once Markdown is done:
    # their diffs never meet Markdown, pymdownx.snippets or the page directives.
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        languages = self.languages
        building = config.theme.get("language") or (languages.default if languages else "")
        block = self.sections_html.pop((page.file.src_uri, building), None)
        if block is None:
            return html
        return html.replace(f"<p>{PLACEHOLDER}</p>", block, 1)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        fallback = self.fallbacks.pop(page.file.src_uri, None)
        if fallback is None:
            return output
        return mark_fallback_language(output, *fallback)

    @event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100) built the others
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.builds.leave()

    def on_build_error(self, *, error: Exception) -> None:
        self.builds.reset()
