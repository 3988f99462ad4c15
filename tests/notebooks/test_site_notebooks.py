"""The article's notebooks: rendered and downloadable per language, the Colab copies without
outputs, code cells = the code the article page shows, and they run offline with the same
results. None is kept in the repository (issue 31): the publish workflow makes the Colab copies
(tests/contributing/test_publish_notebooks.py)."""

from __future__ import annotations

import json
import re
import sys
from functools import cache
from urllib.parse import urljoin

import nbformat
import pytest
from bs4 import BeautifulSoup
from kit.root import ROOT

from hf_model_guide.kernels import REPRODUCIBLE_ENV
from hf_model_guide.notebooks import from_mkdocs_yml
from hf_model_guide.notebooks.__main__ import expected
from hf_model_guide.outputs.precision import same_text

SITE = from_mkdocs_yml(ROOT)
LANGS = SITE.languages
PAGE = "article.md"


@cache
def generated(outputs: bool = True) -> dict[str, str]:
    """{path on the notebooks branch: text}, as the build generates them (its model, the run
    cache); with the outputs, as the site's notebook pages have them, or without, as Colab
    opens them."""
    return expected(ROOT, outputs=outputs)


def notebook(lang: str) -> nbformat.NotebookNode:
    return nbformat.reads(generated()[SITE.branch_path(PAGE, lang)], as_version=4)


def role(cell) -> str | None:
    return cell.metadata.get("hf_model_guide", {}).get("role")


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def site_file(built_site, lang: str, rel: str):
    return built_site.path / SITE.prefix(lang) / rel


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_colab_notebooks_store_no_outputs_say_so_first_and_name_their_model(lang):
    """What a cell prints depends on the model and machine that ran it (issue 23)."""
    made = generated(outputs=False)
    assert set(made) == {SITE.branch_path(PAGE, lang) for lang in LANGS}
    colab = nbformat.reads(made[SITE.branch_path(PAGE, lang)], as_version=4)
    code = [cell for cell in colab.cells if cell.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    first = colab.cells[0].source
    assert ("不保存输出" if lang == "zh" else "stores no outputs") in first
    # What the publishing job checks: it takes only the real checkpoint's ("hub").
    model = colab.metadata.hf_model_guide.model
    assert model in {"hub", "standin"}
    assert (("替身" if lang == "zh" else "stand-in") in first) == (model == "standin")
    # The site's notebook, made by the same code, keeps them.
    assert any(c.outputs for c in notebook(lang).cells if c.cell_type == "code")


@pytest.mark.parametrize("lang", LANGS)
def test_the_build_renders_the_notebook_page_with_its_download_and_colab_buttons(built_site, lang):
    page_dir = SITE.page_dir(PAGE)
    page = soup(site_file(built_site, lang, page_dir + "index.html"))
    assert page.html["lang"] == lang
    ours = notebook(lang)
    # nbconvert marks each cell with its id (its template wraps cells twice: count ids).
    cells = page.select(".jupyter-wrapper .jp-Cell[id^='cell-id=']")
    assert [c["id"] for c in cells] == [f"cell-id={c.id}" for c in ours.cells]
    inputs = [
        c.select_one(".jp-InputArea pre").get_text() for c in cells if "jp-CodeCell" in c["class"]
    ]
    assert [i.rstrip("\n") for i in inputs] == [
        c.source for c in ours.cells if c.cell_type == "code"
    ]
    download = page.select_one("a.notebook-download")
    target = site_file(built_site, lang, page_dir) / download["href"]
    assert target.name == SITE.notebook_name(PAGE, lang) and target.is_file()
    built = nbformat.read(target, as_version=4)
    nbformat.validate(built)
    assert [c.source for c in built.cells] == [c.source for c in ours.cells]
    assert page.select_one("a.notebook-colab")["href"] == SITE.colab_url(PAGE, lang)
    # The language selector leads to the same notebook in the other language (i18n's job for
    # its own pages; the bridge gives ours the alternates it needs).
    here = urljoin(SITE.site_url, SITE.prefix(lang) + page_dir)
    selector = {a["hreflang"]: urljoin(here, a["href"]) for a in page.select("a.md-select__link")}
    assert selector == {
        other: urljoin(SITE.site_url, SITE.prefix(other) + page_dir) for other in LANGS
    }


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_notebook_page_shows_the_sites_diagram_drawings_and_loads_nothing_remote(
    built_site, lang
):
    html = site_file(built_site, lang, SITE.page_dir(PAGE) + "index.html").read_text(
        encoding="utf-8"
    )
    assert len(BeautifulSoup(html, "html.parser").select(".diagram > svg")) == 2
    assert "jp-Mermaid" not in html and "cdnjs" not in html and "mathjax" not in html.lower()


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_notebook_page_has_the_articles_heading_ids_once_each_and_its_toc(built_site, lang):
    article = soup(site_file(built_site, lang, "article/index.html")).select_one("article")
    page = soup(site_file(built_site, lang, SITE.page_dir(PAGE) + "index.html"))
    headings = "h1[id], h2[id], h3[id], h4[id]"
    wanted = [h["id"] for h in article.select(headings)]
    assert [h["id"] for h in page.select_one(".jupyter-wrapper").select(headings)] == wanted
    ids = [t["id"] for t in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "no id twice (nbconvert drops Chinese from its own ids)"
    toc = [a["href"] for a in page.select("nav.md-nav--secondary a")]
    assert toc[: len(wanted) - 1] == [f"#{i}" for i in wanted[1:]]


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_article_links_to_colab_the_notebook_page_and_the_ipynb(built_site, lang):
    rel = SITE.page_dir(PAGE).removeprefix(SITE.folder + "/")  # article/
    page_path = site_file(built_site, lang, rel + "index.html")
    hrefs = [a["href"] for a in soup(page_path).select("article a[href]")]
    colab = SITE.colab_url(PAGE, lang)
    assert colab in hrefs  # the notebooks branch, where the publish workflow puts them
    here = page_path.parent
    targets = {(here / h).resolve() for h in hrefs if not re.match(r"^[a-z]+:", h)}
    notebook_dir = site_file(built_site, lang, SITE.page_dir(PAGE)).resolve()
    assert notebook_dir in targets, "a link to the rendered notebook page"
    assert notebook_dir / SITE.notebook_name(PAGE, lang) in targets, "a direct .ipynb download"


def shown_code(built_site, lang: str) -> list[str]:
    """The code blocks of the article page as the reader sees them (not the output blocks)."""
    rel = SITE.page_dir(PAGE).removeprefix(SITE.folder + "/")
    article = soup(site_file(built_site, lang, rel + "index.html")).select_one("article")
    blocks = [
        b
        for b in article.select("div.highlight")
        if not {"snippet-output", "quoted-value"} & set(b["class"])  # outputs, 2023 quotations
    ]
    return [b.select_one("code").get_text().rstrip("\n") for b in blocks]


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_notebooks_code_cells_are_exactly_the_code_the_page_shows(built_site, lang):
    cells = [c for c in notebook(lang).cells if c.cell_type == "code"]
    assert [role(c) for c in cells][:2] == ["install", "charts"]
    assert cells[1].source == "%matplotlib inline"  # display(figure) draws in Jupyter and Colab
    # Nothing else: the page's code, as shown (Material's "!" off its annotation markers).
    assert [role(c) for c in cells[2:]] == ["snippet"] * (len(cells) - 2)
    snippet_cells = [c.source for c in cells[2:]]
    assert snippet_cells == [re.sub(r"(# \(\d+\))!$", r"\1", code, flags=re.M)
                             for code in shown_code(built_site, lang)]  # fmt: skip
    assert len(snippet_cells) > 10


@pytest.mark.parametrize("lang", LANGS)
def test_the_notebook_has_no_material_marker_and_no_mermaid_fence(lang):
    cells = notebook(lang).cells
    assert not [
        c.source for c in cells if c.cell_type == "code" and re.search(r"\(\d+\)!", c.source)
    ]
    prose = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert "```mermaid" not in prose
    assert prose.count("](data:image/svg+xml;base64,") == 2  # the two drawings, as images


FLOAT = re.compile(r"[-+]?\d+\.\d*(?:e[-+]?\d+)?")
INTEGER = re.compile(r"\d+(?:,\d{3})*(?!\d)")  # 101 or 66,955,010
LABEL = re.compile(r"\b(?:POSITIVE|NEGATIVE|LABEL_\d+)\b")


def labels_and_ids(text: str) -> tuple[list[str], list[str]]:
    """The class labels and the integers (token ids, shapes, sizes) a cell printed; floats
    are left out: they may differ in the last digits from one machine to another."""
    return LABEL.findall(text), INTEGER.findall(FLOAT.sub(" ", text))


def stdout(cell) -> str:
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout"
    )


def pictures(cell) -> list:
    return [o for o in cell.get("outputs", []) if o.output_type == "display_data"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_articles_pictures_are_display_data_with_their_mime_bundles(lang):
    shown = [
        (cell.metadata["hf_model_guide"]["path"], sorted(output.data))
        for cell in notebook(lang).cells
        if cell.cell_type == "code"
        for output in pictures(cell)
    ]
    svg, html = ["image/svg+xml", "text/plain"], ["text/html", "text/plain"]
    assert shown == [
        ("snippets/article/preprocess.py", html),
        ("snippets/article/forward.py", svg),
        ("snippets/article/postprocess.py", svg),
        ("snippets/article/blank_vs_pretrained.py", svg),
    ]
    for cell in notebook(lang).cells:
        for output in pictures(cell) if cell.cell_type == "code" else ():
            if "image/svg+xml" in output.data:  # the page's alt text, in the page's language
                assert 'role="img" aria-label="' in output.data["image/svg+xml"]


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_the_notebook_page_draws_the_figures_inline_with_the_articles_alt_text(built_site, lang):
    """Inline, as on the article: in the page's text colour in both schemes, and described."""
    page = soup(site_file(built_site, lang, SITE.page_dir(PAGE) + "index.html"))
    article = soup(site_file(built_site, lang, "article/index.html"))
    labels = [svg["aria-label"] for svg in page.select(".jp-RenderedSVG svg")]
    assert labels == [svg["aria-label"] for svg in article.select(".snippet-figure svg")]
    assert len(labels) == 3 and not page.select('.jp-RenderedSVG img[src^="data:image/svg"]')


@pytest.fixture
def offline_kernel(tmp_path, monkeypatch):
    """A python3 kernel on this interpreter, with the stand-in served under the real ids."""
    from hf_model_guide.model import source as model_source

    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (tests)",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    # The stand-in, on the CPU kernels the build ran the snippets with (hf_model_guide.kernels).
    for name, value in {**model_source.resolve("offline").env, **REPRODUCIBLE_ENV}.items():
        monkeypatch.setenv(name, value)
    return tmp_path


def code_cells(lang: str) -> list[str]:
    """The notebook's code, but for the install cell (whose comment is in the reader's language)."""
    return [
        c.source for c in notebook(lang).cells if c.cell_type == "code" and role(c) != "install"
    ]


def test_the_notebooks_run_the_same_code_in_every_language():
    """What lets one language's run below stand for every language's."""
    original, *translations = LANGS
    assert len(code_cells(original)) >= 10
    for lang in translations:
        assert code_cells(lang) == code_cells(original), lang


@pytest.mark.build
def test_the_articles_code_runs_in_page_order_in_a_fresh_kernel_and_prints_what_the_page_shows(
    offline_kernel,
):
    """The article's code as a reader runs it: the notebook's code cells are the blocks the page
    shows, in page order, in every language (the test above); in a fresh kernel they run, and
    each prints what the page shows under it."""
    from nbclient import NotebookClient

    stored = notebook(LANGS[0])
    fresh = nbformat.reads(nbformat.writes(stored), as_version=4)
    work = offline_kernel / "run"
    work.mkdir()
    NotebookClient(
        fresh, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()  # raises on an error
    compared = charts = 0
    all_labels, all_ids = set(), set()
    for old, new in zip(stored.cells, fresh.cells, strict=True):
        if old.cell_type != "code" or role(old) == "install":
            continue
        assert not [o for o in new.outputs if o.output_type == "error"]
        # Pictures and tables come back as display_data, as the build stored them; a chart
        # as a picture (image/png or SVG), not the text "<Figure size … with 1 Axes>".
        assert len(pictures(new)) == len(pictures(old)), old.source
        for was, now in zip(pictures(old), pictures(new), strict=True):
            if "image/svg+xml" in was.data:
                assert {"image/png", "image/svg+xml"} & set(now.data), now.data.get("text/plain")
                charts += 1
        if "display(" not in old.source:  # outside display(), what the page shows under it
            lines = list(zip(stdout(new).splitlines(), stdout(old).splitlines(), strict=True))
            assert all(same_text(shown, ran) for ran, shown in lines), (old.source, lines)
        expected_values = labels_and_ids(stdout(old))
        assert labels_and_ids(stdout(new)) == expected_values, old.source
        compared += bool(stdout(old))
        all_labels.update(expected_values[0])
        all_ids.update(expected_values[1])
    assert compared >= 10 and charts == 3
    assert {"POSITIVE", "NEGATIVE"} <= all_labels and {"101", "102"} <= all_ids
