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
  It takes the place of the page's committed stub (``docs/notebooks/article[.en].md``, what
  Zensical renders, see ``pages.notebook_stub``): the same path, which the nav and the pages'
  links name. mkdocs-jupyter's own ``on_pre_page`` recognises it by its ``.ipynb`` source and
  renders it with its converter, as it would any notebook;
- the same file as an asset beside it (``[en/]notebooks/article/article[.en].ipynb``), which
  is where mkdocs-jupyter's ``page.nb_url`` points: the download button and the pages' direct
  download links lead there, and MkDocs checks those links like any other.

What both builders do alike is ``hf_model_guide.notebooks.site_page``: the notebook files
written, content-addressed, under ``<cache>/notebooks/<hash>/`` (mkdocs-jupyter reads notebooks
from disk), so concurrent builds never see each other's; a page rendered once
(``on_pre_page``): mkdocs-jupyter's render, then its HTML made to follow the site's rules
(``hf_model_guide.html.notebook_page``), kept by content beside the notebook file
(``hf_model_guide.notebooks.rendered``); a later build, in either language and by either
builder, takes it from there while nothing that goes into it changed; the buttons. mkdocs-jupyter's own cache stays
off: i18n's per-language builds would evict each other's entries.

On the rendered page (``on_page_content``) the notebook is kept out of the search index (its
prose is the article's: every search would find both), the table of contents is made from its
headings, and a download button and an "Open in Colab" button are added, as Material draws its
own page actions.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from hf_model_guide.html import notebook_page
from hf_model_guide.notebooks import NotebookError, Site, notebook_text, site_page
from hf_model_guide.plugins.common import list_in_sitemap
from hf_model_guide.plugins.run_snippets import SnippetsPlugin

log = get_plugin_logger(__name__)


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


def toc(html: str) -> TableOfContents:
    """The table of contents of the headings as rendered (mkdocs-jupyter's own is made from
    ids it computes apart, which do not match nbconvert's for Chinese headings)."""
    return get_toc(site_page.toc_tokens(html))


class NotebooksPlugin(BasePlugin[NotebooksConfig]):
    def __init__(self) -> None:
        self.downloads: dict[str, File] = {}  # page src_uri -> its .ipynb asset
        self.colab: dict[str, str] = {}  # page src_uri -> its Colab URL
        self.folders: dict[str, Path] = {}  # page src_uri -> where its render is kept

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
        self.downloads, self.colab, self.folders = {}, {}, {}
        # The pages' stubs, what Zensical renders (notebooks.site_page): this page replaces them.
        docs = Path(config.docs_dir)
        stubs = {
            (docs / site.stub(page, other)).resolve() for page in site.pages for other in languages
        }
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).resolve() in stubs:
                files.remove(file)
        for page in site.pages:
            try:
                text = notebook_text(engine, site, page, lang)
            except (NotebookError, OSError) as exc:
                raise PluginError(f"notebooks: {exc}") from None
            source = site_page.write(site, page, lang, text)
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
            self.folders[notebook.src_uri] = site_page.rendered_folder(site, page, lang, source)
        return files

    @staticmethod
    def _page_file(
        site: Site, page: str, lang: str, config: MkDocsConfig, source: Path
    ) -> NotebookPage:
        """The notebook's page for ``lang``, dressed as mkdocs-static-i18n dresses its own."""
        src_uri = site.stub(page, lang)  # the nav's and the pages' links name the stub
        index = "index.html" if config.use_directory_urls else ""
        dest = site.prefix(lang) + site.page_dir(page) + index
        if not index:
            dest = dest.rstrip("/") + ".html"
        file = NotebookPage(
            src_uri, None, config.site_dir, config.use_directory_urls, dest_uri=dest
        )
        file.abs_src_path = str(source)  # the notebook itself, which mkdocs-jupyter renders
        file.locale = file.locale_alternate_of = lang
        file.localization = None if lang == site.default else lang
        file.norm_src_uri = site.stub(page, site.default)
        return file

    @event_priority(-50)  # after mkdocs-jupyter's on_pre_page gave the page its render
    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if not isinstance(page.file, NotebookPage) or "render" not in vars(page):
            return page  # not a notebook mkdocs-jupyter took
        convert = page.render  # mkdocs-jupyter's: nbconvert, every time
        lang, _ = self._languages(config)
        options = dict(config.plugins["mkdocs-jupyter"].config)
        source = Path(page.file.abs_src_path or "")
        folder = self.folders[page.file.src_uri]
        keep_for = self._snippets(config).config.prune_after

        def render(config: MkDocsConfig, files: Files) -> None:
            def converted() -> tuple[str, str | None]:
                before = vars(page).get("title")
                convert(config, files)
                title = vars(page).get("title")  # set by mkdocs-jupyter from the notebook, or not
                return page.content or "", title if title is not before else None

            page.content, title = site_page.page_html(
                source,
                folder,
                lang,
                options,
                keep_for,
                convert=converted,
                warn=log.warning,
                note=lambda message: log.debug(f"{page.file.src_uri}: {message}"),
            )
            if title is not None:
                page.title = title

        page.render = render  # type: ignore[method-assign]
        return page

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
        href = download.url_relative_to(page.file)
        icon_dirs = [Path(folder) for folder in config.theme.dirs]
        return site_page.buttons(self.colab[page.file.src_uri], href, lang, icon_dirs) + html
