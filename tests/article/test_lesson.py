"""The lesson as a beginner reads it, on the built pages in both languages: it starts at once,
shows the attention mask working and softmax by hand with this build's numbers, explains what
the reader sees, names its original, and says beside each output which model produced it."""

from __future__ import annotations

import json
import re

import pytest
from kit.root import ROOT
from test_content import LANGS, article, errata, output_of, page

FLOAT = re.compile(r"-?\d+\.\d+(?:e-?\d+)?")


def values(doc, snippet: str) -> list[str]:
    """The values the prose glued from ``snippet``, in page order."""
    return [v.get_text() for v in doc.select(f'.snippet-value[data-snippet="{snippet}"]')]


def paragraph_with(doc, snippet: str, containing: str):
    return next(
        p
        for p in doc.select("p")
        if p.select_one(f'.snippet-value[data-snippet="{snippet}"]') and containing in p.text
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_lesson_starts_before_the_version_notes_the_buttons_and_the_errata(built_site, lang):
    doc = article(built_site, lang)
    ids = [h["id"] for h in doc.select("h2[id]")]
    assert ids[0] == "before-you-start" and ids.index("about-this-version") > ids.index(
        "model-repo"
    )
    before = doc.select_one("#before-you-start").find_next("ul").get_text(" ")
    assert "pip install torch transformers" in before
    assert "checkpoint" in before.lower() and "config.json" in before
    assert "~/.cache/huggingface/hub" in before
    size = doc.select_one('#before-you-start ~ ul .quoted-value[data-quote="repo.weights_size"]')
    assert size is not None and size.text == "268 MB"
    # What used to open the page now sits in "about this version", after the lesson.
    about = doc.select_one("#about-this-version")
    assert about.find_next("details") is errata(doc)
    assert not about.find_all_previous("a", class_="md-button")
    assert about.find_next("a", href=re.compile("colab.research.google.com"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_names_the_original_author_and_date(built_site, lang):
    text = article(built_site, lang).get_text(" ")
    original = ROOT.parent / "shared" / "source" / "article.zh.md"
    if original.is_file():  # the original beside the checkout, where there is one: it says so
        source = original.read_text(encoding="utf-8")
        assert "author: Wang Li" in source and "date:   2023-05-07" in source
    assert text.count("Wang Li") >= 2 and text.count("2023-05-07") >= 2  # top line, about


@pytest.mark.parametrize("lang", LANGS)
def test_the_mask_demonstration_glues_equal_then_unequal_logits_from_the_run(built_site, lang):
    doc = article(built_site, lang)
    snippet = "snippets/article/forward.py"
    shown = output_of(doc, snippet, "padded, no mask")
    rows = {
        name: [float(x) for x in FLOAT.findall(line.split("tensor")[1])]
        for name, line in zip(("alone", "masked", "unmasked"), shown.splitlines()[:3])
    }
    assert rows["alone"] == rows["masked"] != rows["unmasked"], rows
    heading = doc.select_one("#attention-mask-at-work")
    shown_after = heading.find_next("div", class_="snippet-output").find_all_next("p", limit=2)
    glued = [float(v.text) for p in shown_after for v in p.select(".snippet-value")]
    alone, masked, tolerance, unmasked = glued[0:2], glued[2:4], glued[4], glued[5:7]
    assert alone == rows["alone"] and masked == rows["masked"] and unmasked == rows["unmasked"]
    assert alone == masked and tolerance <= 1e-4 and unmasked != alone and glued[7] > 1e-3
    # The rounding between alone and masked is compared, never shown (issue 31).
    assert f"(within {tolerance:g}): True" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_softmax_by_hand_equals_what_torch_softmax_printed(built_site, lang):
    doc = article(built_site, lang)
    snippet = "snippets/article/postprocess.py"
    para = paragraph_with(doc, snippet, "P(POSITIVE)")
    exp_a, exp_b, exp_b2, exp_a2, exp_b3, by_hand, torch_value = (
        float(v.text) for v in para.select(".snippet-value")
    )
    assert exp_a == exp_a2 and exp_b == exp_b2 == exp_b3
    assert by_hand == torch_value == round(exp_b / (exp_a + exp_b), 4)
    softmax = output_of(doc, snippet, "torch.softmax(")
    assert f"{torch_value:.4f}" in softmax  # the number torch.softmax printed above


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_explains_token_type_ids_and_why_a_blank_model_sits_near_one_half(
    built_site, lang
):
    doc = article(built_site, lang)
    assert "'token_type_ids'" in output_of(doc, "snippets/article/preprocess.py")
    text = doc.get_text(" ")
    assert "`token_type_ids`" not in text and "token_type_ids" in text
    para = paragraph_with(doc, "snippets/article/blank_vs_pretrained.py", "softmax")
    std, largest = (float(v.text) for v in para.select(".snippet-value"))
    assert std == 0.02 and 0 < largest < 0.5


@pytest.mark.parametrize("lang", LANGS)
def test_the_attention_map_comes_with_one_observation_from_the_run(built_site, lang):
    doc = article(built_site, lang)
    token, weight = values(doc, "snippets/article/forward.py")[-2:]
    printed = output_of(doc, "snippets/article/forward.py", "output_attentions")
    assert f"[CLS] attends most to '{token}': {weight}" in printed


@pytest.mark.parametrize("lang", LANGS)
def test_every_output_says_which_model_produced_it(built_site, lang):
    doc = article(built_site, lang)
    model = "离线替身模型" if lang == "zh" else "offline stand-in"
    titles = [t.get_text() for t in doc.select(".snippet-output .filename")]
    with_model = [t for t in titles if model in t]
    # Every snippet that loads the checkpoint; the blank BERT and the Gradio app do not.
    assert len(with_model) >= 10, titles
    blank = output_of(doc, "snippets/article/blank_model.py")
    assert blank and all(
        model not in b.select_one(".filename").get_text()
        for b in doc.select(".snippet-output")
        if b.select_one("code").text in blank
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_contributing_example_is_a_value_the_article_really_glues(built_site, lang):
    guide = (
        ROOT / "docs" / ("contributing.md" if lang == "zh" else "contributing.en.md")
    ).read_text(encoding="utf-8")
    examples = re.findall(r"`(\{= snippets/article/[^`]*=\})`", guide)
    assert examples
    source = (ROOT / "docs" / ("article.md" if lang == "zh" else "article.en.md")).read_text(
        encoding="utf-8"
    )
    for example in examples:
        # The article uses it, so the strict build evaluated it on that snippet's run.
        assert example in source, example
    doc = article(built_site, lang)
    assert values(doc, "snippets/article/postprocess.py")  # and the page shows the values


@pytest.mark.build
def test_no_notebook_cell_holds_mkdocs_markup():
    from hf_model_guide.notebooks.__main__ import expected

    made = expected(ROOT)  # the copies Colab opens (the publish workflow makes them)
    assert len(made) == 2
    for name, notebook in made.items():
        cells = json.loads(notebook)["cells"]
        for number, cell in enumerate(cells):
            text = "".join(cell["source"])
            if cell["cell_type"] != "markdown":
                continue
            where = f"{name} cell {number}"
            assert not re.search(r"^\s*(!!!|\?\?\?)", text, re.M), where
            assert "<span" not in text, where
            assert not re.search(r"\{\s*[.#][\w-]", text.replace("{=", "")), where


def test_english_pages_send_no_reader_to_the_chinese_typos_row(built_site):
    links = [a["href"] for a in page(built_site, "en", "article").select("a.erratum-link")]
    assert "#erratum-typos" not in links


@pytest.mark.parametrize("lang", LANGS)
def test_blank_pretrained_and_fine_tuned_fine_tuning_is_what_separates_the_sentences(
    built_site, lang
):
    doc = article(built_site, lang)
    snippet = "snippets/article/blank_vs_pretrained.py"
    printed = output_of(doc, snippet, "fine-tuned")
    apart = dict(
        re.findall(r"(blank|pretrained|fine-tuned) (\d\.\d{4})", printed.split("apart:")[1])
    )
    para = paragraph_with(doc, snippet, apart["fine-tuned"])
    glued = [v.text for v in para.select(".snippet-value")]
    assert glued == [apart["pretrained"], apart["blank"], apart["fine-tuned"]]
    assert float(apart["pretrained"]) < 0.2 and float(apart["fine-tuned"]) > 0.5, apart
