"""The contributing guide names only things that exist: files, folders, modules and tools."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from kit.root import ROOT

GUIDES = [
    ROOT / "CONTRIBUTING.md",
    ROOT / "docs" / "contributing.md",
    ROOT / "docs" / "contributing.en.md",
]
CODE = re.compile(r"`([^`\n]+)`")
REPO_PATH = re.compile(
    r"^(?:\.ci|\.github|docs|snippets|src|tests)/[\w./-]*$|^[\w.-]+\.(?:yml|toml|md)$"
)
# Names the reader makes up, or creates by following the walkthrough.
INVENTED = re.compile(r"NAME|LOCALE|OWNER|hello|first_step")


def mentioned(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)  # commands are checked below
    return {m.strip() for m in CODE.findall(text)}


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_named_exists(guide: Path):
    paths = {p for p in mentioned(guide) if REPO_PATH.match(p) and not INVENTED.search(p)}
    assert len(paths) >= 5
    missing = sorted(p for p in paths if not (ROOT / p.split("#")[0]).exists())
    assert not missing, f"{guide.name} names files that do not exist: {missing}"


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_module_and_tool_named_exists(guide: Path):
    text = guide.read_text(encoding="utf-8")
    modules = set(re.findall(r"python -m ([\w.]+)", text))
    tools = set(re.findall(r"\.venv/bin/([\w-]+)", text))
    assert tools
    for module in modules:
        assert importlib.util.find_spec(module), f"{guide.name}: no module {module}"
    for tool in tools:
        assert (Path(sys.executable).parent / tool).exists(), f"{guide.name}: no .venv/bin/{tool}"


def test_both_languages_of_the_page_name_the_same_things():
    zh, en = (mentioned(ROOT / "docs" / name) for name in ("contributing.md", "contributing.en.md"))
    # Headings and prose differ; the paths, commands and syntax they quote do not.
    ascii_only = re.compile(r"^[\x21-\x7e ]+$")
    assert {m for m in zh if ascii_only.match(m)} == {m for m in en if ascii_only.match(m)}


def test_commands_work_as_given_outside_the_venv():
    # A reader's shell has no venv activated: a bare `python -m hf_model_guide...` fails there
    # (no such module), `.venv/bin/python -m ...` works. (Prose naming `mkdocs serve` is fine.)
    places = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    bare = re.compile(r"(?<![/\w])python3? -m (?!venv\b)[\w.]+")
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group()}"
        for path in places
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in bare.finditer(line)
    ]
    assert not found, "write these as .venv/bin/...:\n" + "\n".join(found)
