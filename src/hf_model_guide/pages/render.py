"""A page as the site shows it, before Markdown reads it: the engine's directives (code,
outputs, values), the 2023 article's quoted values and their check against this build, and
the note at the page's end saying how its outputs were made.

No site generator is imported here: ``hf_model_guide.pages.markdown_ext`` calls ``render_page``
from inside Python-Markdown, for MkDocs' pages (the run-snippets plugin gives it each page's
context) and for plain ``markdown.Markdown`` or Zensical alike, so all of them show a page
the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from hf_model_guide.engine import Engine
from hf_model_guide.engine.literal import Literals
from hf_model_guide.outputs import manifest, provenance
from hf_model_guide.pages import agreement, quoted


@dataclass
class PageContext:
    """What rendering a page needs to know besides its text."""

    engine: Engine
    page: str  # its path from the project's root, as problems name it (docs/article.md)
    lang: str | None  # zh, en: labels, notices and the note in the page's language
    standin_url: str = "standin/"  # the stand-in model's card, from the page
    manifest_url: str = ""  # the build's outputs.json, from the page; "": no provenance note
    # The page as its author wrote it, when other tools changed it since (MkDocs plugins add
    # notices under the title): problems name its lines, and the runs were prepared from it.
    written: str | None = None
    # Where problems go (the MkDocs plugin's logger); None: the caller's own logging.
    report: Callable[[list[str]], None] | None = None
    # The language of the site being built, when it shows a page of another language (one
    # not yet translated); None: the page's own.
    site_lang: str | None = None


@dataclass
class PageRendered:
    sheltered: str  # Markdown for the reader, printed text kept out as tokens
    literals: Literals  # what the tokens stand for: ``literals.html`` after Markdown
    problems: list[str] = field(default_factory=list)  # path:line: ...


# Made once an engine build, not once a page: the whole manifest a page's note once made
# cost pages x snippets (benchmarks/scale.py).
_FACTS: WeakKeyDictionary[Engine, tuple[float, dict[str, Any]]] = WeakKeyDictionary()


def build_facts(engine: Engine) -> dict[str, Any]:
    """The build's date and environment, which every page's provenance note shows."""
    made = _FACTS.get(engine)
    if made is None or made[0] != engine.started:  # begin_build() starts a new build
        facts = {"built": manifest.build_date(), "environment": manifest.environment(engine.source)}
        made = _FACTS[engine] = (engine.started, facts)
    return made[1]


def render_page(markdown: str, context: PageContext) -> PageRendered:
    """The page with its directives and quoted values replaced, and its provenance note."""
    engine = context.engine
    written = markdown if context.written is None else context.written
    rendered = engine.render(
        markdown,
        page=context.page,
        lang=context.lang,
        standin_url=context.standin_url,
        written=context.written,
    )
    problems = engine.take_problems()
    problems += quoted.unknown(written, root=engine.root, page=context.page)
    # The 2023 article's values, checked against this build's outputs when they came from
    # the real checkpoint (hf_model_guide.pages.agreement).
    problems += agreement.check(engine, written, root=engine.root, page=context.page)
    shown = quoted.render(
        rendered.sheltered, root=engine.root, lang=context.lang, standin=rendered.standin
    )
    if rendered.ran and engine.enabled and context.manifest_url:
        note = provenance.note(
            context.lang,
            build_facts(engine),
            manifest_url=context.manifest_url,
            card_url=context.standin_url,
            uses_model=provenance.uses_model(written, engine.results),
        )
        shown = "\n".join([shown.rstrip("\n"), "", *note, ""])
    return PageRendered(shown, rendered.literals, problems)
