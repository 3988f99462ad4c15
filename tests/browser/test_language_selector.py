"""On every page, the language selector takes the reader to the same page in the other
language, directly (no detour through Material's sitemap lookup and a redirect).

Every page's selector links to its counterpart (read from the built HTML); a reader's click
is followed in the browser on the article, the same script running on every page."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from kit.browser import SITE_PREFIX, needs_chromium, visit

from .sitepages import ARTICLE, LANGS, built_pages, url

pytestmark = [pytest.mark.browser, pytest.mark.build, needs_chromium]


def switch(reader, site_base: str, lang: str, other: str, page: str) -> list[str]:
    seen = visit(reader, url(site_base, lang, page))
    try:
        selector = seen.page.locator("header .md-select").first
        selector.hover()  # the list opens on hover, as for a reader with a mouse
        with seen.page.expect_navigation() as navigation:
            selector.locator(f"a.md-select__link[hreflang={other}]").click()
        response = navigation.value
        found = seen.errors[:]
        if response.url != url(site_base, other, page):
            found.append(f"landed on {response.url}")
        if response.status != 200 or response.request.redirected_from is not None:
            found.append(
                f"status {response.status}, redirected from {response.request.redirected_from}"
            )
        if (html_lang := seen.page.evaluate("document.documentElement.lang")) != other:
            found.append(f"<html lang={html_lang!r}>")
        return found
    finally:
        seen.page.close()


def other_language(lang: str) -> str:
    return next(code for code in LANGS if code != lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_pages_selector_links_to_the_same_page(built_site, lang):
    other = other_language(lang)
    pages = built_pages(built_site.path)[lang]
    base = "http://site" + SITE_PREFIX  # the published path: some links are absolute
    wrong = {}
    for page in pages:
        html = (built_site.path / url("", lang, page) / "index.html").read_text(encoding="utf-8")
        links = BeautifulSoup(html, "html.parser").select(f"a.md-select__link[hreflang={other}]")
        targets = {urljoin(url(base, lang, page), link["href"]) for link in links}
        if targets != {url(base, other, page)}:
            wrong[page] = targets
    assert pages and not wrong, wrong


@pytest.mark.parametrize("lang", LANGS)
def test_selector_switches_to_the_same_page(reader, site_base, built_site, lang):
    assert ARTICLE in built_pages(built_site.path)[lang]
    assert not (found := switch(reader, site_base, lang, other_language(lang), ARTICLE)), found
