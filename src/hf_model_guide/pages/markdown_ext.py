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

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from hf_model_guide.engine import Engine
from hf_model_guide.engine.literal import Literals
from hf_model_guide.pages.render import PageContext, render_page

log = logging.getLogger(__name__)

# The page being converted, set by a site generator's adapter around each page (the MkDocs
# plugin, from on_page_markdown to on_page_content), or "as-is" for a page to leave alone
# (one a plugin made). Unset: the extension's own options (plain Markdown, Zensical).
page_context: ContextVar[PageContext | Literal["as-is"] | None] = ContextVar(
    "hf_model_guide_page", default=None
)

_ENGINES: dict[Path, Engine] = {}


def engine_for(root: Path) -> Engine:
    """The process's engine for the project at ``root``."""
    root = Path(root).resolve()
    if root not in _ENGINES:
        _ENGINES[root] = Engine(root)
    return _ENGINES[root]


class _Directives(Preprocessor):
    def __init__(self, md: Markdown, extension: SnippetsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        ext = self.extension
        context = ext.context()
        if context is None:
            return lines
        done = render_page("\n".join(lines), context)
        ext.literals = done.literals
        ext.problems.extend(done.problems)
        if context.report is not None:
            context.report(done.problems)
        else:
            for problem in done.problems:
                log.error(problem)
            for notice in context.engine.take_notices():  # the run cache's: fail nothing
                log.warning(notice)
        return done.sheltered.split("\n")


class _Printed(Postprocessor):
    def __init__(self, md: Markdown, extension: SnippetsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
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
        super().__init__(**kwargs)

    def engine(self) -> Engine:
        return self.given or engine_for(Path(self.getConfig("root")))

    def context(self) -> PageContext | None:
        """The page being converted: the adapter's, else this extension's options; None for
        a page to leave alone."""
        given = page_context.get()
        if given == "as-is":
            return None
        if given is not None:
            return given
        return PageContext(
            engine=self.engine(),
            page=self.getConfig("page"),
            lang=self.getConfig("lang") or None,
            standin_url=self.getConfig("standin_url"),
            manifest_url=self.getConfig("manifest_url"),
        )

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_Directives(md, self), "hf_model_guide_snippets", 40)
        md.postprocessors.register(_Printed(md, self), "hf_model_guide_printed", 1)

    def reset(self) -> None:
        self.literals = Literals()


def makeExtension(**kwargs: Any) -> SnippetsExtension:
    return SnippetsExtension(**kwargs)
