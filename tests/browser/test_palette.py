"""Dark mode toggles both ways on the article in both languages; screenshots of each, light and
dark, go to test-artifacts/screenshots/ (git ignores test-artifacts/)."""

from __future__ import annotations

import pytest
from kit.browser import ARTIFACTS, needs_chromium, visit

from .sitepages import ARTICLE, LANGS, url

pytestmark = [pytest.mark.browser, needs_chromium]

SHOTS = ARTIFACTS / "screenshots"
BACKGROUND = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;  // relative luminance, roughly
}"""


def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


def toggle(page, to: str) -> None:
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{to}'")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")  # diagrams redrawn, fonts in
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", LANGS)
def test_dark_mode_toggles_and_screenshots(reader, site_base, lang):
    seen = visit(reader, url(site_base, lang, ARTICLE))
    page = seen.page
    try:
        assert scheme(page) == "default"  # the reader's system is light
        light = page.evaluate(BACKGROUND)
        shoot(page, f"article-{lang}-light")

        toggle(page, "slate")
        dark = page.evaluate(BACKGROUND)
        assert dark < 0.2 and light > 0.8, (light, dark)  # a dark page after a light one
        shoot(page, f"article-{lang}-dark")

        toggle(page, "default")
        assert page.evaluate(BACKGROUND) == light
        assert not seen.errors, seen.errors
    finally:
        page.close()


def test_a_dark_system_starts_dark(reader, site_base):
    seen = visit(reader, url(site_base, "en", ARTICLE), dark=True)
    try:
        assert scheme(seen.page) == "slate"
    finally:
        seen.page.close()
