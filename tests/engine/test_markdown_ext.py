"""The engine as a Python-Markdown extension (for Zensical, which runs no MkDocs plugins): plain
``markdown.Markdown`` renders a page's includes and values through the same engine."""

from __future__ import annotations

import markdown
import pytest

from hf_model_guide.engine import Engine, Source
from hf_model_guide.markdown_ext import SnippetsExtension

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


def test_plain_markdown_renders_code_output_and_value(engine):
    ext = SnippetsExtension(engine=engine, page="docs/squares.md", lang="en")
    html = markdown.Markdown(extensions=[ext, "fenced_code"]).convert(PAGE)
    assert "squares = [n * n for n in range(1, 5)]" in html  # the code, in a code block
    assert "<code" in html and "squares: [1, 4, 9, 16]" in html  # what it printed
    assert "\tindented --8&lt;-- kept as printed" in html  # printed text is never Markdown
    assert "The last square is" in html and "16.0" in html  # the value
    assert "{*" not in html and "{=" not in html
    assert engine.stats.executed == 1 and ext.problems == []


def test_a_second_page_reuses_the_run_and_a_bad_include_is_named(engine):
    first = SnippetsExtension(engine=engine, page="docs/a.md", lang="en")
    markdown.Markdown(extensions=[first]).convert(PAGE)
    second = SnippetsExtension(engine=engine, page="docs/b.md", lang="en")
    html = markdown.Markdown(extensions=[second]).convert("{* snippets/missing.py *}\n")
    assert engine.stats.executed == 1  # the snippet ran once for both pages
    assert any(p.startswith("docs/b.md:1: ") and "missing.py" in p for p in second.problems)
    assert "missing.py" in html


def test_the_extension_loads_by_name(engine):
    md = markdown.Markdown(
        extensions=["hf_model_guide.markdown_ext"],
        extension_configs={"hf_model_guide.markdown_ext": {"engine": engine, "lang": "en"}},
    )
    assert "squares: [1, 4, 9, 16]" in md.convert(PAGE)
