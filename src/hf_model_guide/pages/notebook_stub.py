"""The notebook pages under a builder that runs no MkDocs plugin (Zensical): the Markdown
extension finds a page's committed stub (``docs/notebooks/article[.en].md``, ``Site.stub``)
and puts in its place the page MkDocs' notebooks plugin makes, from the same parts
(``notebooks.site_page``): the notebook of the page in the language built, rendered with the
options ``mkdocs.yml`` gives mkdocs-jupyter, its buttons, and the .ipynb file itself written
beside the page in the built site, where the download button and the article's links point.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import posixpath
import shutil
from pathlib import Path

from hf_model_guide.engine import Engine
from hf_model_guide.notebooks import NotebookError, Site, from_mkdocs_yml, notebook_text, site_page
from hf_model_guide.pages import builder_page
from hf_model_guide.pages.engine_options import DEFAULT_PRUNE_AFTER

log = logging.getLogger(__name__)

PLUGIN = "notebooks"
# Where the theme's icons are, first found first: the site's overrides, then Zensical's.
THEME_PACKAGE = "zensical"


class NotebookPageError(Exception):
    """The notebook of a stub could not be made (``path: message``)."""


@functools.cache
def _site(root: Path) -> Site | None:
    if builder_page.plugin_options(root, PLUGIN) is None:
        return None
    return from_mkdocs_yml(root)


def stub_of(root: Path, page: str) -> tuple[Site, str] | None:
    """The site and the page whose notebook ``page`` (from the root: ``docs/notebooks/
    article.en.md``) is the stub of; None for any other page."""
    site = _site(Path(root))
    if site is None:
        return None
    for base in site.pages:
        for lang in site.languages:
            if f"{site.docs_dir}/{site.stub(base, lang)}" == page:
                return site, base
    return None


def _icon_dirs(root: Path) -> list[Path]:
    theme = builder_page.theme_options(root)
    dirs = [root / theme["custom_dir"]] if theme.get("custom_dir") else []
    spec = importlib.util.find_spec(THEME_PACKAGE)
    if spec is not None and spec.origin is not None:
        dirs.append(Path(spec.origin).parent / "templates")
    return dirs


def page_html(engine: Engine, site: Site, page: str, lang: str, site_dir: Path | None) -> str:
    """The notebook page of ``page`` in ``lang``: its buttons and its rendered notebook, as
    MkDocs' notebooks plugin makes them; the .ipynb written into ``site_dir`` (this
    language's site) beside the page."""
    try:
        text = notebook_text(engine, site, page, lang)
    except (NotebookError, OSError) as exc:
        raise NotebookPageError(f"{site.source(page, lang)}: notebook not made: {exc}") from None
    notebook = site_page.write(site, page, lang, text)
    options = site_page.jupyter_options(
        builder_page.plugin_options(site.root, "mkdocs-jupyter") or {}
    )
    snippets = builder_page.plugin_options(site.root, builder_page.RUN_SNIPPETS) or {}
    html, _ = site_page.page_html(
        notebook,
        site_page.rendered_folder(site, page, lang, notebook),
        lang,
        options,
        float(snippets.get("prune_after", DEFAULT_PRUNE_AFTER)),
        convert=lambda: (site_page.convert(notebook, options), None),
        warn=log.warning,
        note=log.debug,
    )
    name = site.notebook_name(page, lang)
    if site_dir is not None:
        target = site_dir / site.page_dir(page) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
    # From the stub, as the page's Markdown links are written: Zensical rewrites the page's
    # links as if its HTML were Markdown's (``name`` alone would lead one folder up).
    href = posixpath.relpath(site.page_dir(page) + name, posixpath.dirname(site.stub(page, lang)))
    buttons = site_page.buttons(site.colab_url(page, lang), href, lang, _icon_dirs(site.root))
    return buttons + html
