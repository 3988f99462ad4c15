"""Code cells from includes: what the page shows, and its stored outputs."""

from __future__ import annotations

import pytest

from hf_model_guide.engine import Chunk, Engine, RunResult, Snippet, Source
from hf_model_guide.engine.directives import Include
from hf_model_guide.notebooks import NotebookError, Site, notebook_text
from hf_model_guide.notebooks.cells import SKIP_TAG, code_cells
from hf_model_guide.notebooks.install import requirements

TEXT = """\
import math
print("setup ran")

# --8<-- [start:first]
x = math.sqrt(16)
print(x)
# --8<-- [end:first]

# --8<-- [start:second]
print(x * 2)
# --8<-- [end:second]
"""
SNIPPET = Snippet("snippets/s.py", TEXT)
ENTRY = RunResult(
    ok=True,
    key="k",
    path="snippets/s.py",
    chunks=(
        Chunk(1, (), out="setup ran\n", all="setup ran\n"),
        Chunk(5, ("first",), out="4.0\n", all="4.0\n"),
        Chunk(8, ()),
        Chunk(10, ("second",), out="8.0\n", all="8.0\n"),
    ),
)


def include(section=None, run=True):
    return Include(1, "", "snippets/s.py", section=section, run=run)


def test_a_section_is_one_cell_of_the_code_the_page_shows_with_what_it_printed():
    # No cell of lines the page does not show: the page's code runs in page order by itself.
    [first] = code_cells(include("first"), SNIPPET, ENTRY)
    assert (first.role, first.source, first.output) == (
        "snippet",
        "x = math.sqrt(16)\nprint(x)",
        "4.0\n",
    )
    [second] = code_cells(include("second"), SNIPPET, ENTRY)
    assert (second.source, second.output) == ("print(x * 2)", "8.0\n")


def test_a_cell_keeps_the_annotation_number_without_materials_exclamation_mark():
    snippet = Snippet("snippets/a.py", "x = 1  # (1)!\ny = '# (2)!'  # (2)!\n")
    [cell] = code_cells(include(), snippet, None)
    assert cell.source == "x = 1  # (1)\ny = '# (2)!'  # (2)"


def test_a_whole_file_is_one_cell_without_markers_and_with_all_it_printed():
    [cell] = code_cells(include(), SNIPPET, ENTRY)
    assert "--8<--" not in cell.source and cell.source == SNIPPET.shown_code()
    assert cell.output == "setup ran\n4.0\n8.0\n"


def test_a_run_false_include_has_no_output_and_is_skipped_by_nbclient():
    [cell] = code_cells(include(run=False), SNIPPET, ENTRY)
    assert cell.output == "" and cell.metadata()["tags"] == [SKIP_TAG]
    assert cell.metadata()["hf_model_guide"] == {"role": "snippet", "path": "snippets/s.py"}


def test_install_pins_what_the_code_imports_except_torch_and_skips_the_standard_library():
    from importlib.metadata import version

    assert requirements(["import json, torch\nfrom transformers import pipeline", "%pip list"]) == [
        "torch",
        f"transformers=={version('transformers')}",
    ]


def test_install_leaves_unpinned_what_colab_has_imported_and_says_to_restart_if_asked():
    from hf_model_guide.notebooks.install import install_source

    code = [
        "import pandas as pd\nfrom IPython.display import display\nfrom matplotlib import pyplot"
    ]
    assert requirements(code) == ["ipython", "matplotlib", "pandas"]
    first, command = install_source(code, "en").split("\n")
    assert first.startswith("# ") and "restart" in first
    assert command == "%pip install -q ipython matplotlib pandas"
    assert "重启" in install_source(code, "zh")


def test_install_names_a_module_nothing_provides():
    with pytest.raises(LookupError, match="'no_such_module_here'"):
        requirements(["import no_such_module_here"])


@pytest.mark.build
def test_a_missing_snippet_is_reported_with_the_page_file_and_line(tmp_path):
    (tmp_path / "docs").mkdir()
    page = "# Page\n\nText\n\n{* snippets/missing.py *}\n"
    (tmp_path / "docs" / "p.md").write_text(page, encoding="utf-8")
    engine = Engine(tmp_path, cache_folder=tmp_path / "cache", source=Source(), enabled=False)
    engine.prepare({"docs/p.md": page})
    site = Site(root=tmp_path, site_url="https://example.invalid/", repo_url="", pages=("p.md",))
    with pytest.raises(
        NotebookError, match=r"^docs/p\.md:5: snippet not found: snippets/missing\.py"
    ):
        notebook_text(engine, site, "p.md", "en")
