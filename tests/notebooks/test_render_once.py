"""A notebook page is rendered once: a warm build, in either language, converts no notebook,
and a changed notebook is converted again, alone. On a throwaway bilingual site with the
notebooks plugin, built as a contributor builds (a subprocess, its log piped)."""

from __future__ import annotations

import re

import pytest
from kit.throwaway_site import MKDOCS_YML, Site

pytestmark = pytest.mark.build

# mkdocs-jupyter's line each time it runs nbconvert on a notebook.
CONVERTING = re.compile(r"Converting notebook \(execute=\w+\): .*/(article(?:\.en)?\.ipynb)$", re.M)

NOTEBOOK_SITE = (
    MKDOCS_YML.replace(
        "site_url: https://example.invalid/\n",
        "site_url: https://example.invalid/\nrepo_url: https://github.com/example/site\n",
        1,
    )
    .replace(
        "  - i18n:\n",
        '  - mkdocs-jupyter:\n      include: ["*.ipynb"]\n      ignore_h1_titles: true\n'
        "      cache: false\n  - i18n:\n",
        1,
    )
    .replace(
        "markdown_extensions:", "  - notebooks:\n      pages: [article.md]\nmarkdown_extensions:", 1
    )
)


def converted(log: str) -> list[str]:
    return sorted(CONVERTING.findall(log))


def notebook_html(build, lang: str) -> str:
    prefix = "en/" if lang == "en" else ""
    return (build.site / prefix / "notebooks/article/index.html").read_text(encoding="utf-8")


def test_a_warm_build_converts_no_notebook_and_a_changed_one_is_converted_alone(tmp_path):
    site = Site(tmp_path / "site", tmp_path / "cache")
    site.write("mkdocs.yml", NOTEBOOK_SITE)
    site.write("snippets/hello.py", 'print("hello")\n')
    site.write("docs/index.md", "# 首页\n")
    site.write("docs/index.en.md", "# Home\n")
    site.write("docs/article.md", "# 文章\n\n第一段。\n\n{* snippets/hello.py *}\n")
    site.write("docs/article.en.md", "# Article\n\nFirst paragraph.\n\n{* snippets/hello.py *}\n")

    cold = site.build()
    assert cold.code == 0, cold.log
    assert converted(cold.log) == ["article.en.ipynb", "article.ipynb"], cold.log
    first = {lang: notebook_html(cold, lang) for lang in ("zh", "en")}

    warm = site.build()
    assert warm.code == 0, warm.log
    assert converted(warm.log) == [], warm.log
    for lang in ("zh", "en"):
        assert notebook_html(warm, lang) == first[lang]

    site.write("docs/article.md", "# 文章\n\n改过的第一段。\n\n{* snippets/hello.py *}\n")
    edited = site.build()
    assert edited.code == 0, edited.log
    assert converted(edited.log) == ["article.ipynb"], edited.log
    assert "改过的第一段" in notebook_html(edited, "zh")
    assert notebook_html(edited, "en") == first["en"]
