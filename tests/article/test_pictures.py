"""The article's four pictures, as the strict build renders them: each beside the output it
illustrates, with alt text in the page's language, and showing the numbers the output prints."""

from __future__ import annotations

import ast
import re

import pytest
from test_rendered import PAGES, article, snippet_above

pytestmark = pytest.mark.build

CJK = re.compile(r"[\u4e00-\u9fff]")
FOUR_DECIMALS = re.compile(r"\d\.\d{4}")

# Which snippet shows each picture, and the section of the article it stands in.
PICTURES = [
    ("snippets/article/preprocess.py", "pre-processing", "table"),
    ("snippets/article/forward.py", "model-forward", "figure"),
    ("snippets/article/postprocess.py", "post-processing", "figure"),
    ("snippets/article/blank_vs_pretrained.py", "three-models", "figure"),
]


def displays(page) -> list:
    return page.select(".snippet-display")


def section_of(node) -> str:
    return node.find_previous(["h2", "h3"])["id"]


def printed(page, path: str, containing: str) -> str:
    """The output block of ``path`` whose text holds ``containing``."""
    found = [
        block.select_one("code").text
        for block in page.select(".snippet-output")
        if snippet_above(block) == path and containing in block.text
    ]
    assert len(found) == 1, (path, containing, found)
    return found[0]


def svg_texts(figure) -> list[str]:
    return [text.text for text in figure.select("svg text")]


@pytest.mark.parametrize("lang", PAGES)
def test_four_pictures_each_beside_its_output_with_alt_text_in_the_page_language(built_site, lang):
    page = article(built_site, lang)
    shown = displays(page)
    assert [(snippet_above(d), section_of(d)) for d in shown] == [p[:2] for p in PICTURES]
    for node, (_, _, kind) in zip(shown, PICTURES, strict=True):
        if kind == "table":
            assert node.select("table thead th") and node.select("table tbody td")
            continue
        svg = node.select_one("figure svg")
        alt = svg["aria-label"]
        assert svg["role"] == "img" and svg.title.text == alt
        assert bool(CJK.search(alt)) == (lang == "zh"), alt


def tensor_rows(text: str, name: str) -> list[list[int]]:
    """``name``'s rows from a printed BatchEncoding: ``'input_ids': tensor([[101, ...], ...])``."""
    match = re.search(rf"'{name}': tensor\((\[\[.*?\]\])\)", text, re.S)
    assert match, text
    return ast.literal_eval(re.sub(r"\s+", " ", match[1]))


@pytest.mark.parametrize("lang", PAGES)
def test_the_token_table_holds_the_printed_ids_masks_and_tokens(built_site, lang):
    page = article(built_site, lang)
    encoded = printed(page, "snippets/article/preprocess.py", "input_ids")
    tokens = [
        ast.literal_eval(line)
        for line in printed(page, "snippets/article/preprocess.py", "'[PAD]'").splitlines()
    ]
    table = displays(page)[0].select_one("table")
    rows = [[td.text for td in tr.select("td")] for tr in table.select("tbody tr")]
    for sentence in range(2):
        columns = [[row[3 * sentence + k] for row in rows] for k in range(3)]
        assert columns[0] == tokens[sentence]
        assert [int(v) for v in columns[1]] == tensor_rows(encoded, "input_ids")[sentence]
        assert [int(v) for v in columns[2]] == tensor_rows(encoded, "attention_mask")[sentence]
    assert "[PAD]" in tokens[1]  # the point of the table: padding and a zero mask line up


@pytest.mark.parametrize("lang", PAGES)
def test_the_probability_chart_shows_the_printed_probabilities(built_site, lang):
    page = article(built_site, lang)
    text = printed(page, "snippets/article/postprocess.py", "POSITIVE:")
    numbers = FOUR_DECIMALS.findall(text)
    assert len(numbers) == 4, text
    labels = [t for t in svg_texts(displays(page)[2]) if FOUR_DECIMALS.fullmatch(t)]
    assert sorted(labels) == sorted(numbers)


@pytest.mark.parametrize("lang", PAGES)
def test_the_attention_map_has_sentence_ones_tokens_on_both_axes(built_site, lang):
    page = article(built_site, lang)
    first = ast.literal_eval(
        printed(page, "snippets/article/preprocess.py", "'[PAD]'").splitlines()[0]
    )
    texts = svg_texts(displays(page)[1])
    assert first[-1] == "[SEP]"
    assert texts.count("[CLS]") == 2 and texts.count("[SEP]") == 2  # one per axis
    assert all(texts.count(token) >= 2 for token in first)


@pytest.mark.parametrize("lang", PAGES)
def test_blank_versus_pretrained_shows_the_printed_probabilities(built_site, lang):
    page = article(built_site, lang)
    text = printed(page, "snippets/article/blank_vs_pretrained.py", "fine-tuned")
    positive = re.findall(r"POSITIVE (\d\.\d{4})", text)
    assert len(positive) == 6, text
    labels = [t for t in svg_texts(displays(page)[3]) if FOUR_DECIMALS.fullmatch(t)]
    assert labels == positive  # blank 1, blank 2, pretrained 1, 2, fine-tuned 1, 2
    legend = svg_texts(displays(page)[3])
    assert all(name in legend for name in ("blank", "pretrained", "fine-tuned")), legend
    ticks = [float(t) for t in svg_texts(displays(page)[3]) if re.fullmatch(r"\d\.\d\d?", t)]
    assert max(ticks) == 1, f"ticks stop at probability 1: {ticks}"
    blank = [float(p) for p in positive[:2]]
    assert all(abs(p - 0.5) < 0.2 for p in blank), "a blank model is close to a coin toss"
