"""On every page, the language selector takes the reader to the same page in the other
language, directly (no detour through Material's sitemap lookup and a redirect)."""

from __future__ import annotations

import pytest
from kit.browser import needs_chromium, visit

from .sitepages import LANGS, built_pages, url

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


@pytest.mark.parametrize("lang", LANGS)
def test_selector_switches_to_the_same_page(reader, site_base, built_site, lang):
    other = next(code for code in LANGS if code != lang)
    pages = built_pages(built_site.path)[lang]
    problems = {
        page: found for page in pages if (found := switch(reader, site_base, lang, other, page))
    }
    assert pages and not problems, problems
