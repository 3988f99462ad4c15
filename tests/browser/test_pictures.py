"""The article's pictures (what its snippets show with display()) in Chromium, in both languages
and both colour schemes: shown, named for assistive technology, and drawn in the page's text
colour, so they read on light and on dark. Each is photographed into
test-artifacts/screenshots/ (CI keeps that folder as an artifact)."""

from __future__ import annotations

import pytest
from kit.browser import ARTIFACTS, needs_chromium, visit

from .sitepages import ARTICLE, LANGS, url

pytestmark = [pytest.mark.browser, needs_chromium]

SHOTS = ARTIFACTS / "screenshots"
# For each picture: its kind, the colour its text is drawn in, and the page's text colour and
# background; a transparent figure shows the page's background through it.
LOOK = """(node) => {
  const figure = node.querySelector("svg");
  const text = figure ? figure.querySelector("text") : node.querySelector("th");
  const label = figure ? figure.getAttribute("aria-label") : null;
  const box = node.getBoundingClientRect();
  return {
    kind: figure ? "figure" : "table",
    label,
    ink: getComputedStyle(text).getPropertyValue(figure ? "fill" : "color"),
    page: getComputedStyle(node.closest("article")).color,
    background: getComputedStyle(document.body).backgroundColor,
    width: box.width,
    height: box.height,
  };
}"""


def luminance(css: str) -> float:
    r, g, b = (int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_pictures_show_in_the_page_text_colour_and_are_photographed(reader, site_base, lang, dark):
    seen = visit(reader, url(site_base, lang, ARTICLE), dark=dark)
    page = seen.page
    scheme = "dark" if dark else "light"
    try:
        page.wait_for_load_state("networkidle")
        pictures = page.locator("article .snippet-display")
        assert pictures.count() == 4
        SHOTS.mkdir(parents=True, exist_ok=True)
        kinds = []
        for index in range(pictures.count()):
            picture = pictures.nth(index)
            picture.scroll_into_view_if_needed()
            look = picture.evaluate(LOOK)
            kinds.append(look["kind"])
            assert look["width"] > 200 and look["height"] > 100, look
            assert look["ink"] == look["page"], look  # currentColor: the page's own text colour
            contrast = abs(luminance(look["ink"]) - luminance(look["background"]))
            assert contrast > 0.5, look
            if look["kind"] == "figure":
                assert look["label"], look
            picture.screenshot(path=str(SHOTS / f"pictures-{lang}-{scheme}-{index + 1}.png"))
        assert kinds == ["table", "figure", "figure", "figure"]  # the three-model chart is last
        assert not seen.errors, seen.errors
    finally:
        page.close()
