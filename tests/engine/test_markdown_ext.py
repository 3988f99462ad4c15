"""The engine as a Python-Markdown extension (for Zensical, which runs no MkDocs plugins): plain
``markdown.Markdown`` renders a page's includes and values through the same engine."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup

from hf_model_guide.engine import Engine, Source
from hf_model_guide.engine import directives as d
from hf_model_guide.pages import quoted
from hf_model_guide.pages.markdown_ext import SnippetsExtension, page_context
from hf_model_guide.pages.render import PageContext, render_page

PAGE = """\
# Squares

{* snippets/squares.py *}

The last square is {= snippets/squares.py | squares[-1] | .1f =}.
"""

SNIPPET = """\
squares = [n * n for n in range(1, 5)]
print("squares:", squares)
print("\\tindented --8<-- kept as printed")
"""


@pytest.fixture
def engine(tmp_path):
    root = tmp_path / "project"
    (root / "snippets").mkdir(parents=True)
    (root / "snippets" / "squares.py").write_text(SNIPPET, encoding="utf-8")
    made = Engine(root, cache_folder=tmp_path / "cache", preload=[], source=Source())
    yield made
    made.close()


@pytest.mark.build
def test_plain_markdown_renders_code_output_and_value(engine):
    ext = SnippetsExtension(engine=engine, page="docs/squares.md", lang="en")
    html = markdown.Markdown(extensions=[ext, "fenced_code"]).convert(PAGE)
    assert "squares = [n * n for n in range(1, 5)]" in html  # the code, in a code block
    assert "<code" in html and "squares: [1, 4, 9, 16]" in html  # what it printed
    assert "\tindented --8&lt;-- kept as printed" in html  # printed text is never Markdown
    assert "The last square is" in html and "16.0" in html  # the value
    assert "{*" not in html and "{=" not in html
    assert engine.stats.executed == 1 and ext.problems == []


@pytest.mark.build
def test_a_second_page_reuses_the_run_and_a_bad_include_is_named(engine):
    first = SnippetsExtension(engine=engine, page="docs/a.md", lang="en")
    markdown.Markdown(extensions=[first]).convert(PAGE)
    second = SnippetsExtension(engine=engine, page="docs/b.md", lang="en")
    html = markdown.Markdown(extensions=[second]).convert("{* snippets/missing.py *}\n")
    assert engine.stats.executed == 1  # the snippet ran once for both pages
    assert any(p.startswith("docs/b.md:1: ") and "missing.py" in p for p in second.problems)
    assert "missing.py" in html


@pytest.mark.build
def test_the_extension_loads_by_name(engine):
    md = markdown.Markdown(
        extensions=["hf_model_guide.pages.markdown_ext"],
        extension_configs={"hf_model_guide.pages.markdown_ext": {"engine": engine, "lang": "en"}},
    )
    assert "squares: [1, 4, 9, 16]" in md.convert(PAGE)


# -- a whole page, as the site renders it ---------------------------------------------------

QUOTED = """\
[repo.layers]
source = "a test"
value = 6
"""

SITE_PAGE = """\
# Squares { #squares }

{* snippets/squares.py *}

The last square is {= snippets/squares.py | squares[-1] =}; the real model has
{" repo.layers "} layers.
"""

SITE_PAGE_EN = SITE_PAGE.replace("Squares", "Squares (en)")


def site_extensions() -> list:
    """The Markdown extensions of the throwaway site (kit/throwaway_site.py), with those MkDocs always adds."""
    return [
        "toc",
        "tables",
        "fenced_code",
        "admonition",
        "attr_list",
        "md_in_html",
        "pymdownx.details",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.superfences",
    ]


@pytest.mark.build
def test_plain_markdown_renders_a_page_as_the_mkdocs_build_does(tmp_path, monkeypatch):
    from kit.throwaway_site import Site

    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/squares.py", SNIPPET)
    site.write("snippets/article/quoted.toml", QUOTED)
    site.write("docs/index.md", SITE_PAGE)
    site.write("docs/index.en.md", SITE_PAGE_EN)
    date = {"SOURCE_DATE_EPOCH": "1700000000"}  # both say the same build date
    build = site.build(env=date)  # the site's mkdocs.yml lists the plugin only: it adds us
    assert build.code == 0, build.log
    built = build.page("zh").select_one("article")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", date["SOURCE_DATE_EPOCH"])
    monkeypatch.setenv("HF_MODEL_GUIDE_CACHE", str(site.cache))  # the build's runs
    engine = Engine(site.root, preload=[], source=Source())
    try:
        ext = SnippetsExtension(
            engine=engine, page="docs/index.md", lang="zh", manifest_url="outputs.json"
        )
        html = markdown.Markdown(extensions=[ext, *site_extensions()]).convert(SITE_PAGE)
    finally:
        engine.close()
    assert engine.stats.executed == 0  # the build's run, from the cache
    assert ext.problems == []
    plain = BeautifulSoup(html, "html.parser")
    for part in (
        "div.snippet-output",  # what the snippet printed
        ".snippet-value",  # the value
        ".quoted-value",  # the 2023 quotation, labelled
        ".snippet-provenance",  # how the outputs were made, linking outputs.json
    ):
        assert [str(x) for x in plain.select(part)] == [str(x) for x in built.select(part)], part
        assert plain.select(part), part
    assert plain.select_one(".snippet-provenance a")["href"] == "outputs.json"
    assert "2023-11-14" in plain.select_one(".snippet-provenance").text
    # The whole page alike (Material adds only its own buttons around the content).
    shown = [str(x) for x in plain.find_all(recursive=False) if getattr(x, "name", None)]
    assert shown == [str(x) for x in built.find_all(recursive=False) if x.name][-len(shown) :]


@pytest.mark.build
def test_problems_are_collected_with_page_and_line_and_logged(engine, caplog):
    ext = SnippetsExtension(engine=engine, page="docs/bad.md", lang="en")
    page = '# Bad\n\nSee {" repo.nothing "}.\n\n{* snippets/missing.py *}\n'
    with caplog.at_level("ERROR", logger="hf_model_guide.pages.markdown_ext"):
        markdown.Markdown(extensions=[ext]).convert(page)
    assert any(p.startswith("docs/bad.md:3: ") and "repo.nothing" in p for p in ext.problems)
    assert any(p.startswith("docs/bad.md:5: ") and "missing.py" in p for p in ext.problems)
    assert sorted(r.getMessage() for r in caplog.records) == sorted(ext.problems)


@pytest.mark.build
def test_an_adapter_gives_the_page_and_lines_others_inserted_keep_its_line_numbers(engine):
    """As the MkDocs plugin does: the page's context comes from the adapter, not the
    options, and a notice another plugin put under the title shifts no page:line."""
    written = "# Page\n\n{= snippets/squares.py | nothing =}\n\n{* snippets/gone.py *}\n"
    engine.prepare({"docs/p.md": written})
    prepared = engine.take_problems()
    assert sorted(p.split(": ", 1)[0] for p in prepared) == ["docs/p.md:3", "docs/p.md:5"]
    changed = written.replace("# Page\n", "# Page\n\n!!! warning\n\n    Not translated.\n")
    reported: list[list[str]] = []
    token = page_context.set(
        PageContext(
            engine=engine, page="docs/p.md", lang="en", written=written, report=reported.append
        )
    )
    try:
        ext = SnippetsExtension(page="ignored.md", root="/nonexistent")
        html = markdown.Markdown(extensions=[ext, "admonition"]).convert(changed)
    finally:
        page_context.reset(token)
    assert reported == [[]]  # each problem was reported once, by prepare, at its own line
    assert "Not translated." in html and "{*" not in html and "{=" not in html
    assert "snippets/gone.py" in html  # the include's failure, found by its written line


def test_a_page_an_adapter_leaves_alone_is_not_rendered():
    token = page_context.set("as-is")
    try:
        html = markdown.Markdown(extensions=[SnippetsExtension()]).convert("{= a.py | x =}")
    finally:
        page_context.reset(token)
    assert html == "<p>{= a.py | x =}</p>"


@pytest.mark.build
def test_under_mkdocs_a_problem_is_an_error_naming_the_files_own_line(tmp_path):
    """Front matter, which MkDocs takes off before the page is converted, shifts no line."""
    from kit.throwaway_site import Site

    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/squares.py", SNIPPET)
    page = "---\ntitle: Squares\n---\n\n# Squares\n\n{= snippets/squares.py | nothing =}\n"
    site.write("docs/index.md", page)
    site.write("docs/index.en.md", page)
    build = site.build()
    assert build.code != 0  # --strict
    named = sorted(set(re.findall(r"(docs/index(?:\.en)?\.md:\d+): \{=", build.log)))
    assert named == ["docs/index.en.md:7", "docs/index.md:7"], build.log
    assert build.log.count("docs/index.md:7: {=") == 1, build.log


@pytest.mark.build
def test_the_engines_own_note_stays_below_a_notice_others_put_under_the_title(tmp_path):
    engine = Engine(tmp_path, cache_folder=tmp_path / "cache", enabled=False, source=Source())
    written = "# Page\n\nThe value is {= snippets/squares.py | x =}.\n"
    changed = written.replace("# Page\n", "# Page\n\n!!! warning\n\n    Not translated.\n")
    context = PageContext(engine=engine, page="docs/p.md", lang="en", written=written)
    shown = render_page(changed, context).sheltered
    notice, note = shown.index("Not translated."), shown.index(d.message("en", "not_run"))
    assert shown.index("# Page") < notice < note < shown.index("The value is")


@pytest.mark.build
def test_under_serve_a_problem_goes_to_the_terminal_and_the_page_not_to_strict(tmp_path):
    from kit.throwaway_site import Site, serving

    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/squares.py", SNIPPET)
    site.write("snippets/article/quoted.toml", QUOTED)
    page = '# Squares\n\n{* snippets/squares.py *}\n\nSee {" repo.nothing "}.\n'
    site.write("docs/index.md", page)
    site.write("docs/index.en.md", page)
    with serving(site, "--strict", "--no-livereload") as served:
        html, _ = served.wait_for("en/", lambda html: True, seconds=120)
        assert served.process.poll() is None  # --strict stopped no build
        assert html is not None and "squares: [1, 4, 9, 16]" in html
        assert quoted.label("en", "unknown") in html
    assert '[run-snippets] docs/index.en.md:5: {" repo.nothing "}' in served.log
