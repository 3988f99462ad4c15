"""Every page, in Chinese and in English, loads in Chromium with no console error, no failed
or refused request, and no request to any host but 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browserkit import needs_chromium, visit
from sitepages import LANGS, PAGES, url

pytestmark = needs_chromium


def test_every_built_page_is_checked(built_site):
    # The pages below come from docs/; the built site must hold exactly those, per language.
    built = {path.relative_to(built_site.path).as_posix().removesuffix("index.html")
             for path in built_site.path.rglob("index.html")
             if not path.relative_to(built_site.path).as_posix().startswith(("assets/", "search/"))}
    assert built == {root + page for root in LANGS.values() for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_page_loads_clean_and_only_from_127_0_0_1(reader, site_base, lang, page):
    seen = visit(reader, url(site_base, lang, page))
    try:
        assert seen.page.evaluate("document.documentElement.lang") == lang
        assert seen.page.locator("article h1").count() == 1  # the page, not an error page
        assert not seen.errors, seen.errors
        assert not seen.failed, seen.failed
        assert not seen.bad_status, seen.bad_status
        hosts = {urlsplit(u).hostname for u in seen.requests}
        assert hosts == {"127.0.0.1"}, seen.requests
    finally:
        seen.page.close()
