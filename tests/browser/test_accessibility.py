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


def violations(reader, page_url: str, *, dark: bool) -> list[dict]:
    seen = visit(reader, page_url, dark=dark)
    try:
        reveal_all(seen.page)  # what Material adds to a code block as it scrolls into view
        seen.page.add_script_tag(path=str(AXE))
        return [v for v in seen.page.evaluate(RUN, TAGS) if v["id"] not in ALLOWED]
    finally:
        seen.page.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_page_passes_axe(reader, site_base, built_site, dark):
    found = {
        f"{lang}:{page or '/'}": problems
        for lang, pages in built_pages(built_site.path).items()
        for page in pages
        if (problems := violations(reader, url(site_base, lang, page), dark=dark))
    }
    assert not found, "\n".join(
        f"{where}: {v['id']} ({v['impact']}) {v['help']}: {v['nodes']}"
        for where, problems in found.items()
        for v in problems
    )
