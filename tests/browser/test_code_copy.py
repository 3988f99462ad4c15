"""The copy button of every code block that shows a snippet copies that snippet's code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from kit.browser import needs_chromium, visit

from hf_model_guide.engine import Snippet, parse

from .sitepages import ARTICLE, LANGS, ROOT, source, url

pytestmark = [pytest.mark.browser, needs_chromium]

# Material turns a "# (1)!" comment into an annotation and leaves it out of the copy.
ANNOTATION = re.compile(r"\s*#\s*\(\d+\)!")


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").split("\n")]


def shown_codes(lang: str, page: str) -> dict[str, list[list[str]]]:
    """path -> the code each include of it shows on the page, as the copy should hold it."""
    codes: dict[str, list[list[str]]] = {}
    for include in parse(source(lang, page).read_text(encoding="utf-8")).includes:
        code = Snippet.read(ROOT, include.path).shown_code(include.section)
        codes.setdefault(include.path, []).append(lines(ANNOTATION.sub("", code)))
    return codes


@pytest.mark.parametrize("lang", LANGS)
def test_copy_button_copies_the_snippet(reader, site_base, lang):
    expected = shown_codes(lang, ARTICLE)
    seen = visit(reader, url(site_base, lang, ARTICLE))
    page = seen.page
    parts = urlsplit(site_base)
    reader.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=f"{parts.scheme}://{parts.netloc}"
    )
    try:
        blocks = page.locator("div.highlight:has(> span.filename)").filter(
            has_text=re.compile(r"^snippets/")
        )
        names = blocks.locator("> span.filename").all_inner_texts()
        # One block per include, in any order: each is checked below.
        assert sorted(names) == sorted(path for path, codes in expected.items() for _ in codes)
        for index, name in enumerate(names):
            block = blocks.nth(index)
            block.hover()  # the button shows on hover
            page.evaluate("navigator.clipboard.writeText('')")
            block.locator("button.md-code__button[data-md-type=copy]").click()
            copied = page.evaluate("navigator.clipboard.readText()")
            assert lines(copied) in expected[name], f"block {index} ({name}) copied:\n{copied}"
        assert not seen.errors, seen.errors
    finally:
        page.close()
