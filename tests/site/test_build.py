"""The bilingual site builds strictly, offline, with Chinese at / and English at /en/."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from kit.root import ROOT

LANGS = {"zh": "", "en": "en/"}
SITE_URL = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)[
    "site_url"
]


def html_pages(site):
    """Every built page, as (language, path relative to its language root)."""
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        if rel.startswith("en/"):
            yield "en", rel[len("en/") :]
        else:
            yield "zh", rel


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_strict_build_has_no_warnings(built_site):
    assert not re.search(r"^(WARNING|ERROR)\b", built_site.log, re.M), built_site.log


# jieba's lines when it loads its dictionary (Material's search cuts Chinese with it).
JIEBA = ("Building prefix dict", "Loading model from cache", "Loading model cost", "Prefix dict")


@pytest.mark.build
def test_the_piped_build_log_has_no_jieba_chatter_and_no_page_left_out_of_the_nav(built_site):
    """The session's build is piped, as CI's is: what it prints besides MkDocs' own lines
    should be what a contributor can act on."""
    lines = built_site.log.splitlines()
    assert not [line for line in lines if line.startswith(JIEBA)], built_site.log
    assert 'not included in the "nav"' not in built_site.log, built_site.log


@pytest.mark.build
def test_each_language_has_its_home_page_with_its_html_lang(built_site):
    assert soup(built_site.path / "index.html").html["lang"] == "zh"
    assert soup(built_site.path / "en" / "index.html").html["lang"] == "en"


@pytest.mark.build
def test_each_language_has_its_own_site_name(built_site):
    zh = soup(built_site.path / "index.html").find("title").text
    en = soup(built_site.path / "en" / "index.html").find("title").text
    assert "Hugging Face Model 使用说明" in zh and "Using a Hugging Face Model" in en


@pytest.mark.build
def test_language_selector_lands_on_the_same_page_in_the_other_language(built_site):
    pages = list(html_pages(built_site.path))
    assert {lang for lang, _ in pages} == {"zh", "en"}
    for lang, rel in pages:
        page = soup(built_site.path / LANGS[lang] / rel)
        links = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[hreflang]")}
        assert set(links) == {"zh", "en"}, f"{lang}/{rel}: selector has {links}"
        page_path = rel.removesuffix("index.html")
        # Links may be absolute or relative ("./" for the page itself): resolve them as a browser does.
        here = urljoin(SITE_URL, LANGS[lang] + page_path)
        for other, prefix in LANGS.items():
            assert urljoin(here, links[other]) == urljoin(SITE_URL, prefix + page_path), (
                f"{lang}/{rel}: the {other} link {links[other]!r} is not the same page"
            )


@pytest.mark.build
def test_no_page_loads_css_js_or_fonts_from_another_host(built_site):
    for path in built_site.path.rglob("*.html"):
        page = soup(path)
        urls = [tag.get("src") for tag in page.find_all(["script", "img", "iframe"])]
        urls += [
            tag.get("href")
            for tag in page.find_all("link")
            if "canonical" not in tag.get("rel", []) and "alternate" not in tag.get("rel", [])
        ]
        for url in filter(None, urls):
            assert not re.match(r"^(https?:)?//", url), f"{path}: loads {url}"
    for css in built_site.path.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and not re.search(
            r"url\(\s*['\"]?(https?:)?//", text
        ), css


def test_material_google_fonts_are_off():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["theme"]["font"] == "false"


def test_instant_navigation_is_off_so_the_selector_stays_right():
    # Our choice between Material's navigation.instant and a contextual language selector
    # (mkdocs-static-i18n documents that the two conflict): the selector wins.
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "navigation.instant" not in config["theme"]["features"]


def _search_docs(site):
    import json

    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.build
def test_search_index_holds_chinese_words_segmented_and_english_words(built_site):
    docs = _search_docs(built_site.path)
    zh_text = " ".join(
        d["title"] + " " + d["text"] for d in docs if not d["location"].startswith("en/")
    )
    en_text = " ".join(
        d["title"] + " " + d["text"] for d in docs if d["location"].startswith("en/")
    )
    # jieba cuts Chinese into words with zero-width spaces; the separator must split on them.
    assert "\u200b网站\u200b" in zh_text
    assert "different" in en_text and "网站" not in en_text


@pytest.mark.build
@pytest.mark.parametrize(("lang", "word"), [("zh", "归一化"), ("en", "softmax")])
def test_a_word_of_the_article_finds_the_article_once(built_site, lang, word):
    # The notebook pages repeat the article's prose; they are kept out of the index.
    prefix = "en/" if lang == "en" else ""
    pages = {
        d["location"].split("#")[0]
        for d in _search_docs(built_site.path)
        if d["location"].startswith("en/") == (lang == "en")
        and word in (d["title"] + " " + d["text"]).replace("\u200b", "")
    }
    assert pages == {f"{prefix}article/"}


def test_search_separator_splits_chinese_segments():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    separator = re.compile(search["separator"])  # Python and JS read \u200b alike
    assert separator.split("这个\u200b网站\u200b有") == ["这个", "网站", "有"]


@pytest.mark.build
def test_mermaid_is_vendored_at_the_pinned_version_outside_the_site(built_site):
    from hf_model_guide.diagrams import MERMAID
    from hf_model_guide.diagrams.vendor import ENTRY, PINNED_VERSION, reachable_files

    assert (MERMAID / "VERSION").read_text().strip() == PINNED_VERSION
    # Every module the entry can import was vendored: drawing needs no CDN.
    assert all(path.is_file() for path in reachable_files(MERMAID, ENTRY))
    # Diagrams are drawn when the site is made: Mermaid is not published, no page loads it.
    assert not list(built_site.path.rglob("*.mjs"))
    for path in built_site.path.rglob("*.html"):
        assert "mermaid.esm" not in path.read_text(encoding="utf-8"), path
    assert soup(built_site.path / "index.html").select(".diagram > svg[role=img]")


@pytest.mark.build
def test_repository_link_does_not_ask_github_for_stars(built_site):
    # Material's "source" component calls api.github.com on every page view.
    for path in built_site.path.rglob("*.html"):
        assert 'data-md-component="source"' not in path.read_text(encoding="utf-8"), path


def test_search_has_no_stemmer_so_prefixes_match():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert "stemmer" not in search["pipeline"]


@pytest.mark.build
def test_the_sitemap_lists_every_page_notebooks_included(built_site):
    from browser.sitepages import LANGS, built_pages

    sitemap = (built_site.path / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    site_url = "https://hf-model-guide.github.io/hf-model-guide/"
    pages = {
        site_url + LANGS[lang] + page
        for lang, found in built_pages(built_site.path).items()
        for page in found
    }
    assert any("notebooks/" in p for p in pages)
    assert pages - listed == set(), "pages the sitemap leaves out"
