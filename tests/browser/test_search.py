"""Search finds a Chinese word on the Chinese site and an English word on the English site,
and its result links open the page that holds the word."""

from __future__ import annotations

import pytest
from kit.browser import needs_chromium, visit

from .sitepages import ARTICLE, LANGS, url

pytestmark = [pytest.mark.browser, needs_chromium]

WORDS = {"zh": "分词", "en": "tokenizer"}  # 分词 = tokenization; jieba keeps it one word


def settled(page, results, rounds: int = 20) -> list[str]:
    """The result links once two reads 250 ms apart agree (the list renders in steps)."""
    before = None
    for _ in range(rounds):
        hrefs = [a.get_attribute("href") for a in results.all()]
        if hrefs == before:
            return hrefs
        before = hrefs
        page.wait_for_timeout(250)
    return hrefs


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_the_word_and_its_links_work(reader, site_base, lang):
    word = WORDS[lang]
    seen = visit(reader, url(site_base, lang, ARTICLE))
    page = seen.page
    try:
        box = page.locator("input.md-search__input")
        box.click()
        # Material searches on keyup. fill() puts the whole word in at once (typing it would
        # send a query per letter, whose late answers can replace the list while it is read);
        # the key after it is the keyup Material waits for.
        box.fill(word)
        box.press("End")
        results = page.locator("a.md-search-result__link")
        results.first.wait_for(timeout=10_000)
        hrefs = settled(page, results)
        root = url(site_base, lang, "")
        own = [h for h in hrefs if h.startswith(root) and (lang != "zh" or "/en/" not in h)]
        assert own, f"no result in the {lang} site for {word!r}: {hrefs}"
        for href in hrefs:
            assert page.request.get(href).status == 200, href

        first = results.filter(has=page.locator("mark")).first
        target = first.get_attribute("href")
        first.click()
        # A result on the page already open is a same-document jump (no navigation event to
        # wait for); on another page it is a load. Either way the browser ends at the link.
        page.wait_for_url(target, timeout=10_000)
        assert word.lower() in page.locator("article").inner_text().lower()
        assert not seen.errors, seen.errors
    finally:
        page.close()
