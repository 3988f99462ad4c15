"""The article page weighs at most 600 KB before the reader clicks the demo.

Weighed as a reader's browser receives it from the web host: every byte Chromium counts on
the wire with an empty cache (headers and bodies), text files gzipped as GitHub Pages and
other static hosts send them, the page scrolled to its end. benchmarks/page_weight.py prints
the figures, compressed and not.
"""

from __future__ import annotations

import pytest
from kit.browser import needs_chromium, serving, transferred_bytes

from .sitepages import ARTICLE, LANGS, url

pytestmark = [pytest.mark.browser, pytest.mark.build, needs_chromium]

BUDGET = 600 * 1000  # bytes


@pytest.fixture(scope="module")
def gzip_base(built_site):
    with serving(built_site.path, compress=True) as base:
        yield base


@pytest.mark.parametrize("lang", LANGS)
def test_article_is_within_budget_before_the_demo_click(reader, gzip_base, lang):
    page_url = url(gzip_base, lang, ARTICLE)
    total, shares = transferred_bytes(reader, page_url)
    fetched = [u for u, _ in shares]
    assert page_url in fetched  # the page itself was counted, with its assets
    assert any(u.endswith(".css") for u in fetched) and any(u.endswith(".js") for u in fetched)
    # Nothing of the demo (its app, Gradio's script) is fetched before the click.
    assert not [u for u in fetched if "gradio" in u.lower() or "hf.space" in u]
    top = "\n".join(f"{size:>9,} {u}" for u, size in shares[:8])
    assert total <= BUDGET, f"{total:,} bytes > {BUDGET:,}; largest:\n{top}"
