"""Notebook pages carry only the CSS rules their markup can use (hf_model_guide.html.css_purge):
mkdocs-jupyter inlines JupyterLab's whole stylesheet in every notebook page."""

from __future__ import annotations

import re
from pathlib import Path

import mkdocs_jupyter
import pytest
from bs4 import BeautifulSoup
from kit.root import ROOT

from hf_model_guide.html.css_purge import purge, used_rules
from hf_model_guide.notebooks import from_mkdocs_yml

SITE = from_mkdocs_yml(ROOT)
# What mkdocs-jupyter inlines in every notebook page, scoped under .jupyter-wrapper.
JUPYTERLAB_CSS = Path(mkdocs_jupyter.__file__).parent / "templates/mkdocs_html/assets/index.css"


def rules(css: str) -> list[str]:
    """The rules, one a line, spaces around braces left out (tinycss2 keeps the source's)."""
    return [re.sub(r"\s*([{}])\s*", r"\1", " ".join(line.split())) for line in css.split("\n")]


def test_a_rule_stays_only_when_every_class_and_id_it_names_is_on_the_page_or_added_later():
    css = """
    :root { --jp-x: 1 }
    .jp-Cell, .jp-Dialog { color: red }
    #toc .jp-Cell { margin: 0 }
    #gone { margin: 0 }
    a.unused:hover { color: blue }
    .jupyter-wrapper .md-typeset__scrollwrap { margin: 0 }
    """
    assert rules(used_rules(css, {"jupyter-wrapper", "jp-Cell"}, {"toc"})) == [
        ":root{--jp-x: 1}",
        ".jp-Cell{color: red}",
        "#toc .jp-Cell{margin: 0}",
        ".jupyter-wrapper .md-typeset__scrollwrap{margin: 0}",  # Material's script adds it
    ]


def test_attribute_values_and_functional_pseudo_classes_require_nothing():
    css = """
    [href$=".pdf"] { x: y }
    .jp-Cell:not(.jp-mod-active) > p { x: y }
    .jp-Cell:is(.a, .b), .jp-Dialog { x: y }
    """
    assert rules(used_rules(css, {"jp-Cell"}, set())) == [
        '[href$=".pdf"]{x: y}',
        ".jp-Cell:not(.jp-mod-active) > p{x: y}",
        ".jp-Cell:is(.a, .b){x: y}",
    ]


def test_a_root_below_another_element_matches_nothing():
    css = """
    .jupyter-wrapper :root { --jp-icon: url(x) }
    .jupyter-wrapper > :root, :root .jp-Cell, html:root { x: y }
    """
    assert rules(used_rules(css, {"jupyter-wrapper", "jp-Cell"}, set())) == [
        ":root .jp-Cell, html:root{x: y}"
    ]


def test_media_blocks_are_purged_inside_and_dropped_when_empty_other_at_rules_kept():
    css = """
    @media (max-width: 760px) { .jp-Dialog { x: y } .jp-Cell { x: y } }
    @media print { .jp-Dialog { x: y } }
    @font-face { font-family: x }
    @keyframes fade { from { opacity: 0 } }
    """
    assert rules(used_rules(css, {"jp-Cell"}, set())) == [
        "@media (max-width: 760px){.jp-Cell{x: y}}",
        "@font-face{font-family: x}",
        "@keyframes fade{from{opacity: 0}}",
    ]


def test_selectors_the_caller_drops_go_although_they_match():
    css = """
    .jupyter-wrapper ::selection { a: b }
    .jupyter-wrapper   ::selection, .jp-Cell { c: d }
    @media print { .jupyter-wrapper ::selection { e: f } }
    """
    kept = used_rules(css, {"jupyter-wrapper", "jp-Cell"}, set(), [".jupyter-wrapper ::selection"])
    assert rules(kept) == [".jp-Cell{c: d}"]


def test_purge_reads_the_classes_of_the_markup_not_of_the_styles():
    html = (
        '<style>.jp-Cell{a:b}.jp-Dialog{a:b}</style><div class="jp-Cell x">'
        "<p>.jp-Dialog is only text here</p></div><style>.x{c:d}.y{c:d}</style>"
    )
    assert purge(html) == (
        '<style>.jp-Cell{a:b}</style><div class="jp-Cell x">'
        "<p>.jp-Dialog is only text here</p></div><style>.x{c:d}</style>"
    )


@pytest.mark.skipif(not JUPYTERLAB_CSS.is_file(), reason=f"{JUPYTERLAB_CSS} is not installed")
def test_jupyterlabs_stylesheet_parses_and_shrinks_for_a_notebook_cell():
    css = JUPYTERLAB_CSS.read_text(encoding="utf-8")
    cell = {"jupyter-wrapper", "jp-Cell", "jp-CodeCell", "jp-InputArea", "jp-OutputArea"}
    kept = used_rules(css, cell, set())
    assert ".jupyter-wrapper .jp-Cell" in kept
    assert ".jp-Dialog" in css and ".jp-Dialog" not in kept
    assert len(kept) < len(css) / 3


@pytest.mark.build
@pytest.mark.parametrize("lang", SITE.languages)
def test_the_notebook_page_keeps_no_rule_for_a_class_it_lacks(built_site, lang):
    page = built_site.path / SITE.prefix(lang) / SITE.page_dir("article.md") / "index.html"
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    classes = {name for tag in soup.find_all(class_=True) for name in tag["class"]}
    styles = "".join(style.get_text() for style in soup.find_all("style"))
    required = re.sub(r":(not|is|where|has)\([^)]*\)", "", styles)  # may name absent ones
    named = set(re.findall(r"\.(jp-[\w-]+)", required))
    assert "jp-Cell" in named  # the notebook's own rules are there
    assert named <= classes, sorted(named - classes)
    assert len(styles) < 200_000, f"{len(styles)} characters of inline CSS"
