"""Chinese soft line breaks: none in a Chinese page's source, and none rendered as a space."""

from __future__ import annotations

import re

import markdown
import pytest
from kit.root import ROOT

from hf_model_guide.pages import cjk

CHINESE_PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if ".en." not in p.name)
SOFT_BREAK = re.compile(f"[{cjk.CJK}][ \\t]*\\n[ \\t]*[{cjk.CJK}]")


@pytest.mark.parametrize("page", CHINESE_PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_chinese_page_has_no_line_break_between_two_chinese_characters(page):
    lines = cjk.soft_breaks(page.read_text(encoding="utf-8"))
    assert not lines, (
        f"{page.relative_to(ROOT)}:{lines[0]}: a line break between two Chinese characters "
        "shows as a space; join the two lines"
    )


def test_join_removes_the_break_and_the_indentation_between_cjk_characters_only():
    text = "改为 PyTorch，\n页面上的\n    每一个\nEnglish words\nstay apart,\nand so do these"
    assert (
        cjk.join(text)
        == "改为 PyTorch，页面上的每一个\nEnglish words\nstay apart,\nand so do these"
    )


def test_join_removes_the_break_after_full_width_punctuation_before_latin_text():
    text = "这就是“随机”的样子。\npretrained model 则不同：\n  attention 权重\nand words\n- 列表：\n- item"
    assert cjk.join(text) == (
        "这就是“随机”的样子。pretrained model 则不同：attention 权重\nand words\n- 列表：\n- item"
    )
    fenced = "```\n代码\n里的\n```"
    assert cjk.join(fenced) == fenced and cjk.soft_breaks(fenced) == []


def test_the_extension_renders_no_space_between_the_two_lines():
    html = markdown.markdown("改为 PyTorch，\n页面上的\n输出", extensions=[cjk.makeExtension()])
    assert html == "<p>改为 PyTorch，页面上的输出</p>"


def test_the_site_loads_the_extension():
    assert "  - hf_model_guide.pages.cjk\n" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.build
def test_the_built_chinese_article_has_no_space_between_chinese_characters(built_site):
    from bs4 import BeautifulSoup

    html = (built_site.path / "article" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser").select_one("article")
    for text in page.find_all(string=True):
        if text.find_parent(["pre", "code", "svg"]):
            continue
        match = SOFT_BREAK.search(text)
        assert not match, f"a line break between Chinese characters: {match.group()!r} in {text!r}"


def test_the_translation_check_rejects_the_break_in_a_chinese_page(tmp_path):
    from hf_model_guide.checks import translations

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# 标题 { #t }\n\n改为 PyTorch，\n页面上的输出\n")
    (tmp_path / "docs" / "a.en.md").write_text("# Title { #t }\n\nMoved to PyTorch,\nthe outputs\n")
    languages = translations.Languages(default="zh", others=("en",))
    report = translations.check(tmp_path, languages=languages, history=False)
    assert report.errors == [
        (
            "docs/a.md:3: a line break between two Chinese characters, or after Chinese "
            "punctuation, shows as a space; join the two lines"
        )
    ]
