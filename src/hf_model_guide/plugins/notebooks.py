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

On the rendered page (``on_page_content``) the notebook is kept out of the search index (its
prose is the article's: every search would find both), and its HTML is made to follow the site's
rules: Mermaid diagrams are replaced by their committed drawings, as on the other pages
(nbconvert's template would import Mermaid and MathJax from a CDN), headings take the page's explicit ids and the
table of contents is made from them, and a download button and an "Open in Colab" button are
added, as Material draws its own page actions.
"""

from __future__ import annotations

import base64
import hashlib
import os
import posixpath
import re
from html import escape, unescape
from pathlib import Path
from typing import TypedDict

from markdown.extensions.toc import nest_toc_tokens
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import TableOfContents, get_toc

from hf_model_guide.diagrams import svg_path
from hf_model_guide.diagrams.fence import figure
from hf_model_guide.html import css_purge, notebook_trim
from hf_model_guide.notebooks import NotebookError, Site, notebook_text
from hf_model_guide.paths import cache_dir

log = get_plugin_logger(__name__)

MERMAID = re.compile(
    r'<div class="jp-Mermaid">\s*<pre class="mermaid">\s*(.*?)</pre>\s*</div>', re.S
)
# nbconvert's template blocks that load scripts from a CDN (lab/mermaidjs.html.j2 and
# base/mathjax.html.j2); each ends with a comment we can find.
CDN_BLOCKS = (
    re.compile(
        r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded"'
        r".*?<!-- End of mermaid configuration -->",
        re.S,
    ),
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
)
# A heading after the anchor the notebook's prose puts before it (notebooks/prose.py): the
# heading takes the page's own id. nbconvert makes ids from the heading's text, which drops
# Chinese ("Model 是什么？" and "Model 处理流程" both become "model").
ANCHORED = re.compile(
    r'<p><a id="(?P<id>[^"]+)"></a></p>\s*<h(?P<level>[1-6]) id="[^"]*">'
    r'(?P<text>.*?)<a class="anchor-link" href="#[^"]*">',
    re.S,
)
# An SVG output as nbconvert's lab template draws it (its alt is added after, when missing).
SVG_IMAGE = re.compile(
    r'<img(?: alt="[^"]*")? src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"[^>]*>'
)
TABLE_OUTPUT = re.compile(
    r'(<div class="[^"]*\bjp-RenderedHTML jp-OutputArea-output"[^>]*>\s*)<table>'
)
HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)">(?P<text>.*?)<a class="anchor-link"', re.S
)
SCROLLING = re.compile(
    r'<div class="highlight-ipynb[^"]*"'
)  # its output areas have tabindex already
# A code block in a Markdown cell (the 2023 article's quoted values): its <pre> scrolls.
MARKDOWN_CODE = re.compile(r'<div class="highlight"[^>]*>\s*<pre(?=[\s>])')
OTHER_HOST = re.compile(r"""(?:src=["']|import\(["'])(?:https?:)?//""")
BUTTONS = {
    "zh": {"download": "下载笔记本（.ipynb）", "colab": "在 Colab 中打开"},
    "en": {"download": "Download the notebook (.ipynb)", "colab": "Open in Colab"},
}
ICONS = {"download": "material/download.svg", "colab": "simple/googlecolab.svg"}


class NotebooksConfig(Config):
    pages = c.ListOfItems(c.Type(str), default=["article.md"])
    folder = c.Type(str, default="notebooks")  # in the repository and on the site
    branch = c.Type(str, default="main")  # the branch Colab opens the notebooks from


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


def diagram(source: str) -> str:
    """A Mermaid block of the notebook as the site's pages show it: its committed drawing
    (the notebook's Markdown cell keeps the source, which JupyterLab draws itself)."""
    drawn = figure(source)
    if drawn is None:
        log.warning(
            f"diagram not drawn ({svg_path(source).name}): run `python -m hf_model_guide.diagrams`"
        )
        return f'<pre class="diagram diagram--missing"><code>{escape(source)}</code></pre>'
    return drawn


def inline_svg(match: re.Match) -> str:
    """An SVG output as the article shows it: inline, so it takes the page's text colour
    (``currentColor``) in both schemes and keeps its own alt text (``aria-label``); nbconvert
    draws it as an ``<img>``, black on any scheme and described as "no description"."""
    return base64.b64decode(match[1]).decode("utf-8")


def clean_html(html: str) -> str:
    """The rendered notebook, with the site's drawn diagrams and no script from another host,
    and its headings under the page's ids."""
    html = MERMAID.sub(lambda m: diagram(unescape(m[1])), html)
    html = SVG_IMAGE.sub(inline_svg, html)
    # A table output keeps its class here: Material leaves it alone (it would wrap it in a
    # scroll box no keyboard can reach); the output area, focusable, scrolls it (snippets.css).
    html = TABLE_OUTPUT.sub(r'\1<table class="dataframe">', html)
    for block in CDN_BLOCKS:
        html = block.sub("", html)
    # nbconvert's code areas scroll sideways but cannot take focus, so a keyboard cannot
    # scroll them (axe: scrollable-region-focusable); Material makes its own code focusable.
    html = SCROLLING.sub(r'\g<0> tabindex="0"', html)
    html = MARKDOWN_CODE.sub(r'\g<0> tabindex="0"', html)
    html = notebook_trim.trim(html)  # elements no reader sees, which each restyle pays for
    html = css_purge.purge(html, drop=notebook_trim.COSTLY)  # JupyterLab's stylesheet: 575 KB
    return ANCHORED.sub(
        lambda m: (
            f'<h{m["level"]} id="{m["id"]}">{m["text"]}<a class="anchor-link" href="#{m["id"]}">'
        ),
        html,
    )


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

    def on_config(self, config):
        for needed in ("run-snippets", "mkdocs-jupyter"):
            if needed not in config.plugins:
                raise PluginError(f"notebooks: the `{needed}` plugin must be enabled too")
        return config

    def _languages(self, config) -> tuple[str, tuple[str, ...]]:
        """The language being built, and all of them with the default first."""
        i18n = config.plugins.get("i18n")
        if i18n is None or getattr(i18n, "current_language", None) is None:
            lang = config.theme.get("language") or "en"
            return lang, (lang,)
        default = i18n.default_language
        return i18n.current_language, (default, *(x for x in i18n.build_languages if x != default))

    def _site(self, config, languages: tuple[str, ...]) -> Site:
        snippets = config.plugins["run-snippets"]
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
    def on_files(self, files, *, config):
        lang, languages = self._languages(config)
        site = self._site(config, languages)
        engine = config.plugins["run-snippets"].engine
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
            self._list_in_sitemap(config, lang, notebook)
            self.downloads[notebook.src_uri] = download
            self.colab[notebook.src_uri] = site.colab_url(page, lang)
        return files

    @staticmethod
    def _list_in_sitemap(config, lang: str, notebook: File) -> None:
        """mkdocs-static-i18n writes sitemap.xml from the pages it listed in its own on_files,
        before ours were added: add the notebook to its list, or the sitemap leaves it out."""
        listed = getattr(config.plugins.get("i18n"), "i18n_files_per_language", None)
        if isinstance(listed, dict) and isinstance(listed.get(lang), list):
            listed[lang].append(notebook)

    @staticmethod
    def _write(site: Site, page: str, lang: str, text: str) -> Path:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        path = cache_dir() / "notebooks" / digest / site.repo_path(page, lang)
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        else:
            os.utime(path)  # in use: run-snippets prunes what no build touched
        return path

    @staticmethod
    def _page_file(site: Site, page: str, lang: str, config, source: Path) -> NotebookPage:
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

    def on_page_content(self, html: str, /, *, page, config, files) -> str:
        download = self.downloads.get(page.file.src_uri)
        if download is None or not isinstance(page.file, NotebookPage):
            return html
        html = clean_html(html)
        page.toc = toc(html)
        # The notebook repeats the article's prose: out of the search index, so that a word of
        # the article finds the article once. Material's search reads this in on_page_context,
        # which runs after this event, in each language's build.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if OTHER_HOST.search(html):
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
    def _icon(config, kind: str) -> str:
        for folder in config.theme.dirs:
            path = Path(folder) / ".icons" / ICONS[kind]
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return ""
