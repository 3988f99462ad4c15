"""The pages' diagrams: every Mermaid block has its committed drawing, current for the vendored
Mermaid, made for inlining, and inlined by the build."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from hf_model_guide import diagrams
from hf_model_guide.diagrams import fence

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_diagram_has_a_current_drawing_and_every_drawing_a_diagram():
    problems = diagrams.stale(DOCS)
    assert not problems, (
        "\n".join(problems) + "\nrun `python -m hf_model_guide.diagrams` and commit diagrams/"
    )


def test_blocks_are_found_in_and_only_in_mermaid_fences(tmp_path):
    text = (
        "```mermaid\nflowchart LR\n    A --> B\n```\n\n"
        "```python\nprint(1)\n```\n\n"
        '!!! note "x"\n\n    ```mermaid\n    flowchart TB\n        C --> D\n    ```\n'
        "````markdown\n```mermaid\nnot a block\n```\n````\n"
    )
    found = diagrams.blocks(text, tmp_path / "p.md")
    assert [(b.line, b.source) for b in found] == [
        (1, "flowchart LR\n    A --> B"),
        (12, "flowchart TB\n    C --> D"),
    ]


def test_the_key_ignores_edge_and_trailing_whitespace():
    assert diagrams.key("flowchart LR\n  A --> B  \n") == diagrams.key("\nflowchart LR\n  A --> B")
    assert diagrams.key("flowchart LR\n  A --> B") != diagrams.key("flowchart LR\n  A --> C")


@pytest.mark.parametrize(
    "block", diagrams.page_blocks(DOCS), ids=lambda b: f"{b.path.name}:{b.line}"
)
def test_a_drawing_is_made_for_inlining_in_either_scheme(block):
    svg = BeautifulSoup(diagrams.svg_path(block.source).read_text(encoding="utf-8"), "html.parser")
    root = svg.select_one("svg")
    assert root["role"] == "img" and int(root["width"]) > 0 and int(root["height"]) > 0
    title = svg.select_one(f"#{root['aria-labelledby']}").text
    assert title.strip() and "<" not in title
    # The reader's language: a Chinese page's diagram is read out in Chinese.
    assert bool(CJK.search(title)) == bool(CJK.search(block.source))
    assert not svg.select("style, foreignObject, script"), "colours and labels come from the page"
    assert svg.select("text"), "labels are real text"


def test_a_block_without_drawing_warns_and_shows_its_source(caplog):
    with caplog.at_level(logging.WARNING):
        html = fence.format_fence("flowchart LR\n  Never --> Drawn", "mermaid", "diagram", {}, None)
    assert '<pre class="diagram diagram--missing"><code>flowchart LR' in html
    assert "python -m hf_model_guide.diagrams" in caplog.text


@pytest.mark.build
def test_the_build_inlines_each_drawing(built_site):
    page = BeautifulSoup(
        (built_site.path / "article" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    drawn = page.select("div.diagram > svg")
    assert len(drawn) == 2 and not page.select(".diagram--missing")
    assert not page.select("pre.mermaid, .mermaid-diagram")
