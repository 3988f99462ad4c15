"""At a 375 px wide viewport (a small phone) no page is wider than the screen: code blocks and
tables scroll inside themselves, the document never scrolls sideways. A notebook page gives its
code and outputs the whole column (no prompt column, no gutter) and breaks no output line
mid-word. The article is photographed at that width in both languages
(test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest
from kit.browser import ARTIFACTS, needs_chromium, visit

from .sitepages import ARTICLE, LANGS, built_pages, url

pytestmark = [pytest.mark.browser, pytest.mark.build, needs_chromium]

WIDTH = 375
# Elements sticking out past the right edge, outside any box that scrolls or clips them
# (<html> itself clips: Material hides its horizontal overflow).
OVERFLOWING = """width => [...document.querySelectorAll('body *')].filter(el => {
  if (el.getBoundingClientRect().right <= width + 1) return false;
  for (let up = el.parentElement; up && up !== document.documentElement; up = up.parentElement) {
    const o = getComputedStyle(up).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
  }
  return getComputedStyle(el).visibility !== 'hidden';
}).map(el => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))"""


# On a notebook page: code cells narrower than the column, or output lines that wrap.
NOTEBOOK_NARROWED = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect().width;
  const found = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor')]
    .filter(e => e.getBoundingClientRect().width < column - 2)
    .map(e => `code cell ${Math.round(e.getBoundingClientRect().width)} of ${Math.round(column)} px`);
  return found.concat([...document.querySelectorAll('.jp-OutputArea-output pre')]
    .filter(e => getComputedStyle(e).whiteSpace !== 'pre').map(() => 'an output line wraps'));
}"""


def overflow_of(reader, page_url: str, shot: str | None) -> list[str]:
    seen = visit(reader, page_url, viewport={"width": WIDTH, "height": 812})
    p = seen.page
    try:
        assert p.evaluate("innerWidth") == WIDTH
        found = []
        # Material hides <html>'s horizontal overflow, so measure it rather than trust the bar.
        if (width := p.evaluate("document.documentElement.scrollWidth")) > WIDTH:
            found.append(f"document {width} px wide")
        found += p.evaluate(OVERFLOWING, WIDTH)
        if p.locator(".jupyter-wrapper").count():
            found += sorted(set(p.evaluate(NOTEBOOK_NARROWED)))
        if shot:
            (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
            p.screenshot(path=str(ARTIFACTS / "screenshots" / f"{shot}.png"), full_page=True)
        return found
    finally:
        p.close()


@pytest.mark.parametrize("lang", LANGS)
def test_no_horizontal_overflow_at_375px(reader, site_base, built_site, lang):
    pages = built_pages(built_site.path)[lang]
    problems = {}
    for page in pages:
        shot = f"article-{lang}-{WIDTH}px" if page == ARTICLE else None
        if found := overflow_of(reader, url(site_base, lang, page), shot):
            problems[page] = found
    assert pages and not problems, problems
