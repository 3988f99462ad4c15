"""Notebook pages leave out the elements no reader sees (hf_model_guide.html.notebook_trim): token
spans no rule styles, and the empty collapsers mkdocs-jupyter's stylesheet hides."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from kit.root import ROOT

from hf_model_guide.html.css_purge import named_classes
from hf_model_guide.html.notebook_trim import COSTLY, trim
from hf_model_guide.notebooks import from_mkdocs_yml

SITE = from_mkdocs_yml(ROOT)
STYLE = "<style>.highlight-ipynb .k{font-weight:bold}</style>"


def test_an_unstyled_token_span_in_code_is_its_text_alone():
    code = '<pre><span class="k">import</span> <span class="nn">torch</span></pre>'
    assert trim(STYLE + code) == STYLE + '<pre><span class="k">import</span> torch</pre>'


def test_spans_outside_code_and_spans_with_more_than_a_class_stay():
    html = (
        STYLE + '<p><span class="snippet-value">0.96</span></p>'
        '<pre><span class="notice" hidden>Copied!</span></pre>'
    )
    assert trim(html) == html


def test_an_empty_collapser_goes_and_a_cell_with_content_stays():
    html = (
        '<div class="jp-Cell-inputWrapper">\n'
        '<div class="jp-Collapser jp-InputCollapser jp-Cell-inputCollapser">\n</div>\n'
        '<div class="jp-InputArea">x</div></div>'
    )
    assert (
        trim(html) == '<div class="jp-Cell-inputWrapper">\n<div class="jp-InputArea">x</div></div>'
    )


@pytest.mark.build
@pytest.mark.parametrize("lang", SITE.languages)
def test_the_notebook_pages_code_has_only_styled_spans_and_no_collapser(built_site, lang):
    page = built_site.path / SITE.prefix(lang) / SITE.page_dir("article.md") / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    styled = named_classes("".join(style.get_text() for style in soup.find_all("style")))
    cells = soup.select(".jupyter-wrapper pre")
    assert cells, "no code on the notebook page"
    spans = {
        name for pre in cells for span in pre.find_all("span") for name in span.get("class", [])
    }
    assert spans, "the code is no longer highlighted"
    assert spans <= styled | {"notice"}, sorted(spans - styled)
    assert not soup.select(".jp-Collapser")
    text = " ".join(pre.get_text() for pre in cells)
    assert re.search(r"\bAutoTokenizer\b", text)  # the names are still there, as text


@pytest.mark.build
@pytest.mark.parametrize("lang", SITE.languages)
def test_the_notebook_page_keeps_none_of_the_costly_rules(built_site, lang):
    page = built_site.path / SITE.prefix(lang) / SITE.page_dir("article.md") / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    styles = " ".join(" ".join(style.get_text().split()) for style in soup.find_all("style"))
    assert ".jupyter-wrapper .jp-Cell" in styles  # JupyterLab's rules are there...
    assert not [selector for selector in COSTLY if selector in styles]  # ...but not these
