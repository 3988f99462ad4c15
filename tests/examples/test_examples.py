"""Every piece of Python the project shows: snippets and the Python blocks inside Markdown.

One test drives them all through pytest-examples, with the rules of ``[tool.ruff.lint]`` in
pyproject.toml: every example is linted with ruff; a Python block in a Markdown file (the
contributing guide's, for one) is also run. Snippets are not run here: the site build runs
them (tests/links builds the site), with the model they need.

pytest-examples finds examples in Markdown and in docstrings only, so the snippet files are
made into ``CodeExample``s here, one per file, their line numbers those of the file.
"""

from __future__ import annotations

import pytest
from kit.root import ROOT
from pytest_examples import CodeExample, EvalExample, find_examples

# Where Markdown is written by hand (not .venv, site/, caches or vendored packages).
MARKDOWN = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "docs", ROOT / "snippets"]
SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))


def markdown_examples() -> list[CodeExample]:
    found = []
    for place in MARKDOWN:
        if place.exists():
            found += [
                ex
                for ex in find_examples(place)
                if ex.path.suffix == ".md" and "vendor" not in ex.path.relative_to(ROOT).parts
            ]
    return found


def snippet_examples() -> list[CodeExample]:
    return [CodeExample.create(path.read_text(encoding="utf-8"), path=path) for path in SNIPPETS]


MARKDOWN_EXAMPLES = markdown_examples()
EXAMPLES = snippet_examples() + MARKDOWN_EXAMPLES


def example_id(example: CodeExample) -> str:
    path = example.path.relative_to(ROOT).as_posix()
    return path if example.in_py_file() else f"{path}:{example.start_line}"


@pytest.fixture
def lint(eval_example: EvalExample, monkeypatch):
    # ruff reads stdin with the configuration it finds from the working directory: ours.
    monkeypatch.chdir(ROOT)
    # One line a problem, "-:LINE:COL: CODE ...", which pytest-examples turns into "path:LINE";
    # ruff's default (full) format would leave "-" where the file's name should be.
    monkeypatch.setenv("RUFF_OUTPUT_FORMAT", "concise")
    eval_example.set_config(target_version="py311")
    return eval_example


@pytest.mark.lint
@pytest.mark.parametrize("example", EXAMPLES, ids=example_id)
def test_example_passes_ruff(example: CodeExample, lint: EvalExample):
    lint.lint_ruff(example)


@pytest.mark.lint
@pytest.mark.parametrize("example", MARKDOWN_EXAMPLES, ids=example_id)
def test_markdown_example_runs(
    example: CodeExample, eval_example: EvalExample, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # whatever it writes stays in a throwaway folder
    eval_example.run(example)


def test_every_snippet_and_the_guides_example_are_collected():
    linted = {ex.path for ex in EXAMPLES}
    assert set(SNIPPETS) <= linted and len(SNIPPETS) >= 10
    assert ROOT / "CONTRIBUTING.md" in {ex.path for ex in MARKDOWN_EXAMPLES}


@pytest.mark.lint
def test_a_lint_failure_names_the_snippet_and_line(tmp_path, lint: EvalExample):
    bad = tmp_path / "snippets" / "bad.py"
    bad.parent.mkdir()
    bad.write_text('"""A snippet."""\n\nimport os\nprint("hi")\n', encoding="utf-8")
    [example] = [CodeExample.create(bad.read_text(), path=bad)]
    with pytest.raises(BaseException, match=r"bad\.py:3:\d+: F401"):
        lint.lint_ruff(example)
