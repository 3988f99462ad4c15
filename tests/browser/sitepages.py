"""The site's pages, from docs/: each is built in both languages (fallback_to_default)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGS = {"zh": "", "en": "en/"}  # language -> its root under the site's base URL


def _page_path(source: Path) -> str:
    """docs/article.md -> "article/", docs/index.md -> "" (use_directory_urls)."""
    rel = source.relative_to(DOCS).with_suffix("").as_posix()
    if rel == "index" or rel.endswith("/index"):
        return rel.removesuffix("index")
    return rel + "/"


def _is_original(source: Path) -> bool:
    # page.md is the Chinese original; page.en.md its translation (docs_structure: suffix).
    return not any(source.name.endswith(f".{lang}.md") for lang in LANGS)


SOURCES = {_page_path(p): p for p in sorted(DOCS.rglob("*.md")) if _is_original(p)}
PAGES = sorted(SOURCES)
ARTICLE = "article/"


def url(base: str, lang: str, page: str) -> str:
    return base + LANGS[lang] + page


def source(lang: str, page: str) -> Path:
    """The Markdown a page is built from: its translation if there is one, else the original."""
    original = SOURCES[page]
    translated = original.with_suffix(f".{lang}.md")
    return translated if lang != "zh" and translated.exists() else original
