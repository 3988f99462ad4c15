"""Every page the site holds, in Chinese and in English, loads in Chromium with no console
error, no failed or refused request, and no request to any host but 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from kit.browser import needs_chromium, visit

from .sitepages import ARTICLE, LANGS, built_pages, url

pytestmark = [pytest.mark.browser, pytest.mark.build, needs_chromium]


def test_both_languages_have_the_same_pages(built_site):
    pages = built_pages(built_site.path)
    assert ARTICLE in pages["zh"]
    assert pages["en"] == pages["zh"]


def problems_of(reader, page_url: str, lang: str) -> list[str]:
    seen = visit(reader, page_url)
    try:
        found = seen.errors + seen.failed + seen.bad_status
        found += [
            f"outside 127.0.0.1: {u}" for u in seen.requests if urlsplit(u).hostname != "127.0.0.1"
        ]
        if (html_lang := seen.page.evaluate("document.documentElement.lang")) != lang:
            found.append(f"<html lang={html_lang!r}>")
        if seen.page.locator("article h1").count() != 1:
            found.append("no single <h1> in the article: not the page")
        return found
    finally:
        seen.page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_loads_clean_and_only_from_127_0_0_1(reader, site_base, built_site, lang):
    pages = built_pages(built_site.path)[lang]
    problems = {
        page: found
        for page in pages
        if (found := problems_of(reader, url(site_base, lang, page), lang))
    }
    assert not problems, problems
