"""Every diagram's and chart's text is readable where it is shown: at least 12 CSS px high on a
390 px wide phone and on a 1280 px wide desktop, on every page that has one, notebook pages
included (the drawings are made top-down, narrow enough for a phone's column, see
docs/assets/stylesheets/diagrams.css; the charts are drawn for a phone's column, see
docs/assets/stylesheets/snippets.css). The size is the font size of each label times the
scale the page draws its SVG at.

On the phone each picture is seen whole: it lies within the content column, and nothing
between it and the column scrolls sideways."""

from __future__ import annotations

import pytest
from kit.browser import needs_chromium, visit

from .sitepages import ARTICLE, LANGS, built_pages, url

pytestmark = [pytest.mark.browser, needs_chromium]

SMALLEST = 12  # CSS px
PHONE = 390
WIDTHS = (PHONE, 1280)

# Mermaid drawings, the charts of the article (.snippet-figure) and of a notebook page.
PICTURES = ".diagram > svg, .snippet-figure svg, .jp-RenderedSVG svg"
TEXT_SIZES = """() => [...document.querySelectorAll('PICTURES')].map((svg, n) =>
  [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => ({
    diagram: n,
    text: t.textContent.trim(),
    px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b),
  })))""".replace("PICTURES", PICTURES)


# Each picture that sticks out of the content column, or sits in a box that scrolls sideways.
OVERFLOWING = """() => [...document.querySelectorAll('PICTURES')].flatMap((svg, n) => {
  const column = svg.closest('.md-content__inner');
  const box = column.getBoundingClientRect(), own = svg.getBoundingClientRect();
  const problems = [];
  if (own.left < box.left - 0.5 || own.right > box.right + 0.5)
    problems.push(`${Math.round(own.width)} px wide in a ${Math.round(box.width)} px column`);
  for (let node = svg.parentElement; node !== column; node = node.parentElement)
    if (node.scrollWidth > node.clientWidth + 1)
      problems.push(`scrolls sideways in ${node.tagName.toLowerCase()}.${node.classList[0]}`);
  return problems.map(problem => `picture ${n}: ${problem}`);
})""".replace("PICTURES", PICTURES)


def diagram_pages(site) -> list[tuple[str, str]]:
    found = []
    for lang, pages in built_pages(site).items():
        for page in pages:
            html = (site / LANGS[lang] / page / "index.html").read_text(encoding="utf-8")
            if any(
                mark in html
                for mark in ('<div class="diagram">', "snippet-figure", "jp-RenderedSVG")
            ):
                found.append((lang, page))
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_diagram_and_chart_is_seen_whole_with_text_of_12_css_px_or_more(
    reader, site_base, built_site, width
):
    pages = diagram_pages(built_site.path)
    assert {(lang, ARTICLE) for lang in LANGS} <= set(pages)
    small: dict[str, float] = {}  # picture -> its smallest label, where one is too small
    measured: list[float] = []
    overflowing: list[str] = []
    for lang, page in pages:
        seen = visit(reader, url(site_base, lang, page), viewport={"width": width, "height": 900})
        try:
            if width == PHONE:
                overflowing += [
                    f"{lang} {page or '/'} {p}" for p in seen.page.evaluate(OVERFLOWING)
                ]
            for number, labels in enumerate(seen.page.evaluate(TEXT_SIZES)):
                assert labels, f"{lang} {page}: a picture without text"
                sizes = [label["px"] for label in labels]
                measured += sizes
                if min(sizes) < SMALLEST:
                    small[f"{lang} {page or '/'} picture {number} ({labels[0]['text']!r}…)"] = (
                        round(min(sizes), 1)
                    )
        finally:
            seen.page.close()
    print(f"{width} px: {len(measured)} labels, smallest {min(measured):.1f} px")
    assert measured and not small, f"text under {SMALLEST} CSS px at {width} px: {small}"
    assert not overflowing, f"pictures not seen whole at {width} px: {overflowing}"
