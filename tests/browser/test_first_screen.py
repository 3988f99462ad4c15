"""The article's first screen on a phone teaches: at 390 x 844 CSS px (a common phone) the
title and the first paragraph of the lesson are on screen, with nothing but the one-line
stand-in notice between them, and the notebook buttons, the "about this version" box and the
errata are further down. Photographed in both languages (test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest
from kit.browser import ARTIFACTS, needs_chromium, visit

from .sitepages import ARTICLE, LANGS, url

pytestmark = [pytest.mark.browser, needs_chromium]

PHONE = {"width": 390, "height": 844}

FIRST_SCREEN = """() => {
  const article = document.querySelector('article');
  const box = el => el ? el.getBoundingClientRect() : null;
  const title = article.querySelector('h1');
  // The lesson's first paragraph: the first paragraph of the article's own flow, not one
  // inside a notice.
  const first = [...article.children].find(el => el.tagName === 'P' && el.textContent.trim());
  const before = [...article.querySelectorAll('*')].filter(el =>
    first && (first.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING));
  return {
    height: innerHeight,
    title: box(title) && {top: box(title).top, bottom: box(title).bottom},
    first: first && {text: first.textContent.trim(), bottom: box(first).bottom},
    notices: before.filter(el => el.classList.contains('admonition'))
                   .map(el => ({text: el.textContent.trim(), height: box(el).height})),
    buttons: before.filter(el => el.classList.contains('md-button')).length,
    tables: before.filter(el => el.tagName === 'TABLE' || el.tagName === 'DETAILS').length,
  };
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_screen_on_a_phone_shows_the_title_and_the_first_lesson_paragraph(
    reader, site_base, built_site, lang
):
    seen = visit(reader, url(site_base, lang, ARTICLE), viewport=PHONE)
    page = seen.page
    try:
        shown = page.evaluate(FIRST_SCREEN)
        (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / "screenshots" / f"article-{lang}-first-screen-390px.png")
        )
    finally:
        page.close()
    assert shown["title"] and 0 <= shown["title"]["top"], shown
    assert shown["first"], shown
    assert "transformers" in shown["first"]["text"], shown["first"]
    assert shown["first"]["bottom"] <= shown["height"], (
        f"the lesson's first paragraph ends {shown['first']['bottom']:.0f} px down, "
        f"below the {shown['height']} px screen"
    )
    # Above it: at most the stand-in's one-line notice; no buttons, errata or version box.
    assert shown["buttons"] == 0 and shown["tables"] == 0, shown
    assert len(shown["notices"]) <= 1, shown["notices"]
    for notice in shown["notices"]:
        # One sentence: three lines of text at most at this width, with the box's padding.
        assert notice["height"] <= 100, f"the notice above the lesson is too tall: {notice}"
