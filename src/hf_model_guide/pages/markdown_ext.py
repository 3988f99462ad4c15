"""The site's page rendering as a Python-Markdown extension.

Material for MkDocs ends in 2027; its successor, Zensical, keeps Python-Markdown extensions but
runs no MkDocs plugins. So the pages are rendered here, for every reader alike (MkDocs lists
this extension in ``markdown_extensions``): ``{* path *}`` includes become the code and what
it printed, ``{= path | expr | spec =}`` the value, ``{" key "}`` the 2023 article's labelled
value, and a page with outputs ends with the note saying how they were made
(``hf_model_guide.pages.render``)::

    import markdown
    from hf_model_guide.pages.markdown_ext import SnippetsExtension

    ext = SnippetsExtension(root=".", page="docs/article.md", lang="zh",
                            standin_url="../standin/", manifest_url="../outputs.json")
    html = markdown.Markdown(extensions=[ext, "pymdownx.superfences"]).convert(text)
    ext.problems  # ["docs/article.md:12: ...", ...], also logged as errors

or by name, ``extensions=["hf_model_guide.pages.markdown_ext"]`` with ``extension_configs``.

Python-Markdown knows no "page": under MkDocs the run-snippets plugin sets ``page_context``
around each page it converts (the page's path, language, links, the build's engine, where
problems are logged), and this extension's own options are only its fallback.

Two steps, as a page needs: a preprocessor replaces the directives before any other
extension reads the page (pymdownx.snippets registers at 32, whitespace normalisation at 30:
ours runs first, at 40), and a postprocessor, last, puts printed text into the HTML (printed
text is data: Markdown never reads it, see ``engine.literal``).

The engine is made once per project root and process and kept: each snippet runs once however
many pages are converted, and its results are cached between processes as in the build. Pass
``engine=`` to use one you made (a test's, or a program's that prepared every page first).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal
from weakref import WeakKeyDictionary

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from hf_model_guide import paths
from hf_model_guide.checks.includes import escaping_files
from hf_model_guide.engine import Engine
from hf_model_guide.engine.literal import Literals
from hf_model_guide.engine.page import LineMap
from hf_model_guide.engine.text import read_utf8
from hf_model_guide.notebooks import Site, site_page
from hf_model_guide.outputs import manifest
from hf_model_guide.pages import (
    builder_page,
    engine_options,
    notebook_stub,
    translation_notes,
)
from hf_model_guide.pages.builder_page import BuilderPage
from hf_model_guide.pages.render import PageContext, render_page

log = logging.getLogger(__name__)

# The page being converted, set by a site generator's adapter around each page (the MkDocs
# plugin, from on_page_markdown to on_page_content), or "as-is" for a page to leave alone
# (one a plugin made). Unset: the extension's own options (plain Markdown, Zensical).
page_context: ContextVar[PageContext | Literal["as-is"] | None] = ContextVar(
    "hf_model_guide_page", default=None
)

_ENGINES: dict[Path, Engine] = {}
# Under Zensical, the site's pages each engine prepared (every language), for its manifest.
_PREPARED: WeakKeyDictionary[Engine, dict[str, str]] = WeakKeyDictionary()


def engine_for(root: Path) -> Engine:
    """The process's engine for the project at ``root``."""
    root = Path(root).resolve()
    if root not in _ENGINES:
        # Its cache and stand-in are the project's (under MkDocs the plugin says the same).
        paths.use_project(root)
        # The run-snippets plugin's options in mkdocs.yml, when there is one (Zensical).
        options = builder_page.plugin_options(root, engine_options.PLUGIN) or {}
        _ENGINES[root] = engine_options.make_engine(root, options)
    return _ENGINES[root]


class PageProblems(Exception):
    """Under ``zensical build --strict``: Zensical counts no logged error, but an exception
    aborts its build; the message is the problems, ``path:line: ...`` each, as MkDocs logs
    them."""


class _Directives(Preprocessor):
    def __init__(self, md: Markdown, extension: SnippetsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        context = ext.context(self.md)
        if context is None:
            return lines
        if ext.notebook is not None:  # Zensical: a notebook page's stub, the page's whole HTML
            ext.whole_page = self._notebook(context, *ext.notebook)
            return []
        lines, refused = self._refuse_escaping_includes(lines, context)
        done = render_page("\n".join(lines), context)
        done.problems = refused + done.problems
        if ext.zensical and ext.notes is not None:  # no plugin logged the check's problems
            done.problems = ext.notes.take_errors() + done.problems
        notes = ext.notes
        if notes is not None:  # the translation notices, or the status page's table
            building = context.site_lang or context.lang
            done.sheltered, ext.sections = notes.page(done.sheltered, context.page, building)
        if ext.site is not None:  # Zensical: the manifest with the default language's site
            site_dir, pages = ext.site
            manifest.write(manifest.of_build(context.engine, pages), site_dir)
        ext.literals = done.literals
        ext.problems.extend(done.problems)
        if context.report is not None:
            context.report(done.problems)
        else:
            for problem in done.problems:
                log.error(problem)
            for notice in context.engine.take_notices():  # the run cache's: fail nothing
                log.warning(notice)
            if done.problems and ext.zensical and builder_page.zensical_strict():
                raise PageProblems("\n".join(done.problems))
        return done.sheltered.split("\n")

    def _refuse_escaping_includes(
        self, lines: list[str], context: PageContext
    ) -> tuple[list[str], list[str]]:
        """A ``--8<--`` include through a symbolic link out of its folder (or of a file it
        includes) is a problem of the page's line, and the line is dropped before
        pymdownx.snippets (which runs after this preprocessor) reads the page: nothing of the
        file (a credentials file) is pasted, under either builder. ``{* *}`` includes are the
        engine's to check."""
        if "snippet" not in self.md.preprocessors:  # no pymdownx.snippets: nothing is pasted
            return lines, []
        bases = getattr(self.md.preprocessors["snippet"], "base_path", [])
        text = "\n".join(lines)
        escaping = escaping_files(text, [Path(base) for base in bases])
        where = LineMap.of(context.written, text) if context.written is not None else None
        problems = []
        for line, written in escaping:
            at = where.numbers[line - 1] if where is not None else line
            problems.append(
                f"{context.page}:{at}: --8<-- include: {written} leads out of its folder"
                " (a symbolic link): not included"
            )
            lines[line - 1] = f"`{written}`: not included (it leads out of its folder)"
        return lines, problems

    def _notebook(self, context: PageContext, site: Site, page: str, built: BuilderPage) -> str:
        try:
            return notebook_stub.page_html(context.engine, site, page, built.lang, built.site_dir)
        except notebook_stub.NotebookPageError as exc:
            log.error(str(exc))
            if builder_page.zensical_strict():
                raise PageProblems(str(exc)) from None
            return ""


class _Printed(Postprocessor):
    def __init__(self, md: Markdown, extension: SnippetsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if self.extension.whole_page is not None:
            # Its headings, which Markdown never saw, make the table of contents.
            self.md.toc_tokens = site_page.toc_tokens(self.extension.whole_page)  # type: ignore[attr-defined]
            return self.extension.whole_page
        text = translation_notes.fill_placeholder(text, self.extension.sections)
        return self.extension.literals.html(text)


class SnippetsExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "root": [".", "the project's root: snippet paths are relative to it"],
            "page": ["page.md", "the page's path, as problems name it"],
            "lang": ["", "the page's language (zh, en), for labels and notices"],
            "standin_url": ["standin/", "where the stand-in model's card is, from the page"],
            "manifest_url": ["", "the build's outputs.json, from the page ('' for no note)"],
        }
        # Not a config value: Python-Markdown reads a None default as a yes/no option.
        self.given: Engine | None = kwargs.pop("engine", None)  # instead of the root's own
        self.literals = Literals()
        self.problems: list[str] = []  # what rendering found (path:line: ...), every page
        # Under Zensical, the default language's site folder and every page: outputs.json.
        self.site: tuple[Path, dict[str, str]] | None = None
        # The build's translation notes (None: the site shows none), and the changed sections'
        # HTML for the page's placeholder.
        self.notes: translation_notes.SiteNotes | None = None
        self.zensical = False  # the page being converted is Zensical's
        # Under Zensical, the notebook page whose stub is being converted (notebook_stub).
        self.notebook: tuple[Site, str, BuilderPage] | None = None
        self.whole_page: str | None = None  # its HTML
        self.sections: str | None = None
        super().__init__(**kwargs)

    def engine(self) -> Engine:
        return self.given or engine_for(Path(self.getConfig("root")))

    def context(self, md: Markdown | None = None) -> PageContext | None:
        """The page being converted: the MkDocs adapter's, else Zensical's page, else this
        extension's options; None for a page to leave alone. The language is the page's
        under every builder: the builder's word, else the page's file name
        (``builder_page``)."""
        given = page_context.get()
        self.site, self.notes, self.sections = None, None, None
        self.zensical, self.notebook, self.whole_page = False, None, None
        if given == "as-is":
            return None
        if given is not None:  # MkDocs: its translation-notices plugin ran the check
            self.notes = translation_notes.remembered(given.engine.root)
            return given
        engine = self.engine()
        built = builder_page.zensical_page(md, engine.root) if md is not None else None
        if built is not None:
            self.zensical = True
            self.notes = _zensical_notes(engine.root)
            stub = notebook_stub.stub_of(engine.root, built.page)
            if stub is not None:
                self.notebook = (*stub, built)
            # As the MkDocs plugin does before a build: every page's snippets, once.
            pages = _PREPARED.get(engine)
            if pages is None:
                docs = engine.root / builder_page.docs_dir(engine.root)
                pages = _PREPARED[engine] = builder_page.read_pages(engine.root, docs)
                engine.prepare(builder_page.to_prepare(engine.root, pages))
            if built.site_dir is not None and not built.lang_prefix:
                self.site = (built.site_dir, pages)
            return PageContext(
                engine=engine,
                page=built.page,
                # The page's file's language, as MkDocs' i18n gives a page it falls back to.
                lang=built.file_lang or None,
                site_lang=built.lang or None,
                standin_url=built.link(
                    builder_page.standin_card(engine.root, self.getConfig("standin_url"))
                ),
                manifest_url=built.site_link(manifest.FILENAME),
                # The file itself: the builder dropped its front matter, problems count it.
                written=read_utf8(engine.root / built.page, built.page),
            )
        page = self.getConfig("page")
        lang = self.getConfig("lang") or builder_page.language_of(
            page, builder_page.site_languages(engine.root)
        )
        return PageContext(
            engine=engine,
            page=page,
            lang=lang or None,
            standin_url=self.getConfig("standin_url"),
            manifest_url=self.getConfig("manifest_url"),
        )

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_Directives(md, self), "hf_model_guide_snippets", 40)
        md.postprocessors.register(_Printed(md, self), "hf_model_guide_printed", 1)

    def reset(self) -> None:
        self.literals = Literals()


def _zensical_notes(root: Path) -> translation_notes.SiteNotes | None:
    """Under Zensical, the translation-notices plugin's work with its options from
    ``mkdocs.yml``, when the site lists it."""
    options = builder_page.plugin_options(root, translation_notes.PLUGIN)
    languages = builder_page.site_languages(root)
    if options is None or languages is None:
        return None
    return translation_notes.for_site(root, options, builder_page.docs_dir(root), languages)


def makeExtension(**kwargs: Any) -> SnippetsExtension:
    return SnippetsExtension(**kwargs)
