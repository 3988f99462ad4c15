"""The content defects found in review (issue 12), each as a reader of the built site sees it."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from kit.root import ROOT

from hf_model_guide.pages import quoted

pytestmark = pytest.mark.build

LANGS = ("zh", "en")
ENTRIES = quoted.load(ROOT)


def page(built_site, lang: str, name: str):
    prefix = "en/" if lang == "en" else ""
    path = built_site.path / prefix / name / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


def article(built_site, lang):
    return page(built_site, lang, "article")


def errata(doc):
    return next(d for d in doc.select("details.warning") if "Errata" in d.summary.text)


def outside_errata(doc) -> str:
    text = doc.get_text(" ")
    return text.replace(errata(doc).get_text(" "), "")


def output_of(doc, snippet: str, section_text: str = "") -> str:
    """The text of the output blocks following the code block of ``snippet``."""
    found = []
    for block in doc.select(".snippet-output"):
        code = block.find_previous(
            lambda t: (
                t.name == "div"
                and "highlight" in (t.get("class") or [])
                and not {"snippet-output", "quoted-value"} & set(t["class"])
            )
        )
        if code.select_one(".filename").text == snippet and section_text in code.text:
            found.append(block.get_text())
    return "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_the_errata_are_collapsed_and_every_row_is_linked_from_its_spot(built_site, lang):
    doc = article(built_site, lang)
    box = errata(doc)
    assert box.get("open") is None, "the errata open collapsed"
    rows = [span["id"] for span in box.select("tbody tr td:first-child span[id]")]
    assert len(rows) == len(box.select("tbody tr")) and len(rows) >= 13
    links = [a["href"] for a in doc.select("a.erratum-link")]
    assert all(a.find_parent("details") is not box for a in doc.select("a.erratum-link"))
    # The Chinese text's typos have no spot in the English text: English readers are not sent
    # to that row.
    unlinked = set() if lang == "zh" else {"erratum-typos"}
    assert {href.lstrip("#") for href in links} == set(rows) - unlinked
    assert all(
        a.text == ("勘误" if lang == "zh" else "erratum") for a in doc.select("a.erratum-link")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_the_original_errors_about_the_head_and_the_inputs_stand_only_in_the_errata(
    built_site, lang
):
    doc = article(built_site, lang)
    rows = errata(doc).get_text(" ")
    text = outside_errata(doc)
    if lang == "zh":
        assert "预训练阶段的 model 及 head" in rows and "预训练阶段的 model 及 head" not in text
        assert "模型接受 tokens 作为输入" in rows and "模型接受 tokens" not in text
        assert "训练新数据" in rows and "训练新数据" not in text
        assert "微调时训练的分类 head" in text and "模型接受 input IDs 和 attention mask" in text
    else:
        assert "takes tokens as input" in rows and "takes tokens as input" not in text
        assert "head trained during fine-tuning" in text.replace("\n", " ")


@pytest.mark.parametrize("lang", LANGS)
def test_the_forward_figure_shows_the_mask_and_the_cls_vector_into_the_head(built_site, lang):
    figures = article(built_site, lang).select("svg")
    forward = [f for f in figures if "hidden" in f.get_text(" ")]
    assert forward, "no drawing of the model forward"
    words = forward[-1].get_text(" ")
    assert "attention mask" in words and "[CLS]" in words and "(batch, hidden)" in words


@pytest.mark.parametrize("lang", LANGS)
def test_automodel_shows_its_load_report_and_the_page_says_why(built_site, lang):
    doc = article(built_site, lang)
    report = output_of(doc, "snippets/article/hidden_states.py")
    assert "LOAD REPORT" in report and "UNEXPECTED" in report and "classifier.weight" in report
    assert "\x1b" not in report
    assert "LOAD REPORT" in outside_errata(doc) and "pre_classifier" in outside_errata(doc)


@pytest.mark.parametrize("lang", LANGS)
def test_no_output_shows_grad_fn_and_the_page_explains_it(built_site, lang):
    doc = article(built_site, lang)
    for snippet in ("forward", "postprocess", "hidden_states"):
        assert "grad_fn" not in output_of(doc, f"snippets/article/{snippet}.py")
    assert "torch.no_grad()" in doc.get_text() and "grad_fn" in doc.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_the_blank_model_says_which_share_is_random(built_site, lang):
    doc = article(built_site, lang)
    init = output_of(doc, "snippets/article/blank_model.py", "random = ")
    share = re.search(r"([\d.]+)% of the parameters are random", init).group(1)
    values = [v.text for v in doc.select('.snippet-value[data-snippet$="blank_model.py"]')]
    assert f"{share}%" in values
    assert "LayerNorm weights: [1.0, 1.0, 1.0, 1.0]" in init


@pytest.mark.parametrize("lang", LANGS)
def test_computed_not_vague_subwords_config_object_and_bert_vs_distilbert(built_site, lang):
    doc = article(built_site, lang)
    values = [v.text for v in doc.select(".snippet-value")]
    assert "2" in values and any("hugging" in v and "##face" in v for v in values)
    assert "DistilBertConfig" in doc.get_text()
    assert "12" in values and "6" in values  # BERT's layers, DistilBERT's


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_names_its_checkpoint_and_links_the_files_a_space_needs(built_site, lang):
    doc = article(built_site, lang)
    fallback = doc.select_one("[data-demo-fallback]").get_text()
    assert 'pipeline("sentiment-analysis", model=checkpoint)' in fallback
    links = {a["href"] for a in doc.select("a[href]")}
    for name in ("app.py", "requirements.txt", "README.md"):
        assert any(h.endswith(f"/snippets/demo/{name}") for h in links), name
    assert "https://github.com/hf-model-guide/hf-model-guide" in links


@pytest.mark.parametrize("lang", LANGS)
def test_the_model_repo_section_lists_the_real_files_and_the_run_lists_root_files_only(
    built_site, lang
):
    doc = article(built_site, lang)
    section = doc.select_one("#model-repo")
    prose = ""
    for sibling in section.find_all_next():
        if sibling.name == "h2":
            break
        if sibling.name in ("p", "li"):
            prose += sibling.get_text(" ")
    for name in [*ENTRIES["repo.root_files"].value, "onnx/"]:
        assert name in prose, name
    assert ENTRIES["repo.revision"].value in prose
    listing = output_of(doc, "snippets/article/model_repo.py", "snapshot_download")
    names = [line.split()[0] for line in listing.splitlines() if line.strip()]
    assert "tokenizer.json" not in names and "config.json" in names
    assert all("/" not in n for n in names)
    saved = output_of(doc, "snippets/article/model_repo.py", "save_pretrained")
    assert "model.safetensors" in saved and "config.json" in saved


@pytest.mark.parametrize("lang", LANGS)
def test_offline_the_stand_in_remarks_quote_the_real_values(built_site, lang):
    doc = article(built_site, lang)
    remarks = doc.select(".admonition.standin")
    assert len(remarks) == 3
    body = next(r for r in remarks if r.find_previous("h3")["id"] == "three-models")
    assert "distilbert/distilbert-base-uncased" in body.text  # the real body it stands in for
    for remark in (r for r in remarks if r is not body):
        quotes = {q["data-quote"]: q.text for q in remark.select("span.quoted-value")}
        assert quotes.get("repo.hidden_size") == "768" or quotes.get("repo.weights_size") == (
            ENTRIES["repo.weights_size"].value
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_starts_the_reader_on_the_article(built_site, lang):
    doc = page(built_site, lang, "")
    text = doc.get_text()
    assert "正在整理中" not in text and "being prepared" not in text
    start = doc.select_one("#start-here").find_next("p")
    assert any(a["href"].rstrip("/").endswith("article") for a in start.select("a[href]"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_contributing_page_shows_how_to_mark_a_section(built_site, lang):
    text = page(built_site, lang, "contributing").get_text()
    assert "# --8<-- [start:NAME]" in text and "# --8<-- [end:NAME]" in text
    assert ";--8<--" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_stand_in_page_computes_its_numbers_and_credits_minilm_with_weights(built_site, lang):
    doc = page(built_site, lang, "standin")
    values = [v.text for v in doc.select('.snippet-value[data-snippet$="ingredients.py"]')]
    assert "30,522" in values and "6" in values
    text = doc.get_text()
    assert ("权重与词表" in text) if lang == "zh" else ("Weights and vocabulary" in text)


def test_the_site_and_the_article_share_one_title(built_site):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    site_name = re.search(r"^site_name: (.*)$", config, re.M).group(1)
    h1 = article(built_site, "zh").select_one("h1").get_text().replace("¶", "").strip()
    assert site_name == h1
