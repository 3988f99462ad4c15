"""Search finds a Chinese word on the Chinese site and an English word on the English site,
and its result links open the page that holds the word."""

from __future__ import annotations

import pytest
from browserkit import needs_chromium, visit

from .sitepages import ARTICLE, LANGS, url

pytestmark = needs_chromium

WORDS = {"zh": "分词", "en": "tokenizer"}  # 分词 = tokenization; jieba keeps it one word


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_the_word_and_its_links_work(reader, site_base, lang):
    word = WORDS[lang]
    seen = visit(reader, url(site_base, lang, ARTICLE))
    page = seen.page
    try:
        box = page.locator("input.md-search__input")
        box.click()
        # Material searches on keyup. Playwright inserts CJK text without key events (as an
        # input method does before the key that commits it), so a key follows the word.
        page.keyboard.type(word)
        page.keyboard.press("End")
        results = page.locator("a.md-search-result__link")
        results.first.wait_for(timeout=10_000)
        hrefs = [a.get_attribute("href") for a in results.all()]
        root = url(site_base, lang, "")
        own = [h for h in hrefs if h.startswith(root) and (lang != "zh" or "/en/" not in h)]
        assert own, f"no result in the {lang} site for {word!r}: {hrefs}"
        for href in hrefs:
            assert page.request.get(href).status == 200, href

        first = results.filter(has=page.locator("mark")).first
        target = first.get_attribute("href")
        with page.expect_navigation() as navigation:
            first.click()
        assert navigation.value.status == 200
        assert page.url.split("#")[0] == target.split("#")[0]
        assert word.lower() in page.locator("article").inner_text().lower()
        assert not seen.errors, seen.errors
    finally:
        page.close()
