"""One site, two builders: the session's MkDocs build and a Zensical build of the same
``mkdocs.yml`` (README "The stack") show the same pages, in the same languages, with the same
text (outputs, values, notices, notes), and the Zensical build runs no snippet: it reads the
run cache the MkDocs build left. What only the themes make (markup, assets, a 404 per
language, the home page's <title>, which Material's MkDocs templates leave without the page's
name) is not compared.

The notebook pages, which mkdocs-jupyter renders under MkDocs and the Markdown extension
under Zensical, are compared further: their .ipynb files, where their links lead and their
table of contents. What Zensical still lacks for this site would be listed here
(``ONLY_MKDOCS``), measured by this test: it fails when a new difference appears and when a
listed one goes away, so the README's list stays true."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from kit.zensical_build import pages, reading, word_diff

from hf_model_guide.outputs import manifest

pytest.importorskip("zensical_i18n", reason="the zensical extra: pip install -e '.[zensical]'")

# None: the notebook pages, which mkdocs-jupyter renders under MkDocs, the Markdown extension
# renders under Zensical from their stubs (notebooks/site_page.py, README "The stack").
ONLY_MKDOCS: set[str] = set()
NOTEBOOK_PAGES = {"notebooks/article/index.html", "en/notebooks/article/index.html"}


@pytest.mark.build
def test_zensical_builds_the_same_pages_with_the_same_text(built_site, zensical_site):
    zensical, _, _ = zensical_site
    mkdocs_pages, zensical_pages = pages(built_site.path), pages(zensical.site)
    assert mkdocs_pages - zensical_pages == ONLY_MKDOCS, "pages only MkDocs built"
    assert mkdocs_pages >= NOTEBOOK_PAGES
    assert zensical_pages - mkdocs_pages == set(), "pages only Zensical built"
    differ = {}
    for page in sorted(mkdocs_pages & zensical_pages):
        one, other = reading(built_site.path / page), reading(zensical.site / page)
        found = [f"lang {one.lang!r} | {other.lang!r}"] if one.lang != other.lang else []
        found += word_diff(one.text, other.text)
        if found:
            differ[page] = found
    assert not differ, "pages that differ (MkDocs | Zensical):\n" + "\n".join(
        f"{page}:\n  " + "\n  ".join(found) for page, found in differ.items()
    )


@pytest.mark.build
def test_zensical_publishes_the_same_notebook_files(built_site, zensical_site):
    """The .ipynb beside each notebook page, which its download button and the article link."""
    zensical, _, _ = zensical_site
    one = {p.relative_to(built_site.path): p for p in built_site.path.rglob("*.ipynb")}
    other = {p.relative_to(zensical.site): p for p in zensical.site.rglob("*.ipynb")}
    assert len(one) == 2 and set(other) == set(one)
    assert all(other[name].read_bytes() == path.read_bytes() for name, path in one.items())


def _links_and_toc(site: Path, page: str) -> tuple[list[str], list[str]]:
    """Where the page's links lead (from the site's root), and its table of contents."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    here = "/" + page.removesuffix("index.html")
    article = soup.select_one("article")
    assert article is not None, page
    targets = [urljoin(here, str(a["href"])) for a in article.select("a[href]")]
    toc = [str(a["href"]) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    return targets, toc


@pytest.mark.build
@pytest.mark.parametrize("page", sorted(NOTEBOOK_PAGES))
def test_zensical_notebook_pages_lead_where_mkdocs_lead(built_site, zensical_site, page):
    """The buttons (the download among them) and the notebook's links lead to the same
    places, and the table of contents lists the same headings."""
    zensical, _, _ = zensical_site
    targets, toc = _links_and_toc(zensical.site, page)
    assert (targets, toc) == _links_and_toc(built_site.path, page)
    assert len(toc) > 10
    downloads = [t for t in targets if t.startswith("/") and t.endswith(".ipynb")]
    assert downloads and all((zensical.site / d.lstrip("/")).is_file() for d in downloads)


@pytest.mark.build
def test_zensical_writes_the_same_output_manifest(built_site, zensical_site):
    zensical, _, _ = zensical_site
    one = manifest.load(built_site.path / manifest.FILENAME)
    other = manifest.load(zensical.site / manifest.FILENAME)
    # The build date moves by itself (outputs diff never counts it).
    assert {**other, "built": one["built"]} == one


@pytest.mark.build
def test_zensical_runs_no_snippet_and_warns_of_nothing(zensical_site):
    zensical, before, after = zensical_site
    rewritten = sorted(name for name, inode in after.items() if before.get(name) != inode)
    assert rewritten == [], f"the Zensical build ran snippets:\n{zensical.log}"
    assert "Warning" not in zensical.log and "issue found" not in zensical.log, zensical.log
