"""An outdated translation's notice and the status page name the sections of the original that
changed since the translation was last in line with it, each with the original's diff."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from kit.sites import checked_site, commit, git

from hf_model_guide.checks.translation_sections import (
    DIFF_LINES,
    PLACEHOLDER,
    SectionChange,
    render,
)
from hf_model_guide.checks.translation_status import notice_sections, status_sections
from hf_model_guide.checks.translations import Languages, check

ZH_EN = Languages("zh", ("en",))

PAGE_ZH = """\
# 步骤 { #steps }

开头的一段。

## 第一步 { #first-step }

旧的第一步。

同一节的另一段。

### 细节 { #details }

不变的细节。

## 第二步 { #second-step }

第二步的文字。
"""

PAGE_EN = """\
# Steps { #steps }

The opening paragraph.

## The `first` step { #first-step }

The old first step.

Another paragraph of the same section.

### Details { #details }

Details that stay.

## The second step { #second-step }

The second step's text.
"""

# The one section that changes, with text that must show as text in the diff: HTML, and the
# page directives and include lines the site's Markdown would otherwise act on.
NEW_FIRST_STEP = "新的第一步：<b>粗体</b> & {* snippets/x.py *} --8<-- x.py"


def write_pages(root, zh, en=None):
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "page.md").write_text(zh, encoding="utf-8")
    if en is not None:
        (root / "docs" / "page.en.md").write_text(en, encoding="utf-8")


def test_a_changed_section_is_named_with_its_diff_numbered_as_in_the_file(tmp_path):
    write_pages(tmp_path, PAGE_ZH, PAGE_EN)
    commit(tmp_path, "both languages")
    write_pages(tmp_path, PAGE_ZH.replace("旧的第一步。", NEW_FIRST_STEP))
    commit(tmp_path, "the first step changes in Chinese only")
    report = check(tmp_path, "docs", ZH_EN)
    assert report.errors == []
    (changed,) = report.sections["docs/page.en.md"]
    assert report.describe(report.outdated[0]).endswith("; sections: #first-step changed")
    assert changed == SectionChange("changed", "first-step", "第一步", "The `first` step")
    before, now = (c[:8] for c in git(tmp_path, "rev-list", "HEAD").split()[::-1])
    assert changed.diff == (
        f"--- docs/page.md@{before}",
        f"+++ docs/page.md@{now}",
        "@@ -5,5 +5,5 @@",  # the file's lines, not the section's
        " ## 第一步 { #first-step }",
        " ",
        "-旧的第一步。",
        f"+{NEW_FIRST_STEP}",
        " ",
        " 同一节的另一段。",
    )


def test_a_section_added_and_one_removed_are_named(tmp_path):
    write_pages(tmp_path, PAGE_ZH, PAGE_EN)
    commit(tmp_path, "both languages")
    zh = PAGE_ZH.split("## 第二步")[0] + "## 第三步 { #third-step }\n\n新的一节。\n"
    write_pages(tmp_path, zh)
    commit(tmp_path, "the second step goes, a third comes, in Chinese only")
    report = check(tmp_path, "docs", ZH_EN)
    # The structure check fails the strict build on both; the sections say what changed.
    assert len(report.errors) == 2
    added, removed = report.sections["docs/page.en.md"]
    assert (added.kind, added.anchor, added.original, added.translated) == (
        "added",
        "third-step",
        "第三步",
        "",  # not in the translation yet
    )
    assert added.diff[2:] == ("@@ -0,0 +15,3 @@", "+## 第三步 { #third-step }", "+", "+新的一节。")
    assert (removed.kind, removed.anchor, removed.original, removed.translated) == (
        "removed",
        "second-step",
        "第二步",  # its heading as it was
        "The second step",  # the translation still has it
    )
    assert removed.diff[3:] == ("-## 第二步 { #second-step }", "-", "-第二步的文字。")

    # How the English notice and both status pages name them.
    (item,) = report.outdated
    lines, html = notice_sections(report, item, "en", ZH_EN)
    assert lines[-2].strip() == PLACEHOLDER  # a paragraph of its own in the notice
    items = BeautifulSoup(html, "html.parser").select("ul.translation-sections > li")
    assert [_named(li) for li in items] == [
        "第三步: added to the original",
        "The second step (第二步): removed from the original",
    ]
    assert [a["href"] for a in BeautifulSoup(html, "html.parser").select("li > a")] == [
        "#second-step"
    ]
    assert items[0].select_one("span")["lang"] == "zh"  # Chinese text on an English page
    for lang, expected in [
        (
            "en",
            [
                "第三步: added to the original",
                "The second step (第二步): removed from the original",
            ],
        ),
        ("zh", ["第三步：原文新增", "第二步（The second step）：原文已删除"]),
    ]:
        page = BeautifulSoup(status_sections(report, "docs", ZH_EN, lang), "html.parser")
        assert [_named(li) for li in page.select("ul.translation-sections > li")] == expected
    zh_links = BeautifulSoup(status_sections(report, "docs", ZH_EN, "zh"), "html.parser")
    assert [a["href"] for a in zh_links.select("a")] == [
        "../en/page/",  # the translation
        "../page/#third-step",  # the original's new section: the translation has none
        "../en/page/#second-step",
    ]


def test_translation_checked_sets_where_the_changes_start(tmp_path):
    write_pages(tmp_path, PAGE_ZH, PAGE_EN)
    commit(tmp_path, "both languages")
    write_pages(tmp_path, PAGE_ZH.replace("第二步的文字。", "第二步的文字，改过。"))
    commit(tmp_path, "the second step's wording changes")
    checked = git(tmp_path, "rev-parse", "HEAD").strip()[:8]
    write_pages(tmp_path, PAGE_ZH, f"---\ntranslation_checked: {checked}\n---\n" + PAGE_EN)
    # (the Chinese page back as it was: one more change, to the second step again)
    commit(tmp_path, "English checked; the second step's wording goes back")
    assert check(tmp_path, "docs", ZH_EN).outdated == []
    write_pages(tmp_path, PAGE_ZH.replace("不变的细节。", "改了的细节。"))
    commit(tmp_path, "a detail of the first step changes")
    report = check(tmp_path, "docs", ZH_EN)
    # Only what changed after the commit the translation was in line with.
    assert [(c.kind, c.anchor) for c in report.sections["docs/page.en.md"]] == [
        ("changed", "details")
    ]


def test_a_long_diff_is_cut_with_the_command_that_shows_it_whole():
    added = [f"+line {n}" for n in range(DIFF_LINES + 5)]
    diff = ("--- docs/p.md@aaaaaaaa", "+++ docs/p.md@bbbbbbbb", "@@ -0,0 +1,45 @@", *added)
    change = SectionChange("added", "long", "长的一节", "", diff)
    html = render([change], "en", ("zh", "en"), lambda _: None, ("docs/p.md", "a" * 40, "b" * 40))
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("pre code span")) == DIFF_LINES  # the file names and hunk too
    assert page.select_one("details > p").get_text() == (
        "… 8 more lines; the whole change: git diff aaaaaaaa bbbbbbbb -- docs/p.md"
    )


def test_text_before_the_first_heading_is_a_section_of_its_own(tmp_path):
    write_pages(tmp_path, "引言。\n\n" + PAGE_ZH, "Preamble.\n\n" + PAGE_EN)
    commit(tmp_path, "both languages")
    write_pages(tmp_path, "新的引言。\n\n" + PAGE_ZH)
    commit(tmp_path, "the preamble changes")
    (start,) = check(tmp_path, "docs", ZH_EN).sections["docs/page.en.md"]
    assert (start.kind, start.anchor) == ("changed", "")
    html = render([start], "en", ("zh", "en"), lambda _: None, ("docs/page.md", "a", "b"))
    assert _named(BeautifulSoup(html, "html.parser").li) == (
        "Start of the page (before its first heading): changed"
    )


def _named(li) -> str:
    """The item's text before its diff."""
    return "".join(
        part.get_text() if hasattr(part, "get_text") else str(part)
        for part in li.children
        if getattr(part, "name", None) != "details"
    ).strip()


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory):
    """A strict build (in this process) of a site whose Chinese page changed in one section
    after its English translation was committed."""
    root = tmp_path_factory.mktemp("sections")
    site = checked_site(root / "site", root / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n\n文字。\n")
    site.write("docs/index.en.md", "# Home { #home }\n\nText.\n")
    site.write("docs/page.md", PAGE_ZH)
    site.write("docs/page.en.md", PAGE_EN)
    commit(site.root, "pages")
    site.write("docs/page.md", PAGE_ZH.replace("旧的第一步。", NEW_FIRST_STEP))
    commit(site.root, "the first step changes in Chinese only")
    done = site.build()  # in this process (kit/in_process.py)
    assert done.code == 0, done.log
    return done.site, done.log.splitlines()


def _page(out, path: str) -> BeautifulSoup:
    return BeautifulSoup((out / path / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.build
def test_the_notice_names_the_changed_section_in_both_languages_with_its_diff(changed_site):
    out, messages = changed_site
    page = _page(out, "en/page")
    (note,) = page.select("article .admonition.warning")
    assert note.select_one(".admonition-title").get_text() == "This translation may be out of date"
    assert "Sections of the original that changed since this translation" in note.get_text()
    (item,) = note.select("ul.translation-sections > li")
    assert _named(item) == "The first step (第一步): changed"
    assert item.select_one("a")["href"] == "#first-step"
    assert page.select_one("#first-step") is not None  # where it leads
    assert item.select_one("span[lang=zh]").get_text() == "第一步"
    details = item.select_one("details")
    assert (
        details.select_one("summary").get_text().startswith("The original's change: docs/page.md")
    )
    diff = details.select_one("pre code")
    assert "-旧的第一步。" in diff.get_text()
    assert f"+{NEW_FIRST_STEP}" in diff.get_text()  # as text: no <b>, nothing included
    assert not diff.select("b")
    assert diff["tabindex"] == "0"  # a keyboard can scroll a long line
    assert diff.select_one("span.gi").get_text() == f"+{NEW_FIRST_STEP}"
    # The page's own headings are untouched: the notice adds none.
    assert [h.get("id") for h in page.select("article :is(h1, h2, h3)")] == [
        "steps",
        "first-step",
        "details",
        "second-step",
    ]
    assert any(
        "may be out of date: docs/page.en.md" in m and "#first-step changed" in m for m in messages
    )
    assert not _page(out, "page").select(".admonition")  # never on the original
    assert not _page(out, "en").select(".admonition")  # nor on a current translation


@pytest.mark.build
def test_the_status_page_names_the_changed_section_with_its_diff(changed_site):
    out, _ = changed_site
    for path, lang, named in [
        ("en/translation-status", "en", "The first step (第一步): changed"),
        ("translation-status", "zh", "第一步（The first step）：有改动"),
    ]:
        page = _page(out, path)
        assert page.html["lang"] == lang
        (item,) = page.select("article ul.translation-sections > li")
        assert _named(item) == named
        assert "-旧的第一步。" in item.select_one("details pre").get_text()
        assert "second-step" not in item.get_text()
