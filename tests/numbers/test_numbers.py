"""The number check (hf_model_guide.checks.numbers): a number typed into a page's prose is reported
with page:line:column and how to fix it, by the build, pre-commit and these tests; the
numbers pages legitimately hold are not. (That pre-commit runs it, and passes, is
tests/contributing/test_workflows.py's.)"""

from __future__ import annotations

import subprocess
import sys

import pytest
from kit.root import ROOT
from kit.sites import checked_site

from hf_model_guide.checks.numbers import check_docs, check_text

PAGES = sorted((ROOT / "docs").rglob("*.md"))


def typed(text: str) -> list[str]:
    return [f.number for f in check_text(text, "docs/page.md")]


def test_every_page_passes():
    assert [f.message() for f in check_docs(ROOT)] == []
    assert PAGES


@pytest.mark.parametrize(
    "sentence, number",
    [
        ("That is 10 words.", "10"),  # the contributing walkthrough's own value, typed
        ("The model is right 98.6% of the time.", "98.6%"),
        ("P(POSITIVE) is 0.9864.", "0.9864"),
        ("一共 10 个词。", "10"),
        ("一共10个词。", "10"),
        ("有10个token", "10"),
        ("准确率是 98.6 %。", "98.6 %"),
        ("The logits are -1.56 and 1.61.", "-1.56"),
        ("It has 30,522 tokens.", "30,522"),
        ("2 sentences of 16 tokens", "2"),
        ("> The model said 0.9864", "0.9864"),  # in a quote block: still prose
        ("    Inside an admonition: 0.9864.", "0.9864"),
        ("- a list item with 42 in it", "42"),
        ("| a table | 0.9864 |", "0.9864"),
        ("`a`` is no code span, 42 is prose", "42"),  # as the directives read code spans
    ],
)
def test_a_typed_number_is_flagged(sentence: str, number: str):
    assert number in typed(sentence)


@pytest.mark.parametrize(
    "text",
    [
        "That is {= snippets/hello/count.py | len(words) =} words.",
        'The 2023 article printed {" article.logits[0][1] "}.',
        "Install `torch==2.13.0` and open `http://127.0.0.1:7860/`.",
        "``a span with ` inside 42``",
        "```python\nprint(10)\n```",
        "all-MiniLM-L6-v2 on SST-2, in UTF-8, an H1 heading, GPT-2 and v2",
        "Python 3.11, MkDocs 2, Material 9.8.2, mkdocs-material 9.8.2, version 4",
        "In 2023; on 2026-11-25; on May 5, 2027; 2023 年 5 月 1 日; at 13:11:49 +0800",
        "## 5. A numbered heading { #step-5 }",
        "1. first\n2. second\n10) tenth",
        "[chapter 2 of the course](https://example.invalid/chapter2/2?x=3#s-4)",
        '<span data-demo-timeout title="8">a few</span> seconds',
        "between 0 and 1, index 0 is NEGATIVE, id 1",
        "a 6-layer model, a 2-class head",
        "---\ntimeout: 300\n---\n# Title",
        "{* snippets/article/forward.py section=logits timeout=30 *}",
        "text[^1] and more",
        "1. `from_pretrained` (1)!",
        '!!! note "Title"',
    ],
)
def test_numbers_that_are_not_typed_outputs_pass(text: str):
    assert typed(text) == []


def test_the_message_says_where_and_how_to_fix():
    (finding,) = check_text("# 页\n\n第二行\n一共 10 个词。\n", "docs/hello.md")
    message = finding.message()
    assert message.startswith("docs/hello.md:4:4: the number '10' is typed into the prose;")
    assert "{= snippets/PATH.py | EXPRESSION =}" in message
    assert '{" KEY "}' in message and "snippets/article/quoted.toml" in message


def test_the_command_checks_the_pages_and_fails_on_a_typed_number(tmp_path):
    page = tmp_path / "docs" / "hello.md"
    page.parent.mkdir()
    page.write_text("# Hello\n\nThat is 10 words.\n", encoding="utf-8")
    command = [sys.executable, "-m", "hf_model_guide.checks.numbers", "--root", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "docs/hello.md:3:9: the number '10' is typed into the prose" in done.stderr
    assert done.stdout == "numbers: 1 typed into prose\n"
    page.write_text("# Hello\n\nThat is `10` words.\n", encoding="utf-8")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.build
def test_the_build_warns_and_strict_fails(tmp_path):
    site = checked_site(tmp_path / "site", tmp_path / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n\n准确率是 98.6%。\n")
    site.write("docs/index.en.md", "# Home { #home }\n\nThe accuracy is 98.6%.\n")
    strict = site.build()
    assert strict.code != 0
    assert "docs/index.en.md:3:17: the number '98.6%' is typed into the prose" in strict.log
    assert "docs/index.md:3:6: the number '98.6%' is typed into the prose" in strict.log
    relaxed = site.build(strict=False)
    assert relaxed.code == 0, relaxed.log
