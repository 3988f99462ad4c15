"""The article's sources hold code and prose only: outputs come from the build, never a keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kit.root import ROOT

from hf_model_guide.checks.numbers import check_file, check_text

PAGES = sorted((ROOT / "docs").glob("**/*.md"))
SNIPPETS = sorted((ROOT / "snippets").glob("**/*.py"))
FENCE = re.compile(r"^(?P<indent> *)(```|~~~)(?P<info>[^\n]*)$", re.M)

# What a pasted output looks like, in a page or in a snippet's comments.
PASTED_OUTPUT = [
    (re.compile(r"(?<![.\w])tensor\(\[|tf\.Tensor[:(]|(?<![.\w])array\(\["), "a printed tensor"),
    (re.compile(r"torch\.Size\(\["), "a printed shape"),
    (re.compile(r"\{'label': '"), "a printed pipeline result"),
    (re.compile(r"'input_ids': "), "a printed tokenizer result"),
    (re.compile(r"^\s*(#\s*)?(输出如下|Output:|>>> )", re.M), "an output marker"),
]
TENSORFLOW = re.compile(r"\btf\.|TFBertModel|TFAutoModel|return_tensors=\"tf\"|import tensorflow")


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


@pytest.mark.parametrize("path", PAGES + SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_pasted_output(path: Path):
    text = path.read_text(encoding="utf-8")
    for pattern, what in PASTED_OUTPUT:
        match = pattern.search(text)
        assert not match, (
            f"{path.relative_to(ROOT)}:{_line(text, match.start())}: {what} typed by hand"
        )


@pytest.mark.parametrize("path", PAGES + SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_tensorflow(path: Path):
    text = path.read_text(encoding="utf-8")
    # The errata quote the 2023 article's TensorFlow names on purpose, inside inline code.
    if path.suffix == ".md":
        text = re.sub(r"^ {4}\|.*$", "", text, flags=re.M)
    match = TENSORFLOW.search(text)
    assert not match, f"{path.relative_to(ROOT)}:{_line(text, match.start())}: TensorFlow code"


@pytest.mark.lint
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_numbers_in_prose_are_placeholders(path: Path):
    # The number check the build and pre-commit run too (hf_model_guide.checks.numbers).
    findings = check_file(path, path.relative_to(ROOT).as_posix())
    assert not findings, "\n".join(f.message() for f in findings)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pages_paste_no_code(path: Path):
    # Code lives in snippets/ and is included by path; only diagrams are written in pages.
    text = path.read_text(encoding="utf-8")
    for match in FENCE.finditer(text):
        info = match.group("info").strip()
        if not info:
            continue  # a closing fence
        assert info.startswith("mermaid"), (
            f"{path.relative_to(ROOT)}:{_line(text, match.start())}: a ```{info} block; "
            "put the code in snippets/ and include it with {* snippets/... *}"
        )


def test_the_checks_catch_the_2023_articles_pasted_outputs():
    # The original pasted its outputs and numbers by hand: every check above must notice.
    original = ROOT.parent / "shared" / "source" / "article.zh.md"
    if not original.is_file():
        pytest.skip(f"the source article is not beside this checkout: no {original}")
    text = original.read_text(encoding="utf-8")
    caught = {what for pattern, what in PASTED_OUTPUT if pattern.search(text)}
    assert {"a printed tensor", "a printed pipeline result", "an output marker"} <= caught
    assert TENSORFLOW.search(text)
    typed = {finding.number for finding in check_text(text, "article.zh.md")}
    assert {"0.9598", "0.9995"} <= typed  # its pasted probabilities


@pytest.mark.build
def test_the_blank_models_input_ids_are_what_the_tokenizer_gives(standin_folder):
    # blank_model.py writes its input ids out (no tokenizer has been met yet on the page); they
    # are the article's second sentence tokenized, and must stay so. The stand-in's tokenizer
    # is the uncased BERT vocabulary the real checkpoint uses.
    from transformers import AutoTokenizer

    text = (ROOT / "snippets/article/blank_model.py").read_text(encoding="utf-8")
    written = re.search(r"^token_ids = torch\.tensor\(\[\[(?P<ids>[\d, ]+)\]\]\)", text, re.M)
    assert written, "snippets/article/blank_model.py: no `token_ids = torch.tensor([[...]])`"
    ids = [int(i) for i in written["ids"].split(",")]
    tokenizer = AutoTokenizer.from_pretrained(standin_folder)
    assert ids == tokenizer("I hate this so much!")["input_ids"]
