"""Search finds a Chinese word in the Zensical build too, where no jieba segments the index at
build time: Zensical's search worker splits the text with the browser's ``Intl.Segmenter``.
The word is taken from inside a run of Chinese characters, so that only a segmentation finds
it; the result leads to the page in the same language that holds it. One Chromium for the
module, on the session's one Zensical build (conftest.py).

Zensical draws its results in a dialog of its own (a shadow root); Material's result list,
still in its page markup, keeps saying "initializing" and is not read."""

from __future__ import annotations

import re

import pytest
from kit.browser import chromium, needs_chromium, serving
from kit.zensical_build import reading

pytestmark = [pytest.mark.build, pytest.mark.browser, needs_chromium]

# 入门 ("getting started") sits inside 读者入门使用 on the Chinese home and article pages.
WORDS = {"zh": "入门", "en": "tokenizer"}
ROOTS = {"zh": "", "en": "en/"}
INSIDE_CHINESE = "[\u4e00-\u9fff]{word}[\u4e00-\u9fff]"


@pytest.fixture(scope="module")
def reader(zensical_site):
    zensical, _, _ = zensical_site
    with serving(zensical.site) as base, chromium() as context:
        yield base, context
        outside = list(context.outside)
    assert not outside, f"requests beyond 127.0.0.1: {outside}"


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_zensical_search_finds_the_word_in_the_pages_language(reader, zensical_site, lang):
    base, context = reader
    zensical, _, _ = zensical_site
    word, root = WORDS[lang], base + ROOTS[lang]
    page = context.new_page()
    try:
        page.goto(root + "article/")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(word)
        box.press("End")
        results = page.locator("a[href]", has=page.locator("mark", has_text=word))
        results.first.wait_for(timeout=10_000)
        hrefs = results.evaluate_all("links => links.map(link => link.href)")
    finally:
        page.close()
    own = [h for h in hrefs if h.startswith(root) and (lang != "zh" or "/en/" not in h)]
    assert own, f"no result in the {lang} site for {word!r}: {hrefs}"
    for href in own:
        path = href.removeprefix(base).split("?")[0].split("#")[0]
        text = reading(zensical.site / path / "index.html").text
        assert word.lower() in text.lower(), href
    if lang == "zh":
        text = reading(zensical.site / own[0].removeprefix(base).split("?")[0] / "index.html").text
        assert re.search(INSIDE_CHINESE.format(word=word), text), "the word is not inside Chinese"
