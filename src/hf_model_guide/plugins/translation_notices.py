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
the server keeps answering while a translation is being brought in line.

What readers see of the check (a "not yet translated" notice on a page taken from the default
language, a "may be out of date" one on a translation older than its original, with the
sections that changed, and the translation status page, ``docs/translation-status.md``, a
stub filled at each build) is added by the Markdown extension (``pages.translation_notes``),
which Zensical runs too: this plugin hands it the report. It keeps what only MkDocs' theme
output allows: the ``lang`` of a page shown in its original language.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hf_model_guide.checks.includes import missing_files
from hf_model_guide.checks.translation_status import (
    concerns,
    mark_fallback_language,
    problems_notice,
    with_notice,
)
from hf_model_guide.checks.translations import (
    Languages,
    Report,
    languages_from_mkdocs,
)
from hf_model_guide.pages import translation_notes
from hf_model_guide.pages.builder_page import page_link
from hf_model_guide.pages.translation_notes import SiteNotes
from hf_model_guide.plugins.common import NestedBuilds, serve_logger

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
        self.notes: SiteNotes | None = None  # what the pages show of the check
        self.root = Path(".")

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
        self.report = translation_notes.site_report(
            root,
            self.docs,
            self.languages,
            history=self.config.history,
            numbers=self.config.numbers,
        )
        # What the pages show of it, added by the Markdown extension (pages.translation_notes),
        # which under Zensical runs this same check itself.
        self.notes = SiteNotes(
            report=self.report,
            languages=self.languages,
            docs=self.docs,
            guide=self.config.guide,
            status_page=self.config.status_page,
        )
        self.root = root
        translation_notes.remember(root, self.notes)
        for error in self.report.errors:
            (serve_log if self.serving else log).warning(error)
        for item in self.report.outdated:
            log.info(f"may be out of date: {self.report.describe(item)}")
        return config

    # Under serve, the check's problems are shown on the pages they concern. The notices and
    # the status page are the Markdown extension's, under either builder (see on_config).
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        languages = self.languages
        if languages is None or not self.serving:
            return markdown
        building: str = config.theme.get("language") or languages.default
        src = page.file.src_uri
        path = posixpath.join(self.docs, src)
        problems = [e for e in self.report.errors if concerns(e, path, self.docs)]
        for line, missing in missing_files(markdown, self.snippet_bases):
            problem = f"{path}:{line}: --8<-- include: no file {missing}"
            problems.append(problem)
            if problem not in self.reported:  # once, not once per language
                self.reported.add(problem)
                serve_log.warning(problem)
        if problems:
            url = page_link(self.config.guide, src)
            markdown = with_notice(markdown, problems_notice(problems, building, url))
        return markdown

    # Theme markup, which the extension cannot reach: the page's parts in their languages.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        fallback = self.notes.fallbacks.pop(page.file.src_uri, None) if self.notes else None
        if fallback is None:
            return output
        return mark_fallback_language(output, *fallback)

    @event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100) built the others
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.builds.leave():
            translation_notes.forget(Path(config.config_file_path).parent)

    def on_build_error(self, *, error: Exception) -> None:
        self.builds.reset()
        if self.notes is not None:
            translation_notes.forget(self.root)
