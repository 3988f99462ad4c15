"""axe-core over every built page, in both colour schemes: no violation, apart from the rules
in ALLOWED, which plain Material 9.8.2 fails on the same text (each with its reason).

axe-core is vendored (vendor/axe/: axe.min.js as npm publishes it, its licence and its
version), so the suite needs no network and no npm: refresh it with
``npm pack axe-core@<version>`` and copy ``package/axe.min.js``, ``LICENSE*`` and the version.
"""

from __future__ import annotations

import pytest
from kit.browser import needs_chromium, reveal_all, visit
from kit.root import ROOT

from .sitepages import built_pages, url

pytestmark = [pytest.mark.browser, pytest.mark.build, needs_chromium]

AXE = ROOT / "vendor" / "axe" / "axe.min.js"
# WCAG 2.x A and AA, and axe's best practices (landmarks, region, headings...).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Rule id -> why it is allowed: what plain Material does on the same text.
ALLOWED: dict[str, str] = {}
RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n')[1])}));
}"""


NO_TRANSITION = "document.getAnimations().every(a => a.playState !== 'running')"
SCHEMES = {"light": "default", "dark": "slate"}  # Material's name for each scheme


def violations(reader, page_url: str) -> dict[str, list[dict]]:
    """scheme -> axe's violations on the page in that colour scheme. One visit: the page is
    loaded light, then the reader switches it dark with the header's toggle."""
    seen = visit(reader, page_url, dark=False)
    found: dict[str, list[dict]] = {}
    try:
        reveal_all(seen.page)  # what Material adds to a code block as it scrolls into view
        seen.page.add_script_tag(path=str(AXE))
        for scheme, material in SCHEMES.items():
            if seen.page.evaluate("document.body.dataset.mdColorScheme") != material:
                seen.page.locator("form[data-md-component=palette] label:visible").first.click()
                seen.page.wait_for_function(f"document.body.dataset.mdColorScheme === '{material}'")
                seen.page.wait_for_function(NO_TRANSITION)  # contrast of the final colours
            if problems := [v for v in seen.page.evaluate(RUN, TAGS) if v["id"] not in ALLOWED]:
                found[scheme] = problems
        return found
    finally:
        seen.page.close()


def test_every_page_passes_axe_in_both_colour_schemes(reader, site_base, built_site):
    found = {
        f"{lang}:{page or '/'} ({scheme})": problems
        for lang, pages in built_pages(built_site.path).items()
        for page in pages
        for scheme, problems in violations(reader, url(site_base, lang, page)).items()
    }
    assert not found, "\n".join(
        f"{where}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}"
        for where, problems in found.items()
        for v in problems
    )
