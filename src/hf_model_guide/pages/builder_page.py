"""The page being converted when no MkDocs plugin says which (Zensical, plain Markdown): its
source file, its language, and where it is published, for ``markdown_ext`` to render it as
the MkDocs build does.

Zensical (Material's successor, README "The stack") hands Python-Markdown each page with its
own rendering context, a preprocessor named ``rendering_context`` holding the page (its path
in the docs folder Zensical reads, its URL) and the configuration. zensical-i18n builds one
language at a time from a staged copy of ``docs/``, in which ``article.en.md`` is
``article.md``; the language it builds is in the configuration (``extra.i18n.locale``, which
its language selector reads). The page's file is found again from both, as
mkdocs-static-i18n's suffix structure names it: ``docs/article.en.md``, or
``docs/article.md`` when English falls back to the original.

Without a builder that tells the language, a page's file name does (``article.en.md``: en),
else it is the site's default language. No Zensical import: this reads what the builder
passes, duck-typed.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown import Markdown

from hf_model_guide import mkdocs_yml
from hf_model_guide.checks.translations import (
    Languages,
    TranslationError,
    languages_from_mkdocs,
    page_language,
)
from hf_model_guide.engine.text import read_utf8
from hf_model_guide.pages import agreement
from hf_model_guide.pages.engine_options import PLUGIN as RUN_SNIPPETS

ZENSICAL_CONTEXT = "rendering_context"  # zensical.extensions.context.ContextPreprocessor.name


@dataclass(frozen=True)
class BuilderPage:
    """A page as a builder other than MkDocs converts it."""

    page: str  # its file from the project's root, as problems name it: docs/article.en.md
    lang: str  # the language it is built in
    file_lang: str  # the language of its file: lang, or the default's for a fallback page
    src: str  # its path in the docs folder the builder reads: article.md
    url: str  # where it is published from its language's site root: article/ ("" = home)
    lang_prefix: str  # that language's folder in the site: "" or "en/"
    site_dir: Path | None = None  # where the builder writes this language's site

    def link(self, target: str) -> str:
        """A link to docs page ``target`` (``standin.md``), relative as the page's own Markdown
        links are, which the builder turns into the page's language's URL."""
        return page_link(target, self.src)

    def site_link(self, name: str) -> str:
        """A link to file ``name`` at the root of the whole site (``outputs.json``)."""
        here = posixpath.join(self.lang_prefix, self.url)
        here = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        return posixpath.relpath(name, here or ".")


def zensical_page(md: Markdown, root: Path) -> BuilderPage | None:
    """The page Zensical is converting with ``md``; None when Zensical is not converting."""
    # Duck-typed: Zensical is an optional install, and this reads only what it passes.
    context: Any = next((p for p in md.preprocessors if _is_zensical_context(p)), None)
    if context is None:
        return None
    config: dict[str, Any] = context.config or {}
    languages = site_languages(root)
    i18n = (config.get("extra") or {}).get("i18n") or {}
    staged = str(context.page.path).replace("\\", "/")
    # zensical-i18n says the language; plain Zensical reads docs/ itself: the file name does.
    lang = i18n.get("locale") or language_of(staged, languages)
    base, _ = page_language(staged, languages) if languages else (staged, lang)
    docs = docs_dir(root)
    page = source_file(root, docs, base, lang, languages)
    return BuilderPage(
        page=page,
        lang=lang,
        file_lang=language_of(page, languages) or lang,
        src=staged,
        url=str(context.page.url or ""),
        lang_prefix=str(i18n.get("prefix") or ""),
        site_dir=Path(config["root_dir"], config["site_dir"]) if config.get("site_dir") else None,
    )


def page_id(root: Path, path: Path | str) -> str:
    """A page's path from the project's folder (absolute when outside it): how problems and
    the manifest name it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_pages(root: Path, docs: Path) -> dict[str, str]:
    """Every Markdown page of ``docs`` (all languages), by its ``page_id``."""
    pages = {}
    for path in sorted(Path(docs).rglob("*.md")):
        page = page_id(root, path)
        pages[page] = read_utf8(path, page)
    return pages


def to_prepare(root: Path, pages: dict[str, str]) -> dict[str, str]:
    """What a build prepares, under either builder and for ``hf-model-guide runs plan``: the
    pages, and the runs the 2023 article's quoted values compare with, so that each snippet
    runs once for the site and a plan lists exactly the runs a build starts."""
    return {**pages, **agreement.requests(root)}


def zensical_strict(argv: list[str] | None = None) -> bool:
    """Whether Zensical was asked to abort on problems. It counts only its own warnings and
    tells an extension neither this nor whether it serves, so its command line says:
    ``zensical build --strict``, or zensical-i18n's runner, which gets its options as JSON
    (``runner build <config> <locale> {"clean": false, "strict": true}``)."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "build":
        return False
    if "--strict" in args or "-s" in args:
        return True
    try:
        options = json.loads(args[-1])
    except ValueError:
        return False
    return isinstance(options, dict) and options.get("strict") is True


def _is_zensical_context(processor: object) -> bool:
    return getattr(processor, "name", None) == ZENSICAL_CONTEXT and hasattr(processor, "page")


def site_languages(root: Path) -> Languages | None:
    """The site's languages from ``mkdocs.yml`` (the i18n plugin), None for a one-language
    site."""
    config = Path(root) / "mkdocs.yml"
    if not config.is_file():
        return None
    try:
        return languages_from_mkdocs(config)
    except TranslationError:
        return None


def _config(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as a build reads it (``!ENV`` resolved). Asked several times a page under
    Zensical (docs folder, plugin options, theme), it is parsed again only when the file or
    the environment changed. Callers read it and copy what they hand on."""
    config = Path(root) / "mkdocs.yml"
    if not config.is_file():
        return {}
    stat = config.stat()
    file = (config, stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return _parsed(file, tuple(sorted(os.environ.items())))


@functools.lru_cache(maxsize=8)
def _parsed(file: tuple[Path, int, int, int], environ: tuple) -> dict[str, Any]:
    return mkdocs_yml.read(file[0], env=True)


def docs_dir(root: Path) -> str:
    """The docs folder ``mkdocs.yml`` names, from the root (``docs``)."""
    return str(_config(root).get("docs_dir") or "docs").rstrip("/")


def theme_options(root: Path) -> dict[str, Any]:
    """The ``theme`` of ``mkdocs.yml`` (its ``custom_dir`` among them)."""
    theme = _config(root).get("theme") or {}
    return dict(theme) if isinstance(theme, dict) else {"name": theme}


def plugin_options(root: Path, name: str) -> dict[str, Any] | None:
    """The options ``mkdocs.yml`` gives MkDocs plugin ``name`` (the one configuration of both
    builders: what a plugin does, the extension does under Zensical with the same options);
    None when the site does not list it."""
    for plugin in _config(root).get("plugins") or []:
        if plugin == name:
            return {}
        if isinstance(plugin, dict) and name in plugin:
            return dict(plugin[name] or {})
    return None


def standin_card(root: Path, default: str) -> str:
    """The stand-in's card page, as the run-snippets plugin's options name it."""
    return str((plugin_options(root, RUN_SNIPPETS) or {}).get("standin_card_url") or default)


def page_link(target: str, page_src: str) -> str:
    """A link from the page ``page_src`` to the docs path ``target`` (``standin.md``,
    ``contributing.md#translations``), relative, so the builder checks it and points it at
    the page's own language; an absolute path or URL, or none, is kept as it is."""
    if not target or "://" in target or target.startswith("/"):
        return target
    path, _, anchor = target.partition("#")
    url = posixpath.relpath(path, posixpath.dirname(page_src) or ".")
    return f"{url}#{anchor}" if anchor else url


def language_of(name: str, languages: Languages | None) -> str:
    """The language a page's file name says: ``article.en.md`` → en, ``article.md`` → the
    site's default ("" with no languages configured)."""
    if languages is None:
        return ""
    return page_language(name, languages)[1]


def source_file(root: Path, docs: str, base: str, lang: str, languages: Languages | None) -> str:
    """The file a language's page ``base`` is built from: its translation, else the original
    (mkdocs-static-i18n's fallback), from the project's root."""
    if languages is not None and lang != languages.default:
        translated = posixpath.join(docs, f"{base.removesuffix('.md')}.{lang}.md")
        if (Path(root) / translated).is_file():
            return translated
    return posixpath.join(docs, base)
