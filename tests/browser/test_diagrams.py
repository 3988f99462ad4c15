"""Diagrams are drawn when the site is made (src/hf_model_guide/diagrams): every page with one
shows it with JavaScript off, loads no Mermaid, and the drawing takes the dark scheme's colours
when the reader toggles it."""

from __future__ import annotations

import pytest
from kit.browser import chromium, needs_chromium, visit

from .sitepages import ARTICLE, LANGS, built_pages, url

pytestmark = [pytest.mark.browser, pytest.mark.build, needs_chromium]

DIAGRAMS = """() => [...document.querySelectorAll('.diagram')].map(block => {
  const svg = block.querySelector(':scope > svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const label = svg && svg.querySelector('text');
  return {width: box.width, height: box.height, label: svg ? svg.getAttribute('aria-labelledby') : null,
          title: svg && svg.querySelector('title') ? svg.querySelector('title').textContent : '',
          ink: label ? getComputedStyle(label).fill : null,
          text: svg ? [...svg.querySelectorAll('text')].map(t => t.textContent).join(' ') : ''};
})"""


def diagram_pages(site) -> list[tuple[str, str, int]]:
    """(language, page, how many diagrams its HTML has) for every page with a diagram."""
    found = []
    for lang, pages in built_pages(site).items():
        for page in pages:
            html = (site / LANGS[lang] / page / "index.html").read_text(encoding="utf-8")
            if count := html.count('<div class="diagram">'):
                found.append((lang, page, count))
    return found


def shown(diagrams: list[dict]) -> list[str]:
    return [
        f"diagram {d}"
        for d in diagrams
        if not (d["width"] > 50 and d["height"] > 20 and d["text"] and d["title"] and d["label"])
    ]


def test_diagram_pages_show_their_drawings_without_javascript(site_base, built_site):
    pages = diagram_pages(built_site.path)
    assert {(lang, ARTICLE) for lang in LANGS} <= {(lang, page) for lang, page, _ in pages}
    problems = {}
    with chromium(java_script_enabled=False) as context:
        for lang, page, count in pages:
            seen = visit(context, url(site_base, lang, page))
            drawn = seen.page.evaluate(DIAGRAMS)
            found = shown(drawn) + ([f"{len(drawn)} of {count}"] if len(drawn) != count else [])
            if found:
                problems[(lang, page)] = found
            seen.page.close()
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_loads_mermaid_and_drawings_follow_dark_mode(reader, site_base, built_site, lang):
    problems = {}
    for code, page, _ in diagram_pages(built_site.path):
        if code != lang:
            continue
        seen = visit(reader, url(site_base, lang, page))
        p = seen.page
        light = p.evaluate(DIAGRAMS)
        p.locator("form[data-md-component=palette] label:visible").first.click()
        p.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        dark = p.evaluate(DIAGRAMS)
        found = [r for r in seen.requests if "mermaid" in r.lower()] + seen.errors
        found += [
            f"text stays {a['ink']} in dark mode"
            for a, b in zip(light, dark, strict=True)
            if a["ink"] == b["ink"]
        ]
        found += shown(dark)
        if found:
            problems[page] = found
        p.close()
    assert not problems, problems
