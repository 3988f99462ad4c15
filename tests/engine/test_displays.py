"""Rich outputs: display() in snippets, on a throwaway bilingual site and through the engine."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from kit.files import write
from kit.throwaway_site import Site

from hf_model_guide.engine import Engine, Source, displays
from hf_model_guide.engine.results import Shown
from hf_model_guide.engine.sandbox import figures, mime

RICH = """
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display


class Shout:
    def _repr_html_(self):
        # A line pymdownx.snippets would read as an include: the page keeps it as written.
        return "<p class='shout'><strong>hi</strong>\\n--8<-- 'missing.md'\\n</p>"


print("before <b>")
# --8<-- [start:chart]
fig, ax = plt.subplots(figsize=(3, 2))
ax.bar(["NEGATIVE", "POSITIVE"], [0.25, 0.75])
ax.set_title("probabilities")
display(fig)
print("between")
display(pd.DataFrame({"token": ["[CLS]", "hi", "[PAD]"], "id": [101, 7632, 0]}))
display(Shout())
print("after")
# --8<-- [end:chart]
"""

PAGE = """
# {title}

{{* snippets/rich.py alt="{alt}" *}}

{{* snippets/rich.py section=chart alt="{alt}" *}}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    base = tmp_path_factory.mktemp("rich")
    site = Site(base / "project", base / "cache")
    site.write("snippets/rich.py", RICH)
    site.write("docs/index.md", PAGE.format(title="首页", alt="两个类别的概率柱状图"))
    site.write("docs/index.en.md", PAGE.format(title="Home", alt="Bar chart of two classes"))
    return site


@pytest.fixture(scope="module")
def first(site):
    build = site.build()
    assert build.code == 0, build.log
    pages = {
        lang: (site.root / "site" / prefix / "index.html").read_bytes()
        for lang, prefix in (("zh", ""), ("en", "en"))
    }
    return build, pages


def sequence(soup) -> list[tuple[str, str]]:
    """What the article body shows after the code blocks, in order."""
    found = []
    for node in soup.select(
        "article div.snippet-output, article figure.snippet-figure, article div.snippet-html"
    ):
        if "snippet-output" in node.get("class", []):
            found.append(("text", node.select_one("code").text.strip()))
        elif node.name == "figure":
            svg = node.select_one("svg")
            found.append(("svg", svg["aria-label"]))
        else:
            found.append(("html", node.text.split()[0]))
    return found


@pytest.mark.build
@pytest.mark.parametrize(
    ("lang", "alt"), [("zh", "两个类别的概率柱状图"), ("en", "Bar chart of two classes")]
)
def test_figure_table_and_html_render_in_order_with_text_in_both_languages(site, first, lang, alt):
    page = first_page(site, lang)
    whole = [
        ("text", "before <b>"),
        ("svg", alt),
        ("text", "between"),
        ("html", "token"),
        ("html", "hi"),
        ("text", "after"),
    ]
    # The whole file, then the section alone: the same outputs, less what came before it.
    assert sequence(page) == whole + whole[1:]
    table = page.select("article div.snippet-html table")[0]
    assert [th.text for th in table.select("thead th")] == ["token", "id"]
    assert table.select("thead td")[0].text == ""  # the corner: no header of anything
    assert "[PAD]" in [td.text for td in table.select("td")]
    assert not table.get("class"), "Material styles tables without a class of their own"
    svg = page.select("article figure svg")[0]
    assert svg["role"] == "img" and svg.title.text == alt
    assert page.select("article strong")[0].text == "hi"  # _repr_html_ is HTML...
    assert "--8<-- 'missing.md'" in page.select("article p.shout")[0].text
    assert "before <b>" in page.select("article div.snippet-output code")[0].text  # text is text


def first_page(site: Site, lang: str):
    from bs4 import BeautifulSoup

    prefix = "en/" if lang == "en" else ""
    html = (site.root / "site" / prefix / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


@pytest.mark.build
def test_figures_are_deterministic_transparent_and_take_the_page_colour(first):
    html = first[1]["en"].decode("utf-8")
    start = html.index("<svg style=")
    svg = html[start : html.index("</svg>", start)]
    assert "currentColor" in svg  # text, ticks and spines take the page's text colour
    assert "<metadata" not in svg and "<style" not in svg and "Date" not in svg
    assert "#ffffff" not in svg  # no background painted
    assert 'id="figure_1"' not in svg  # ids that would repeat between figures are gone
    assert "<g>" not in svg and "<path" in svg  # wrappers that carry nothing are gone


def test_a_bare_group_goes_its_children_and_groups_with_attributes_stay():
    svg = (
        '<svg>\n <g>\n  <g clip-path="url(#c)">\n   <g><path d="M 0 0"/></g>\n  </g>'
        '<g/><g id="p"></g><text>a</text>\n </g>\n</svg>'
    )
    assert figures.unwrap_bare_groups(svg) == (  # a line left with no tag goes too
        '<svg>\n  <g clip-path="url(#c)">\n   <path d="M 0 0"/>\n  </g>'
        '<g/><g id="p"></g><text>a</text>\n</svg>'
    )


@pytest.mark.build
def test_a_second_build_executes_nothing_and_gives_identical_html(site, first):
    again = site.build()
    assert again.code == 0, again.log
    assert again.summary() == (0, 1, 0)
    for lang, prefix in (("zh", ""), ("en", "en")):
        assert (site.root / "site" / prefix / "index.html").read_bytes() == first[1][lang]


@pytest.mark.build
def test_python_runs_a_displaying_snippet_as_it_is(site):
    done = subprocess.run(
        [sys.executable, "snippets/rich.py"],
        check=False,
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    # Without a notebook IPython's display() prints the objects.
    assert "Figure(300x200)" in done.stdout and "[PAD]" in done.stdout


# -- through the engine alone ----------------------------------------------------------------


def render(tmp_path: Path, snippet: str, include: str) -> tuple[str, list[str]]:
    root = tmp_path / "project"
    write(root, "snippets/s.py", snippet)
    engine = Engine(root, cache_folder=tmp_path / "cache", preload=[], source=Source())
    try:
        page = f"# t\n\n{include}\n"
        engine.prepare({"docs/p.md": page})
        markdown = engine.render(page, page="docs/p.md", lang="en").markdown
        return markdown, engine.take_problems()
    finally:
        engine.close()


@pytest.mark.build
def test_an_output_over_the_size_limit_fails_naming_the_snippet_and_line(tmp_path):
    snippet = """
    from IPython.display import display

    class Huge:
        def _repr_html_(self):
            return "<p>" + "x" * 300_000 + "</p>"

    display(Huge())
    """
    markdown, problems = render(tmp_path, snippet, "{* snippets/s.py *}")
    assert any(
        p.startswith("snippets/s.py:7: DisplayTooLarge") and "over the 200 KB limit" in p
        for p in problems
    ), problems
    assert "x" * 1000 not in markdown


@pytest.mark.build
def test_a_picture_without_alt_text_is_an_error_naming_page_and_line(tmp_path):
    snippet = """
    from IPython.display import display

    class Dot:
        def _repr_svg_(self):
            return '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'

    display(Dot())
    """
    markdown, problems = render(tmp_path, snippet, "{* snippets/s.py *}")
    assert problems == [
        'docs/p.md:3: snippets/s.py: picture 1 has no alt text: add alt="..." to the include'
    ]
    markdown, problems = render(tmp_path, snippet, '{* snippets/s.py alt="A dot" *}')
    assert problems == []
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" role="img" aria-label="A dot"><title>A dot</title></svg>'
        in markdown
    )


class Many:
    def _repr_svg_(self):
        return "<svg/>"

    def _repr_png_(self):
        return b"\x89PNG"

    def _repr_html_(self):
        return "<b>html</b>"

    def _repr_markdown_(self):
        return "**md**"


def test_the_site_shows_the_best_type_and_keeps_the_whole_bundle():
    data = mime.bundle(Many(), salt="s")
    assert set(data) == {"image/svg+xml", "image/png", "text/html", "text/markdown", "text/plain"}
    assert base64.b64decode(data["image/png"]) == b"\x89PNG"
    assert mime.best(data) == "image/svg+xml"
    del data["image/svg+xml"]
    assert 'alt="A &quot;dot&quot;"' in displays.display_html(Shown(data), 'A "dot"')
    del data["image/png"]
    assert displays.display_html(Shown(data), None).count("<b>html</b>") == 1
    del data["text/html"]
    assert displays.display_html(Shown(data), None) == "**md**"
    assert mime.bundle(Many, salt="s") == {"text/plain": repr(Many)}  # the class, not an instance
