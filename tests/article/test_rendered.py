"""The article as the strict build renders it, in both languages, from this build's runs."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from kit.root import ROOT

pytestmark = pytest.mark.build

PAGES = {"zh": "article/index.html", "en": "en/article/index.html"}

# The article's ten sections (docs/article.md), in its order; sub-sections of 2, 3 and 8 follow
# their parents. Explicit `{ #id }` anchors keep links working across languages.
SECTIONS = [
    "what-is-a-model",
    "blank-model",
    "pretrained-model",
    "processing-flow",
    "pre-processing",
    "model-forward",
    "post-processing",
    "using-pipeline",
    "model-repo",
    "references",
]
NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")


def article(built_site, lang):
    html = (built_site.path / PAGES[lang]).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


def outputs_by_snippet(page):
    """Each output block's text, keyed by the snippet file shown in the code block above it."""
    found: dict[str, list[str]] = {}
    for block in page.select(".snippet-output"):
        found.setdefault(snippet_above(block), []).append(block.select_one("code").text)
    return found


def snippet_above(block) -> str:
    """The snippet file named by the nearest code block before ``block``."""
    code = block.find_previous(
        lambda t: (
            t.name == "div"
            and "highlight" in (t.get("class") or [])
            and "snippet-output" not in t["class"]
            and "quoted-value" not in t["class"]
        )
    )
    return code.select_one(".filename").text


@pytest.mark.parametrize("lang", PAGES)
def test_all_ten_sections_in_the_article_order(built_site, lang):
    ids = [h["id"] for h in article(built_site, lang).select("h2[id], h3[id]")]
    assert [i for i in ids if i in SECTIONS] == SECTIONS, ids


def test_both_languages_share_every_heading_anchor(built_site):
    zh, en = (
        [h["id"] for h in article(built_site, lang).select("h1, h2, h3, h4")] for lang in PAGES
    )
    assert zh == en


@pytest.mark.parametrize("lang", PAGES)
def test_both_flow_diagrams_are_drawn(built_site, lang):
    diagrams = [d.text for d in article(built_site, lang).select(".diagram > svg")]
    assert len(diagrams) == 2
    flow, forward = diagrams
    assert all(step in flow for step in ("tokenizer", "input", "logits")), flow
    assert all(step.lower() in forward.lower() for step in ("embedding", "hidden", "logits")), (
        forward
    )


@pytest.mark.parametrize("lang", PAGES)
def test_errata_box_quotes_the_2023_article_and_the_truth(built_site, lang):
    errata = [
        d
        for d in article(built_site, lang).select("details.warning")
        if "勘误 / Errata" in d.select_one("summary").text
    ]
    assert len(errata) == 1
    rows = errata[0].select("tbody tr")
    assert len(rows) >= 3 and all(len(row.select("td")) == 2 for row in rows)
    assert "TFBertModel" in errata[0].text  # the old code is quoted, not run


@pytest.mark.parametrize("lang", PAGES)
def test_outputs_come_from_the_run_ids_and_labels(built_site, lang):
    outputs = outputs_by_snippet(article(built_site, lang))
    ids = outputs["snippets/article/preprocess.py"][0]
    first_row = re.search(r"tensor\(\[\[([^\]]*)", ids).group(1)
    assert [int(n) for n in first_row.replace(",", " ").split()[:4]] == [101, 1045, 1005, 2310]
    labels = re.findall(r"'label': '(\w+)'", outputs["snippets/article/pipeline.py"][0])
    assert labels == ["POSITIVE", "NEGATIVE"]


@pytest.mark.parametrize("lang", PAGES)
def test_built_offline_the_page_says_its_outputs_come_from_the_standin(built_site, lang):
    page = article(built_site, lang)
    notices = [a for a in page.select(".admonition") if a.select_one('a[href$="standin/"]')]
    assert len(notices) == 1
    assert ("离线替身模型" if lang == "zh" else "offline stand-in") in notices[0].text


def tensor_rows(text, name):
    """The rows of a 2-D tensor printed as ``'name': tensor([[...], [...]])``."""
    body = re.search(rf"'{name}': tensor\(\[(.*?)\]\)", text, re.DOTALL).group(1)
    return [
        [int(n) for n in row.replace(",", " ").split()] for row in re.findall(r"\[([^\]]*)\]", body)
    ]


def readable_numbers(text):
    """The numbers an output block prints, plus those a reader reads off its printed tensors:
    the batch's shape and each sentence's padding (the zeros of its attention mask)."""
    numbers = set(NUMBER.findall(text))
    if "'attention_mask'" in text:
        ids, mask = tensor_rows(text, "input_ids"), tensor_rows(text, "attention_mask")
        numbers |= {str(len(ids)), str(len(ids[0]))} | {str(row.count(0)) for row in mask}
    return numbers


@pytest.mark.parametrize("lang", PAGES)
def test_numbers_quoted_in_the_prose_are_the_numbers_in_the_outputs(built_site, lang):
    page = article(built_site, lang)
    outputs = outputs_by_snippet(page)
    values = page.select(".snippet-value")
    assert len(values) >= 10, "the prose quotes the run's numbers through placeholders"
    # A snippet whose outputs the page lays out itself (the demo's answers, a table) shows no
    # output block: what it printed in this build is in the manifest.
    manifest = json.loads((built_site.path / "outputs.json").read_text(encoding="utf-8"))
    for value in values:
        path = value["data-snippet"]
        shown = outputs.get(path) or [manifest["snippets"][path]["stdout"]]
        printed = readable_numbers("\n".join(shown))
        for number in NUMBER.findall(value.text):
            assert number in printed, (
                f"{lang}: {number!r} ({value['data-snippet']}) is not among what it printed"
            )


QUOTED_BESIDE = {
    "snippets/article/preprocess.py": "article.input_ids",
    "snippets/article/forward.py": "article.logits",
    "snippets/article/postprocess.py": "article.probabilities",
    "snippets/article/pipeline.py": "article.pipeline",
}


@pytest.mark.parametrize("lang", PAGES)
def test_the_2023_articles_values_sit_beside_the_outputs_labelled(built_site, lang):
    from hf_model_guide.pages import quoted

    entries = quoted.load(ROOT)
    label = quoted.label(lang, "article")
    page = article(built_site, lang)
    quotes = page.select(".admonition.quote")
    assert len(quotes) == len(QUOTED_BESIDE)
    for box in quotes:
        assert box.select_one(".admonition-title").text.strip() == label
        assert box.find_previous(class_="highlight") is box.find_previous(class_="snippet-output")
        key = QUOTED_BESIDE[snippet_above(box)]
        assert box.select_one("code").text.strip() == quoted.shown(entries[key].value)


def test_prose_quotes_the_same_values_in_both_languages(built_site):
    zh, en = (
        [(v["data-snippet"], v.text) for v in article(built_site, lang).select(".snippet-value")]
        for lang in PAGES
    )
    assert zh == en
