"""Which notebooks the site has, in which languages, and where each one is published.

A notebook is made for each page listed in the ``notebooks`` plugin's ``pages`` and each
language the site builds. Names follow mkdocs-static-i18n's suffix structure, so the same
``page.en.md`` → ``page.en.ipynb`` rule holds for pages and notebooks:

- the page's source: ``docs/article.md`` (default language), ``docs/article.en.md`` (falls
  back to the default language's page when missing, as the site does);
- the notebook on the ``notebooks`` branch: ``article.ipynb``, ``article.en.ipynb``, what
  "Open in Colab" opens (Colab reads notebooks from GitHub); the publish workflow writes them
  there, made with the real checkpoint (``python -m hf_model_guide.notebooks``), and ``main``
  holds none;
- on the site: the rendered page ``[en/]notebooks/article/`` and the file itself beside it,
  ``[en/]notebooks/article/article[.en].ipynb``.

``from_mkdocs_yml`` reads these settings from ``mkdocs.yml`` without MkDocs (for the command
line and the tests); the MkDocs adapter builds the same object from its loaded config.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from hf_model_guide import mkdocs_yml

from .prose import Links

COLAB = "https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"


@dataclass(frozen=True)
class Site:
    root: Path
    site_url: str
    repo_url: str
    pages: tuple[str, ...] = ("article.md",)  # relative to docs_dir
    languages: tuple[str, ...] = ("en",)  # the default language first
    docs_dir: str = "docs"
    folder: str = "notebooks"
    branch: str = "notebooks"
    standin_card: str = "standin.md"

    @property
    def default(self) -> str:
        return self.languages[0]

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default else f"{lang}/"

    def _suffixed(self, page: str, lang: str, ext: str) -> str:
        stem = page.removesuffix(".md")
        return f"{stem}{ext}" if lang == self.default else f"{stem}.{lang}{ext}"

    def source(self, page: str, lang: str) -> str:
        """The page's Markdown for ``lang``, as a path from the project root."""
        localized = posixpath.join(self.docs_dir, self._suffixed(page, lang, ".md"))
        if (self.root / localized).is_file():
            return localized
        return posixpath.join(self.docs_dir, page)

    def notebook_name(self, page: str, lang: str) -> str:
        return posixpath.basename(self._suffixed(page, lang, ".ipynb"))

    def repo_path(self, page: str, lang: str) -> str:
        """The notebook as a file of the site's sources: ``notebooks/article.en.ipynb``."""
        folder = posixpath.join(self.folder, posixpath.dirname(page))
        return posixpath.join(folder, self.notebook_name(page, lang))

    def stub(self, page: str, lang: str) -> str:
        """The notebook page's committed stub in ``docs_dir``: ``notebooks/article.en.md``,
        the page under a builder that runs no MkDocs plugin (``site_page``); MkDocs' notebooks
        plugin puts its own page in its place."""
        folder = posixpath.join(self.folder, posixpath.dirname(page))
        return posixpath.join(folder, posixpath.basename(self._suffixed(page, lang, ".md")))

    def branch_path(self, page: str, lang: str) -> str:
        """Where the notebook is on the ``branch`` Colab opens: ``article.en.ipynb``."""
        return posixpath.join(posixpath.dirname(page), self.notebook_name(page, lang))

    def page_dir(self, page: str) -> str:
        """The rendered notebook's folder on the site, below the language root."""
        return posixpath.join(self.folder, page.removesuffix(".md")) + "/"

    def colab_url(self, page: str, lang: str) -> str:
        repo = self.repo_url.rstrip("/").removeprefix("https://github.com/")
        return COLAB.format(repo=repo, branch=self.branch, path=self.branch_path(page, lang))

    def links(self, page: str, lang: str) -> Links:
        page_url = Links(self.site_url, self.prefix(lang), "").absolute(page)
        return Links(self.site_url, self.prefix(lang), page_url)


def from_mkdocs_yml(root: Path) -> Site:
    """The settings of the site at ``root``, read from its ``mkdocs.yml`` (no MkDocs import)."""
    config_file = root / "mkdocs.yml"
    config = mkdocs_yml.read(config_file)
    plugins = {}
    for item in config.get("plugins") or []:
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        plugins[name] = options or {}
    if "notebooks" not in plugins:
        raise ValueError(f"{config_file}: no `notebooks` plugin in `plugins`")
    options = plugins["notebooks"]
    languages = [
        lang for lang in plugins.get("i18n", {}).get("languages", []) if lang.get("build", True)
    ]
    default = next(
        (lang["locale"] for lang in languages if lang.get("default")),
        (config.get("theme") or {}).get("language", "en"),
    )
    return Site(
        root=root,
        site_url=config["site_url"],
        repo_url=config["repo_url"],
        pages=tuple(options.get("pages", Site.pages)),
        languages=(default, *(lang["locale"] for lang in languages if lang["locale"] != default)),
        docs_dir=config.get("docs_dir", "docs"),
        folder=options.get("folder", Site.folder),
        branch=options.get("branch", Site.branch),
        standin_card=plugins.get("run-snippets", {}).get("standin_card_url", Site.standin_card),
    )
