"""Chinese soft line breaks: none in a Chinese page's source, and none rendered as a space."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
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


# The zh spacing rule, checked on what a reader sees: the text of each line of prose (a block's
# own text, inline markup included), code as a Latin placeholder.
BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt", "dd"}
IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff"
FULL_WIDTH_PUNCTUATION = "，。、；：！？（）《》【】「」"
WRONG_SPACE = re.compile(
    f"[{FULL_WIDTH_PUNCTUATION}]\\s+\\S|\\S\\s+[{FULL_WIDTH_PUNCTUATION}]"
    f"|[{IDEOGRAPH}]\\s+[“‘]|[”’]\\s+[{IDEOGRAPH}]|[{IDEOGRAPH}]\\s+[{IDEOGRAPH}]"
)


def prose_lines(element) -> list[str]:
    """The text of each block of ``element`` without its nested blocks; code as "`code`"."""
    lines: list[str] = []

    def walk(node, line: list[str]) -> None:
        for child in node.children:
            if isinstance(child, str):
                line.append(str(child))
            elif child.name in {"pre", "svg", "script", "style"} or "clipboard-copy-txt" in (
                child.get("class") or []
            ):  # code, drawings, and the notebook page's hidden copy of each cell
                continue
            elif child.name == "code":
                line.append("`code`")
            elif child.name in BLOCKS or child.name in {"div", "ul", "ol", "table", "details"}:
                inner: list[str] = []
                walk(child, inner)
                lines.append("".join(inner))
            else:
                walk(child, line)

    top: list[str] = []
    walk(element, top)
    return [line for line in [*lines, "".join(top)] if line.strip()]


def chinese_pages(built_site):
    for path in sorted(built_site.path.rglob("index.html")):
        relative = path.relative_to(built_site.path).as_posix()
        if relative.startswith(("en/", "search/")):
            continue
        yield relative, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_every_chinese_page_spaces_chinese_and_latin_text_by_the_rule(built_site):
    wrong = []
    for relative, doc in chinese_pages(built_site):
        content = doc.select_one("article") or doc.select_one(".jp-Notebook") or doc.body
        for line in prose_lines(content):
            wrong += [f"{relative}: …{line[max(0, m.start() - 12) : m.end() + 12]}…"
                      for m in WRONG_SPACE.finditer(line)]  # fmt: skip
    assert not wrong, "spaces the zh style rule does not allow:\n" + "\n".join(wrong)


def test_space_applies_the_rule_across_bold_quotes_links_and_code():
    html = (
        "<p><strong>PyTorch。</strong> 原文 “I hate this!” 的 checkpoint （x） 见\n翻译"
        ' <a href="#d">demo</a>中 <code>id</code><a class="e">勘误</a></p><pre>a 。 b</pre>'
    )
    assert cjk.space(html) == (
        "<p><strong>PyTorch。</strong>原文“I hate this!”的 checkpoint（x）见翻译"
        ' <a href="#d">demo</a> 中 <code>id</code> <a class="e">勘误</a></p><pre>a 。 b</pre>'
    )
