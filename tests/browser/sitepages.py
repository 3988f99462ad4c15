"""The site's pages: the ones the built site holds (Markdown pages and generated ones alike),
and the Markdown a page is built from."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGS = {"zh": "", "en": "en/"}  # language -> its root under the site's base URL
DEFAULT = "zh"  # the language at the site's root
ARTICLE = "article/"


def built_pages(site: Path) -> dict[str, list[str]]:
    """language -> its pages, as paths under the language root ("", "article/", ...)."""
    pages: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for html in sorted(site.rglob("index.html")):
        rel = html.relative_to(site).as_posix().removesuffix("index.html")
        if rel.startswith(("assets/", "search/")):
            continue
        lang = next(
            (code for code, root in LANGS.items() if root and rel.startswith(root)), DEFAULT
        )
        pages[lang].append(rel.removeprefix(LANGS[lang]))
    return pages


def url(base: str, lang: str, page: str) -> str:
    return base + LANGS[lang] + page


def source(lang: str, page: str) -> Path:
    """The Markdown a page is built from: its translation if there is one, else the original
    (page.md is Chinese, page.en.md English: docs_structure suffix, fallback to default)."""
    original = DOCS / (page.rstrip("/") or "index")
    original = (
        original.with_suffix(".md")
        if original.with_suffix(".md").exists()
        else original / "index.md"
    )
    translated = original.with_suffix(f".{lang}.md")
    return translated if lang != DEFAULT and translated.exists() else original
