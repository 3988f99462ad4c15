"""The translation check: the real pages pass it, and each kind of drift fails it by name."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kit.root import ROOT
from kit.sites import checked_site, commit

from hf_model_guide.checks import translations
from hf_model_guide.checks.translations import Languages, check

ZH_EN = Languages("zh", ("en",))

PAGE_ZH = """\
---
title: 示例
---

# 示例页面 { #example }

第一段。

## 第一步 { #first-step }

{* snippets/demo.py section=one *}

```mermaid
flowchart LR
    A --> B
```

## 第二步 { #second-step }

{* snippets/demo.py section=two *}
"""

PAGE_EN = """\
# An example page { #example }

First paragraph.

## The first step { #first-step }

{* snippets/demo.py section=one *}

```mermaid
flowchart LR
    A --> B
```

## The second step { #second-step }

{* snippets/demo.py section=two *}
"""


def write_docs(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def errors(root: Path) -> list[str]:
    return check(root, "docs", ZH_EN, history=False).errors


def test_the_sites_pages_pass():
    report = check(ROOT)
    assert report.errors == []
    assert report.notes == [] or all("shallow" in n for n in report.notes)


def test_the_languages_come_from_mkdocs_yml():
    assert translations.languages_from_mkdocs(ROOT / "mkdocs.yml") == ZH_EN


def test_a_configuration_that_inherits_ours_has_our_languages(tmp_path):
    # The demo test builds the site from such a wrapper; MkDocs follows INHERIT, so must we.
    wrapper = tmp_path / "mkdocs.yml"
    wrapper.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: wrapped\n", encoding="utf-8")
    assert translations.languages_from_mkdocs(wrapper) == ZH_EN


def test_a_faithful_translation_passes(tmp_path):
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": PAGE_EN})
    assert errors(tmp_path) == []


def test_a_page_removed_from_english_fails_naming_it(tmp_path):
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": PAGE_EN, "guide/more.md": PAGE_ZH})
    found = errors(tmp_path)
    assert len(found) == 1
    assert found[0].startswith("docs/guide/more.md: no en translation (docs/guide/more.en.md)")
    assert "waiting_for_translation" in found[0]


def test_an_english_page_without_its_original_fails(tmp_path):
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": PAGE_EN, "extra.en.md": PAGE_EN})
    assert errors(tmp_path) == ["docs/extra.en.md: a en page without its zh original docs/extra.md"]


def test_a_page_waiting_for_translation_passes_and_is_listed(tmp_path):
    waiting = PAGE_ZH.replace("title: 示例\n", "title: 示例\nwaiting_for_translation: true\n")
    write_docs(tmp_path, {"page.md": waiting})
    report = check(tmp_path, "docs", ZH_EN, history=False)
    assert report.errors == []
    assert report.waiting == [("docs/page.md", "en")]


def test_a_waiting_flag_beside_a_translation_fails(tmp_path):
    waiting = PAGE_ZH.replace("title: 示例\n", "title: 示例\nwaiting_for_translation: [en]\n")
    write_docs(tmp_path, {"page.md": waiting, "page.en.md": PAGE_EN})
    assert errors(tmp_path) == [
        (
            "docs/page.md: says `waiting_for_translation` for en, but docs/page.en.md exists; "
            "remove the flag"
        )
    ]


def test_a_changed_heading_anchor_fails(tmp_path):
    changed = PAGE_EN.replace("{ #second-step }", "{ #step-two }")
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": changed})
    assert errors(tmp_path) == [
        "docs/page.en.md: no heading with anchor #second-step, which docs/page.md:18 has",
        (
            "docs/page.en.md:14: heading anchor #step-two is not in docs/page.md; "
            "use the same { #id } as the original"
        ),
    ]


def test_a_heading_without_explicit_anchor_gets_a_hint(tmp_path):
    # Slugs of a Chinese and an English heading never agree: the message says what to do.
    write_docs(tmp_path, {"page.md": "# 页面\n\n## 步骤\n", "page.en.md": "# 页面\n\n## Step\n"})
    found = errors(tmp_path)
    assert any("explicit { #id }" in e and "docs/page.md:3" in e for e in found), found


def test_headings_in_another_order_fail(tmp_path):
    swapped = (
        PAGE_EN.replace("{ #first-step }", "{ #tmp }")
        .replace("{ #second-step }", "{ #first-step }")
        .replace("{ #tmp }", "{ #second-step }")
    )
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": swapped})
    [error] = errors(tmp_path)
    assert error.startswith("docs/page.en.md:5: headings are in another order than in docs/page.md")


def test_a_different_include_fails(tmp_path):
    changed = PAGE_EN.replace("section=two", "section=three")
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": changed})
    assert errors(tmp_path) == [
        (
            "docs/page.en.md:16: snippet include 2 differs: it includes snippets/demo.py "
            "section=three, where docs/page.md:20 includes snippets/demo.py section=two"
        )
    ]


def test_a_missing_include_fails(tmp_path):
    shorter = PAGE_EN.replace("{* snippets/demo.py section=two *}\n", "")
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": shorter})
    [error] = errors(tmp_path)
    assert error.startswith("docs/page.en.md: snippet include 2 differs: it has no more includes")


def test_a_different_number_of_code_blocks_fails(tmp_path):
    fewer = PAGE_EN.replace("```mermaid\nflowchart LR\n    A --> B\n```\n", "")
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": fewer})
    assert errors(tmp_path) == ["docs/page.en.md: 0 fenced code blocks, docs/page.md has 1"]


def test_headings_and_includes_inside_code_blocks_do_not_count(tmp_path):
    zh = PAGE_ZH + "\n````text\n# 不是标题\n{* snippets/other.py *}\n````\n"
    en = PAGE_EN + "\n````text\n# not a heading\n{* snippets/else.py *}\n````\n"
    write_docs(tmp_path, {"page.md": zh, "page.en.md": en})
    assert errors(tmp_path) == []


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path):
    write_docs(tmp_path, {"page.md": PAGE_ZH})
    (tmp_path / "docs" / "page.en.md").write_bytes(b"# Page { #example }\n\ncaf\xe9\n")
    [error] = errors(tmp_path)
    assert error.startswith("docs/page.en.md:3:4: not UTF-8 (byte 0xe9); save the file as UTF-8")


def test_broken_front_matter_is_named_with_its_line(tmp_path):
    write_docs(
        tmp_path, {"page.md": "---\ntitle: [unclosed\n---\n# 页面\n", "page.en.md": "# Page\n"}
    )
    [error] = errors(tmp_path)
    assert error.startswith("docs/page.md:") and "front matter is not valid YAML" in error


def test_a_language_without_texts_fails(tmp_path):
    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": PAGE_EN, "page.fr.md": PAGE_EN})
    found = check(tmp_path, "docs", Languages("zh", ("en", "fr")), history=False).errors
    assert found == [
        (
            "mkdocs.yml: language 'fr' has no texts; add its block to LABELS in "
            "src/hf_model_guide/labels.py"
        )
    ]


def test_an_outdated_translation_is_listed_by_the_check_and_the_command(tmp_path):
    write_docs(
        tmp_path,
        {"page.md": PAGE_ZH, "page.en.md": PAGE_EN, "other.md": PAGE_ZH, "other.en.md": PAGE_EN},
    )
    commit(tmp_path, "both pages, both languages")
    write_docs(
        tmp_path,
        {
            "page.md": PAGE_ZH.replace("第一段。", "第一段，改过了。"),
            "other.md": PAGE_ZH.replace("第一段。", "也改了。"),
            "other.en.md": PAGE_EN.replace("First", "The first"),
        },
    )
    commit(tmp_path, "Chinese changed; other.en.md follows it in the same commit")
    report = check(tmp_path, "docs", ZH_EN)
    assert report.errors == []
    assert [item.translation for item in report.outdated] == ["docs/page.en.md"]
    assert report.outdated[0].source == "docs/page.md"

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - i18n:\n      languages:\n"
        "        - {locale: zh, default: true}\n        - {locale: en}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "hf_model_guide.checks.translations", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # outdated is listed, not an error
    assert (
        "may be out of date: docs/page.en.md (its original docs/page.md changed in" in done.stdout
    )
    assert "other.en.md" not in done.stdout

    (tmp_path / "docs" / "other.en.md").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "hf_model_guide.checks.translations", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "error: docs/other.md: no en translation (docs/other.en.md)" in done.stderr


@pytest.fixture(scope="module")
def notices_site(tmp_path_factory):
    """A site whose English translation is behind, and a page waiting for its translation."""
    root = tmp_path_factory.mktemp("notices")
    site = checked_site(root / "site", root / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n\n旧的文字。\n")
    site.write("docs/index.en.md", "# Home { #home }\n\nThe old text.\n")
    site.write(
        "docs/later.md", "---\nwaiting_for_translation: true\n---\n\n# 以后 { #later }\n\n文字。\n"
    )
    commit(site.root, "pages")
    site.write("docs/index.md", "# 首页 { #home }\n\n新的文字。\n")
    commit(site.root, "the Chinese page changes, its translation does not")
    build = site.build()
    assert build.code == 0, build.log
    return build


@pytest.mark.build
def test_an_outdated_translation_shows_the_notice(notices_site):
    page = notices_site.page("en")
    notes = page.select(".admonition.warning")
    assert [n.select_one(".admonition-title").get_text() for n in notes] == [
        "This translation may be out of date"
    ]
    assert "The original page changed after this translation was last updated" in notes[0].text
    assert "may be out of date: docs/index.en.md" in notices_site.log
    # Under the title, before the text; and never on the original.
    assert page.select_one("article h1").find_next_sibling() is notes[0]
    assert not notices_site.page("zh").select(".admonition")


@pytest.mark.build
def test_a_page_waiting_for_translation_shows_the_notice_in_english(notices_site):
    notes = notices_site.page("en", "later").select(".admonition.info")
    assert [n.select_one(".admonition-title").get_text() for n in notes] == ["Not yet translated"]
    assert "文字。" in notices_site.page("en", "later").select_one("article").text
    assert not notices_site.page("zh", "later").select(".admonition")


@pytest.mark.build
def test_a_page_waiting_for_translation_says_which_language_each_part_is_in(notices_site):
    page = notices_site.page("en", "later")
    assert page.html["lang"] == "en"  # the site around it: English menus and search
    assert page.select_one("article")["lang"] == "zh"  # the page's own text
    assert page.select_one(".admonition.info")["lang"] == "en"  # the notice in it
    assert "lang" not in notices_site.page("en").select_one("article").attrs


@pytest.mark.build
def test_a_page_without_translation_or_flag_fails_the_strict_build(tmp_path):
    site = checked_site(tmp_path / "site", tmp_path / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n")
    site.write("docs/index.en.md", "# Home { #home }\n")
    site.write("docs/orphan.md", "# 孤儿 { #orphan }\n")
    build = site.build()
    assert build.code != 0
    assert "docs/orphan.md: no en translation (docs/orphan.en.md)" in build.log


def test_the_checks_do_not_import_mkdocs():
    # Only the thin adapters (plugins/) may: the checks outlive a change of site generator.
    code = (
        "import sys, hf_model_guide.checks.translations, hf_model_guide.checks.links\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_translation_checked_against_the_changed_original_is_current(tmp_path):
    from kit.sites import git

    write_docs(tmp_path, {"page.md": PAGE_ZH, "page.en.md": PAGE_EN})
    commit(tmp_path, "both languages")
    write_docs(tmp_path, {"page.md": PAGE_ZH.replace("第一段。", "第一段，措辞改了。")})
    commit(tmp_path, "the original's wording changes; the English still says the same")
    changed = git(tmp_path, "rev-parse", "HEAD").strip()
    (outdated,) = check(tmp_path, "docs", ZH_EN).outdated
    assert f"add `translation_checked: {changed[:8]}` to its front matter" in outdated.describe()

    # The translator checks it and records so, naming the original's commit they read.
    write_docs(
        tmp_path, {"page.en.md": f"---\ntranslation_checked: {changed[:8]}\n---\n" + PAGE_EN}
    )
    commit(tmp_path, "English checked against the new wording: no change needed")
    report = check(tmp_path, "docs", ZH_EN)
    assert (report.errors, report.outdated) == ([], [])

    # The original changes again: the check no longer covers it.
    write_docs(tmp_path, {"page.md": PAGE_ZH.replace("第一段。", "第一段，又改了。")})
    commit(tmp_path, "the original changes again")
    assert [o.translation for o in check(tmp_path, "docs", ZH_EN).outdated] == ["docs/page.en.md"]


def test_a_checked_field_naming_no_commit_is_an_error(tmp_path):
    write_docs(
        tmp_path,
        {"page.md": PAGE_ZH, "page.en.md": "---\ntranslation_checked: deadbeef\n---\n" + PAGE_EN},
    )
    commit(tmp_path, "both languages")
    assert check(tmp_path, "docs", ZH_EN).errors == [
        (
            "docs/page.en.md:2: `translation_checked: deadbeef` names no commit of this repository; "
            "give the original's commit you checked the translation against"
        )
    ]


@pytest.mark.build
def test_each_language_has_a_status_page_with_links(notices_site):
    zh, en = (
        notices_site.page("zh", "translation-status"),
        notices_site.page("en", "translation-status"),
    )
    assert (zh.html["lang"], en.html["lang"]) == ("zh", "en")
    rows = [[cell.get_text() for cell in row.select("td")] for row in en.select("article tbody tr")]
    assert rows == [
        ["首页", "may be out of date"],
        ["以后", "waiting for translation"],
    ]
    assert [a["href"] for a in en.select("article tbody a")] == [
        "../../",
        "../",
        "../../later/",
        "../later/",
    ]
    assert [c.get_text() for c in zh.select("article tbody td")] == [
        "首页",
        "可能已过时",
        "以后",
        "等待翻译",
    ]
    # The language selector switches between the two status pages.
    assert [a["href"] for a in zh.select("a.md-select__link")] == [
        "./",
        "../en/translation-status/",
    ]
