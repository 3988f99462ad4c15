"""MkDocs adapter for ``hf_model_guide.notebooks``, and the bridge that lets mkdocs-jupyter
render notebooks under mkdocs-static-i18n.

In ``mkdocs.yml``, after ``run-snippets``, ``mkdocs-jupyter`` and ``i18n``::

    - notebooks:
        pages: [article.md]      # one notebook a page, in every language the site builds

Why a bridge: mkdocs-static-i18n 1.3.1 remakes every file of ``docs_dir`` as a plain MkDocs
``File`` in its ``on_files`` (priority -100, after everyone else's). mkdocs-jupyter's
``on_files`` had wrapped each ``.ipynb`` as a documentation page; the remade file is an asset
again, so the notebook is copied raw and no page is made, and the second language never gets
one (upstream mkdocs-static-i18n issue #198, whatever the plugin order). So our notebooks are
not put in ``docs_dir`` at all. For each build — i18n runs one per language — this plugin's
``on_files`` runs after i18n's (priority -150) and adds, for the language being built:

- the notebook as a documentation page (``[en/]notebooks/article/``), with the attributes i18n
  gives its own pages (``locale``, ``alternates``…) so the language selector and links work.
  mkdocs-jupyter's own ``on_pre_page`` recognises it by its ``.ipynb`` source and renders it
  with its converter, as it would any notebook: nothing of mkdocs-jupyter is replaced;
- the same file as an asset beside it (``[en/]notebooks/article/article[.en].ipynb``), which
  is where mkdocs-jupyter's ``page.nb_url`` points: the download button and the pages' direct
  download links lead there, and MkDocs checks those links like any other.

The notebook files are written, content-addressed, under ``<cache>/notebooks/<hash>/``
(mkdocs-jupyter reads notebooks from disk), so concurrent builds never see each other's.

A page is rendered once (``on_pre_page``): mkdocs-jupyter's render, then its HTML made to
follow the site's rules (``hf_model_guide.html.notebook_page``), kept by content beside the
notebook file (``hf_model_guide.notebooks.rendered``); a later build, in either language,
takes it from there while nothing that goes into it changed. mkdocs-jupyter's own cache stays
off: i18n's per-language builds would evict each other's entries.

On the rendered page (``on_page_content``) the notebook is kept out of the search index (its
prose is the article's: every search would find both), the table of contents is made from its
headings, and a download button and an "Open in Colab" button are added, as Material draws its
own page actions.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from hf_model_guide import atomic, labels
from hf_model_guide.html import notebook_page
from hf_model_guide.notebooks import NotebookError, Site, notebook_text, rendered
from hf_model_guide.paths import cache_dir
from hf_model_guide.plugins.common import list_in_sitemap
from hf_model_guide.plugins.run_snippets import SnippetsPlugin

log = get_plugin_logger(__name__)

HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)">(?P<text>.*?)<a class="anchor-link"', re.S
)
BUTTONS = labels.table("notebook_buttons")
ICONS = {"download": "material/download.svg", "colab": "simple/googlecolab.svg"}


class NotebooksConfig(Config):
    pages = c.ListOfItems(c.Type(str), default=["article.md"])
    folder = c.Type(str, default="notebooks")  # on the site
    # The branch Colab opens the notebooks from: the publish workflow writes them there.
    branch = c.Type(str, default="notebooks")


class NotebookPage(File):
    """A generated notebook that MkDocs treats as a page (mkdocs-jupyter renders it)."""

    # What mkdocs-static-i18n sets on the files it localises (see _page_file).
    locale: str
    locale_alternate_of: str
    localization: str | None
    norm_src_uri: str
    alternates: dict[str, NotebookPage]

    def is_documentation_page(self) -> bool:
        return True


class TocToken(TypedDict):  # what Python-Markdown's nest_toc_tokens reads
    level: int
    id: str
    name: str


def toc(html: str) -> TableOfContents:
    """The table of contents of the headings as rendered (mkdocs-jupyter's own is made from
    ids it computes apart, which do not match nbconvert's for Chinese headings)."""
    tokens: list[TocToken] = [
        {"level": int(m["level"]), "id": m["id"], "name": re.sub(r"<[^>]+>", "", m["text"])}
        for m in HEADING.finditer(html)
    ]
    return get_toc(nest_toc_tokens(tokens))


class NotebooksPlugin(BasePlugin[NotebooksConfig]):
    def __init__(self) -> None:
        self.downloads: dict[str, File] = {}  # page src_uri -> its .ipynb asset
        self.colab: dict[str, str] = {}  # page src_uri -> its Colab URL

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for needed in ("run-snippets", "mkdocs-jupyter"):
            if needed not in config.plugins:
                raise PluginError(f"notebooks: the `{needed}` plugin must be enabled too")
        return config

    def _languages(self, config: MkDocsConfig) -> tuple[str, tuple[str, ...]]:
        """The language being built, and all of them with the default first."""
        i18n = config.plugins.get("i18n")
        if i18n is None or getattr(i18n, "current_language", None) is None:
            lang = config.theme.get("language") or "en"
            return lang, (lang,)
        default = i18n.default_language
        return i18n.current_language, (default, *(x for x in i18n.build_languages if x != default))

    @staticmethod
    def _snippets(config: MkDocsConfig) -> SnippetsPlugin:
        """The run-snippets plugin, whose engine ran the snippets the notebooks show."""
        snippets = config.plugins["run-snippets"]
        if not isinstance(snippets, SnippetsPlugin):
            raise PluginError("notebooks: `run-snippets` is not hf_model_guide's plugin")
        return snippets

    def _site(self, config: MkDocsConfig, languages: tuple[str, ...]) -> Site:
        snippets = self._snippets(config)
        return Site(
            root=Path(config.config_file_path).resolve().parent,
            site_url=config.site_url or "",
            repo_url=config.repo_url or "",
            pages=tuple(self.config.pages),
            languages=languages,
            docs_dir=posixpath.relpath(config.docs_dir, Path(config.config_file_path).parent),
            folder=self.config.folder,
            branch=self.config.branch,
            standin_card=snippets.config.standin_card_url,
        )

    @event_priority(-150)  # after mkdocs-static-i18n's on_files (-100) remade the file list
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        lang, languages = self._languages(config)
        site = self._site(config, languages)
        engine = self._snippets(config).engine
        if engine is None:
            raise PluginError("notebooks: run-snippets has not prepared the pages")
        self.downloads, self.colab = {}, {}
        for page in site.pages:
            try:
                text = notebook_text(engine, site, page, lang)
            except (NotebookError, OSError) as exc:
                raise PluginError(f"notebooks: {exc}") from None
            source = self._write(site, page, lang, text)
            alternates = {
                other: self._page_file(site, page, other, config, source) for other in languages
            }
            notebook = alternates[lang]
            notebook.alternates = alternates
            download = File(
                posixpath.join(site.page_dir(page), site.notebook_name(page, lang)),
                None,
                config.site_dir,
                config.use_directory_urls,
                dest_uri=posixpath.join(
                    posixpath.dirname(notebook.dest_uri), site.notebook_name(page, lang)
                ),
            )
            download.abs_src_path = str(source)
            files.append(notebook)
            files.append(download)
            list_in_sitemap(config, lang, notebook)
            self.downloads[notebook.src_uri] = download
            self.colab[notebook.src_uri] = site.colab_url(page, lang)
        return files

    @staticmethod
    def _write(site: Site, page: str, lang: str, text: str) -> Path:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        path = cache_dir() / "notebooks" / digest / site.repo_path(page, lang)
        if not path.is_file():
            atomic.write_text(path, text)
        else:
            os.utime(path)  # in use: run-snippets prunes what no build touched
        return path

    @staticmethod
    def _page_file(
        site: Site, page: str, lang: str, config: MkDocsConfig, source: Path
    ) -> NotebookPage:
        """The notebook's page for ``lang``, dressed as mkdocs-static-i18n dresses its own."""
        src_uri = site.repo_path(page, lang)
        index = "index.html" if config.use_directory_urls else ""
        dest = site.prefix(lang) + site.page_dir(page) + index
        if not index:
            dest = dest.rstrip("/") + ".html"
        file = NotebookPage(
            src_uri,
            str(source.parents[src_uri.count("/")]),
            config.site_dir,
            config.use_directory_urls,
            dest_uri=dest,
        )
        file.locale = file.locale_alternate_of = lang
        file.localization = None if lang == site.default else lang
        file.norm_src_uri = site.repo_path(page, site.default)
        return file

    @event_priority(-50)  # after mkdocs-jupyter's on_pre_page gave the page its render
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if not isinstance(page.file, NotebookPage) or "render" not in vars(page):
            return page  # not a notebook mkdocs-jupyter took
        convert = page.render  # mkdocs-jupyter's: nbconvert, every time
        lang, _ = self._languages(config)
        options = dict(config.plugins["mkdocs-jupyter"].config)
        key = rendered.page_key(Path(page.file.abs_src_path or ""), lang, options)
        folder = Path(page.file.src_dir or "") / "rendered"  # pruned with the notebook
        keep_for = self._snippets(config).config.prune_after

        def render(config: MkDocsConfig, files: Files) -> None:
            kept = rendered.load(folder, key)
            if kept is None:
                kept, whole = self._render(page, convert, config, files)
                if whole:
                    try:
                        rendered.store(folder, key, kept, keep_for)
                    except OSError as exc:
                        log.info(f"{page.file.src_uri}: rendered page not kept in {folder} ({exc})")
            else:
                log.debug(f"{page.file.src_uri}: rendered page taken from {folder}")
            page.content = kept.content
            if kept.title is not None:
                page.title = kept.title

        page.render = render  # type: ignore[method-assign]
        return page

    @staticmethod
    def _render(
        page: Page,
        convert: Callable[[MkDocsConfig, Files], None],
        config: MkDocsConfig,
        files: Files,
    ) -> tuple[rendered.Rendered, bool]:
        """The page as mkdocs-jupyter renders it, made to follow the site's rules, and whether
        it came out whole (a page with a warning is not kept: the next build warns again)."""
        before = vars(page).get("title")
        convert(config, files)
        warned: list[str] = []

        def warn(message: str) -> None:
            warned.append(message)
            log.warning(message)

        content = notebook_page.clean_html(page.content or "", warn)
        title = vars(page).get("title")  # set by mkdocs-jupyter from the notebook, or not
        return rendered.Rendered(content, title if title is not before else None), not warned

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        download = self.downloads.get(page.file.src_uri)
        if download is None or not isinstance(page.file, NotebookPage):
            return html
        page.toc = toc(html)
        # The notebook repeats the article's prose: out of the search index, so that a word of
        # the article finds the article once. Material's search reads this in on_page_context,
        # which runs after this event, in each language's build.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if notebook_page.OTHER_HOST.search(html):
            log.warning(
                f"{page.file.src_uri}: the rendered notebook still loads a script "
                "from another host (did nbconvert's template change?)"
            )
        lang, _ = self._languages(config)
        words = BUTTONS["zh" if lang.startswith("zh") else "en"]
        buttons = [
            (self.colab[page.file.src_uri], "colab", ' target="_blank" rel="noopener"'),
            (download.url_relative_to(page.file), "download", " download"),
        ]
        return (
            "".join(
                f'<a href="{href}" title="{words[kind]}" aria-label="{words[kind]}" '
                f'class="md-content__button md-icon '
                f'notebook-{kind}"{extra}>{self._icon(config, kind)}</a>'
                for href, kind, extra in buttons
            )
            + html
        )

    @staticmethod
    def _icon(config: MkDocsConfig, kind: str) -> str:
        for folder in config.theme.dirs:
            path = Path(folder) / ".icons" / ICONS[kind]
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return ""
