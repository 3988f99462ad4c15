"""Notebooks made from pages: the page's prose and snippets, with the outputs the build stored.

No site generator is imported here (``hf_model_guide.plugins.notebooks`` adapts it to MkDocs).
A notebook is a build product: the build makes it from the engine's results, with the outputs
of the model the build ran. The copies "Open in Colab" reads from GitHub hold no outputs; the
publish workflow makes them with the real checkpoint (``python -m hf_model_guide.notebooks``)
and commits them to the ``notebooks`` branch. The repository's ``main`` keeps none: their text
holds numbers from a run, which another processor rounds otherwise.

    engine.prepare({site.source(page, lang): text, ...})
    notebooks = generate(engine, site)   # {(page, lang): .ipynb text}
"""

from __future__ import annotations

from .notebook import NotebookError, PageInfo, build, dumps
from .site import Site, from_mkdocs_yml

__all__ = ["NotebookError", "Site", "from_mkdocs_yml", "generate", "notebook_text", "sources"]


def sources(site: Site) -> dict[str, str]:
    """Every page a notebook is made from, all languages: {path from the root: Markdown}."""
    paths = {site.source(page, lang) for page in site.pages for lang in site.languages}
    return {path: (site.root / path).read_text(encoding="utf-8-sig") for path in sorted(paths)}


def notebook_text(
    engine, site: Site, page: str, lang: str, markdown: str | None = None, *, outputs: bool = True
) -> str:
    """The notebook of ``page`` in ``lang``, as the .ipynb file's text (``outputs=False``:
    without outputs, as Colab opens it)."""
    source = site.source(page, lang)
    if markdown is None:
        markdown = (site.root / source).read_text(encoding="utf-8-sig")
    links = site.links(page, lang)
    info = PageInfo(
        page=source, lang=lang, links=links, standin_url=links.absolute(site.standin_card)
    )
    return dumps(build(engine, markdown, info, outputs=outputs))


def generate(engine, site: Site, *, outputs: bool = True) -> dict[tuple[str, str], str]:
    return {
        (page, lang): notebook_text(engine, site, page, lang, outputs=outputs)
        for page in site.pages
        for lang in site.languages
    }
