"""The language selector takes the reader to the same page in the other language, directly
(no detour through Material's sitemap lookup and a redirect)."""

from __future__ import annotations

import pytest
from browserkit import needs_chromium, visit
from sitepages import LANGS, PAGES, url

pytestmark = needs_chromium


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_selector_switches_to_the_same_page(reader, site_base, lang, page):
    other = next(code for code in LANGS if code != lang)
    seen = visit(reader, url(site_base, lang, page))
    try:
        selector = seen.page.locator("header .md-select").first
        selector.hover()  # the list opens on hover, as for a reader with a mouse
        with seen.page.expect_navigation() as navigation:
            selector.locator(f"a.md-select__link[hreflang={other}]").click()
        response = navigation.value
        assert response.url == url(site_base, other, page)
        assert response.status == 200
        assert response.request.redirected_from is None, "the selector's link was redirected"
        assert seen.page.evaluate("document.documentElement.lang") == other
        assert not seen.errors, seen.errors
    finally:
        seen.page.close()
