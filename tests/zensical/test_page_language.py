"""The Markdown extension renders a page in the page's language under either builder: MkDocs'
plugin says it, Zensical's zensical-i18n says the language it builds (its staged copy of
``article.en.md`` is ``article.md``), and with no builder the page's file name does."""

from __future__ import annotations

import markdown
import pytest

from hf_model_guide import labels
from hf_model_guide.engine import Engine, Source
from hf_model_guide.pages import builder_page
from hf_model_guide.pages.markdown_ext import SnippetsExtension

context = pytest.importorskip("zensical.extensions.context", reason="the zensical extra")

MKDOCS_YML = """\
site_name: test
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: zh, default: true, name: 中文}
        - {locale: en, name: English}
"""
PAGE = "# Page\n\n{* snippets/hello.py *}\n\nBroken: {= snippets/hello.py | nothing =}\n"
# What the page shows for the value that fails, in each language.
ERROR = {lang: labels.LABELS[lang]["snippets"]["error_value"] for lang in ("zh", "en")}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "snippets").mkdir()
    (root / "snippets" / "hello.py").write_text("print('hello')\n", encoding="utf-8")
    (root / "docs").mkdir()
    for name in ("page.md", "page.en.md", "untranslated.md"):
        (root / "docs" / name).write_text(PAGE, encoding="utf-8")
    made = Engine(root, cache_folder=root / "cache", preload=[], source=Source())
    yield made
    made.close()


def _zensical(locale: str, staged: str = "page.md") -> context.ContextExtension:
    """What Zensical gives each page under zensical-i18n: the staged page, the language."""
    page = context.Page(url=staged.removesuffix(".md") + "/", path=staged)
    config = {"extra": {"i18n": {"locale": locale, "prefix": "" if locale == "zh" else "en/"}}}
    return context.ContextExtension(page=page, config=config)


@pytest.mark.build
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_under_zensical_the_page_is_in_the_language_built(engine, lang):
    ext = SnippetsExtension(engine=engine)
    html = markdown.Markdown(extensions=[_zensical(lang), ext, "fenced_code"]).convert(PAGE)
    assert ERROR[lang] in html and ERROR["en" if lang == "zh" else "zh"] not in html


@pytest.mark.parametrize(
    ("lang", "staged", "source", "file_lang", "manifest"),
    [
        ("zh", "page.md", "docs/page.md", "zh", "../outputs.json"),
        ("en", "page.md", "docs/page.en.md", "en", "../../outputs.json"),
        # English falls back to the original, as mkdocs-static-i18n does: a Chinese page.
        ("en", "untranslated.md", "docs/untranslated.md", "zh", "../../outputs.json"),
    ],
)
def test_under_zensical_problems_name_the_pages_own_file(
    engine, lang, staged, source, file_lang, manifest
):
    md = markdown.Markdown(extensions=[_zensical(lang, staged)])
    page = builder_page.zensical_page(md, engine.root)
    assert page is not None
    assert (page.page, page.lang, page.file_lang) == (source, lang, file_lang)
    assert page.site_link("outputs.json") == manifest  # as MkDocs links it from the page


@pytest.mark.build
@pytest.mark.parametrize(("lang", "page"), [("zh", "docs/page.md"), ("en", "docs/page.en.md")])
def test_with_no_builder_the_file_name_says_the_language(engine, lang, page):
    ext = SnippetsExtension(engine=engine, page=page)  # no lang given
    html = markdown.Markdown(extensions=[ext, "fenced_code"]).convert(PAGE)
    assert ERROR[lang] in html and ERROR["en" if lang == "zh" else "zh"] not in html
