"""The engine's page rendering as a Python-Markdown extension.

Material for MkDocs ends in 2027; its successor, Zensical, keeps Python-Markdown extensions but
runs no MkDocs plugins. This extension lets any Python-Markdown reader show snippets as the
site does: ``{* path *}`` includes become the code and what it printed, ``{= path | expr |
spec =}`` the value, through ``Engine.render``, the very call the MkDocs plugin makes::

    import markdown
    from hf_model_guide.markdown_ext import SnippetsExtension

    html = markdown.Markdown(
        extensions=[SnippetsExtension(root=".", page="docs/article.md", lang="zh"), "fenced_code"]
    ).convert(text)

or by name, ``extensions=["hf_model_guide.markdown_ext"]`` with ``extension_configs``.

Two steps, as in the MkDocs build: a preprocessor replaces the directives before any other
extension reads the page (pymdownx.snippets registers at 32, whitespace normalisation at 30:
ours runs first, at 40), and a postprocessor, last, puts printed text into the HTML (printed
text is data: Markdown never reads it, see ``engine.literal``).

The engine is made once per project root and process and kept: each snippet runs once however
many pages are converted, and its results are cached between processes as in the build. Pass
``engine=`` to use one you made (the MkDocs plugin's, or a test's).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from hf_model_guide.engine import Engine
from hf_model_guide.engine.literal import Literals

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
        rendered = ext.engine().render(
            "\n".join(lines),
            page=ext.getConfig("page"),
            lang=ext.getConfig("lang") or None,
            standin_url=ext.getConfig("standin_url"),
        )
        ext.literals = rendered.literals
        ext.problems.extend(ext.engine().take_problems())
        return rendered.sheltered.split("\n")


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
        }
        # Not a config value: Python-Markdown reads a None default as a yes/no option.
        self.given: Engine | None = kwargs.pop("engine", None)  # instead of the root's own
        self.literals = Literals()
        self.problems: list[str] = []  # what the engine reported (path:line: ...)
        super().__init__(**kwargs)

    def engine(self) -> Engine:
        return self.given or engine_for(Path(self.getConfig("root")))

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(_Directives(md, self), "hf_model_guide_snippets", 40)
        md.postprocessors.register(_Printed(md, self), "hf_model_guide_printed", 1)

    def reset(self) -> None:
        self.literals = Literals()


def makeExtension(**kwargs: Any) -> SnippetsExtension:
    return SnippetsExtension(**kwargs)
