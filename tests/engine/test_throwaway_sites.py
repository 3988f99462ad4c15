"""Acceptance: a real `mkdocs build` (Material + i18n zh/en) of a throwaway site with the plugin."""

from __future__ import annotations

import pytest
from kit.throwaway_site import Site, serving

pytestmark = pytest.mark.build

HELLO = """
import random

print("hello <script>alert(1)</script>")
x = random.random()
# --8<-- [start:answer]
y = 6 * 7  # (1)!
print("y is", y)
# --8<-- [end:answer]
"""

QUIET = """
z = 1 + 1
"""

PAGE_ZH = """
# 首页

{* snippets/hello.py *}

随机数是 {= snippets/hello.py | x | .4f =}，答案是 {= snippets/hello.py | y =}。

{* snippets/hello.py section=answer *}

1. 这里乘起来。

{* snippets/quiet.py *}

写法示例：`{= snippets/hello.py | y =}` 不会被替换。
"""

PAGE_EN = """
# Home

{* snippets/hello.py *}

The random number is {= snippets/hello.py | x | .4f =}, the answer {= snippets/hello.py | y =}.

{* snippets/hello.py section=answer *}

1. Multiply here.

{* snippets/quiet.py *}
"""


def outputs(soup) -> list[tuple[str, str]]:
    return [
        (block.select_one(".filename").text, block.select_one("code").text)
        for block in soup.select("div.snippet-output")
    ]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    base = tmp_path_factory.mktemp("site")
    site = Site(base / "project", base / "cache")
    site.write("snippets/hello.py", HELLO)
    site.write("snippets/quiet.py", QUIET)
    site.write("docs/index.md", PAGE_ZH)
    site.write("docs/index.en.md", PAGE_EN)
    return site


@pytest.fixture(scope="module")
def first(site):
    build = site.build()
    assert build.code == 0, build.log
    return build


def test_both_languages_show_the_real_output_with_their_own_label_and_code_ran_once(site, first):
    assert first.summary() == (2, 0, 0)
    zh, en = outputs(first.page("zh")), outputs(first.page("en"))
    expected = "hello <script>alert(1)</script>\ny is 42\n"
    assert zh == [("输出", expected), ("输出", "y is 42\n")]
    assert en == [("Output", expected), ("Output", "y is 42\n")]
    # each snippet ran once for the two languages (the project is read-only to a run, which
    # cannot leave a count behind: the build's own count says it)
    assert first.log.count("snippets: running snippets/hello.py") == 1


def test_printed_html_is_escaped_text(first):
    html = (first.site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_placeholders_are_filled_but_not_inside_code_spans(first):
    zh = first.page("zh").select_one("article").text
    en = first.page("en").select_one("article").text
    import random

    random.seed(0)
    value = f"{random.random():.4f}"  # the worker seeds `random` with 0 before each run
    assert f"随机数是 {value}，答案是 42。" in zh
    assert f"The random number is {value}, the answer 42." in en
    assert "{= snippets/hello.py | y =}" in zh


def test_code_shows_no_marker_lines_and_a_section_shows_only_its_lines(first):
    blocks = first.page("en").select("div.highlight:not(.snippet-output)")
    whole, section = blocks[0].select_one("code").text, blocks[1].select_one("code").text
    assert "--8<--" not in whole and 'print("y is", y)' in whole
    assert section == 'y = 6 * 7  # (1)!\nprint("y is", y)\n'
    assert blocks[0].select_one(".filename").text == "snippets/hello.py"


def test_annotation_list_directly_follows_its_code_block_and_output_comes_after(first):
    page = first.page("en")
    section = page.select("div.highlight:not(.snippet-output)")[1]
    sibling = section.find_next_sibling()
    assert sibling.name == "ol"  # what Material's annotation binding looks for
    assert "snippet-output" in sibling.find_next_sibling()["class"]


def test_a_snippet_printing_nothing_has_no_output_block(first):
    assert len(first.page("en").select("div.snippet-output")) == 2  # quiet.py has none


def test_rebuilds_reuse_the_cache_and_rerun_only_the_edited_snippet(site, first):
    again = site.build()
    assert again.code == 0, again.log
    assert again.summary() == (0, 2, 0)
    site.write("snippets/quiet.py", 'z = 1 + 1\nprint("now I talk")\n')
    edited = site.build()
    assert edited.summary() == (1, 1, 0)
    assert ("Output", "now I talk\n") in outputs(edited.page("en"))
    assert "snippets: running snippets/hello.py" not in edited.log  # it never ran again


def test_switch_off_runs_nothing_and_says_so(site, first):
    off = site.build(env={"RUN_SNIPPETS": "false"})
    assert off.code == 0, off.log
    assert off.summary() == (0, 0, 0)
    assert "snippets: running" not in off.log
    zh, en = off.page("zh"), off.page("en")
    assert not zh.select("div.snippet-output") and zh.select("div.highlight")
    assert "‹未运行›" in zh.text and "‹not run›" in en.text
    assert "RUN_SNIPPETS=false" in en.select_one(".admonition.note").text


# -- failures -------------------------------------------------------------------------------

BAD = """
print("before the error")
def divide():
    return 1 / 0
divide()
"""


@pytest.fixture(scope="module")
def failing(tmp_path_factory) -> Site:
    base = tmp_path_factory.mktemp("failing")
    site = Site(base / "project", base / "cache")
    site.write("snippets/bad.py", BAD)
    site.write("docs/index.md", "# 坏\n\n{* snippets/bad.py *}\n")
    site.write("docs/index.en.md", "# Bad\n\n{* snippets/bad.py *}\n\n{* snippets/nope.py *}\n")
    return site


def test_a_raising_snippet_fails_strict_with_path_line_and_exception(failing):
    build = failing.build()
    assert build.code != 0
    assert "snippets/bad.py:3: ZeroDivisionError: division by zero" in build.log
    assert "docs/index.en.md:5: snippet not found: snippets/nope.py" in build.log
    assert build.log.count("ZeroDivisionError: division by zero") == 1  # once, not per language


def test_without_strict_the_page_shows_the_failure_and_it_is_never_cached(failing):
    for _ in range(2):
        build = failing.build(strict=False)
        assert build.code == 0, build.log
        assert build.summary() == (0, 0, 2)  # the run failed again: not cached as success
    page = build.page("en")
    failure = page.select(".admonition.failure")
    assert len(failure) == 2
    assert "ZeroDivisionError: division by zero" in failure[0].text
    assert 'File "snippets/bad.py", line 3, in divide' in failure[0].text
    assert "snippet not found: snippets/nope.py" in failure[1].text
    assert outputs(page) == [("Output", "before the error\n")]
    assert "运行出错" in build.page("zh").select_one(".admonition.failure").text


def test_a_file_that_is_not_utf8_fails_with_its_path_and_line(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/latin1.py", "print('ok')\n")
    (site.root / "snippets/latin1.py").write_bytes(
        "print('ok')\nprint('caf\u00e9')\n".encode("latin-1")
    )
    site.write("docs/index.md", "# 页\n\n{* snippets/latin1.py *}\n")
    site.write("docs/index.en.md", "# Page\n\n{* snippets/latin1.py *}\n")
    build = site.build()
    assert build.code != 0
    assert "snippets/latin1.py:2:11: not UTF-8 (byte 0xe9)" in build.log
    assert "Traceback" not in build.log

    (site.root / "docs/index.en.md").write_bytes("# Page\n\nna\u00efve\n".encode("latin-1"))
    build = site.build()
    assert build.code != 0
    assert "docs/index.en.md:3:3: not UTF-8 (byte 0xef)" in build.log
    assert "Traceback" not in build.log


def test_serve_keeps_running_and_shows_the_failure_even_with_strict(failing):
    with serving(failing, "--strict", "--no-livereload") as served:
        html, _ = served.wait_for("en/", lambda html: True, seconds=60)
        assert served.process.poll() is None
        assert html is not None and "admonition failure" in html
        assert "ZeroDivisionError: division by zero" in html
    assert "snippets/bad.py:3: ZeroDivisionError: division by zero" in served.log
