"""Mermaid diagrams (our loader, docs/assets/javascripts/mermaid-loader.js, and the vendored
Mermaid) render to SVG on every page that has one, and are drawn again in the dark scheme when
the reader toggles it."""

from __future__ import annotations

import pytest
from browserkit import needs_chromium, visit

from .sitepages import ARTICLE, LANGS, built_pages, url

pytestmark = needs_chromium

DIAGRAMS = """() => [...document.querySelectorAll('.mermaid-diagram')].map(block => {
  const svg = block.querySelector(':scope > svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return {drawn: block.classList.contains('mermaid-diagram--drawn'), id: svg && svg.id,
          width: box.width, height: box.height, text: svg ? svg.textContent.trim() : ''};
})"""
ALL_DRAWN = """() => [...document.querySelectorAll('.mermaid-diagram')]
  .every(block => block.querySelector(':scope > svg'))"""
ALL_REDRAWN = """ids => [...document.querySelectorAll('.mermaid-diagram')]
  .every(block => { const svg = block.querySelector(':scope > svg');
                    return svg && !ids.includes(svg.id); })"""


def diagram_pages(site) -> list[tuple[str, str, int]]:
    """(language, page, how many diagrams its HTML has) for every page with a diagram."""
    found = []
    for lang, pages in built_pages(site).items():
        for page in pages:
            html = (site / LANGS[lang] / page / "index.html").read_text(encoding="utf-8")
            if count := html.count('class="mermaid-diagram"'):
                found.append((lang, page, count))
    return found


def check(reader, site_base: str, lang: str, page: str, count: int) -> list[str]:
    seen = visit(reader, url(site_base, lang, page))
    p = seen.page
    try:
        p.wait_for_function(ALL_DRAWN, timeout=20_000)
        light = p.evaluate(DIAGRAMS)
        found = [f"{len(light)} diagrams drawn of {count}"] if len(light) != count else []
        found += [
            f"diagram {d}"
            for d in light
            if not (d["drawn"] and d["width"] > 50 and d["height"] > 20 and d["text"])
        ]
        p.locator("form[data-md-component=palette] label:visible").first.click()
        p.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        p.wait_for_function(ALL_REDRAWN, arg=[d["id"] for d in light], timeout=20_000)
        found += [f"dark diagram {d}" for d in p.evaluate(DIAGRAMS) if d["width"] <= 50]
        return found + seen.errors
    finally:
        p.close()


@pytest.mark.parametrize("lang", LANGS)
def test_diagrams_render_to_svg_and_follow_dark_mode(reader, site_base, built_site, lang):
    pages = [(page, count) for code, page, count in diagram_pages(built_site.path) if code == lang]
    assert ARTICLE in dict(pages)  # the article's two processing diagrams, at least
    problems = {
        page: found
        for page, count in pages
        if (found := check(reader, site_base, lang, page, count))
    }
    assert not problems, problems
