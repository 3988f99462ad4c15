"""Acceptance: every snippet a build runs gets a log line saying why, in a piped build's log
too (the builds here write to a pipe, as CI's do): new, code changed, a helper module or a
declared data file changed (named), a library version changed (both versions), cache cleared.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from kit.files import write
from kit.throwaway_site import Site

from hf_model_guide import versions
from hf_model_guide.engine import Engine, Source

pytestmark = pytest.mark.build

MAIN = """
# depends-on: snippets/why/data.txt
from pathlib import Path

from helpers import greet

print(greet(Path("snippets/why/data.txt").read_text().strip()))
"""

OTHER = 'print("unrelated")\n'

PAGE = "# {title}\n\n{{* snippets/why/main.py *}}\n\n{{* snippets/other.py *}}\n"


def reasons(log: str) -> dict[str, str]:
    """The build's "snippets: running PATH: WHY" lines, by snippet."""
    return dict(re.findall(r"snippets: running (\S+): (.*)", log))


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, str]:
    """The log of each build, one edit after another."""
    base = tmp_path_factory.mktemp("why")
    site = Site(base / "project", base / "cache")
    site.write("snippets/why/main.py", MAIN)
    site.write("snippets/why/helpers.py", 'def greet(name):\n    return f"hello {name}"\n')
    site.write("snippets/why/data.txt", "world\n")
    site.write("snippets/other.py", OTHER)
    site.write("docs/index.md", PAGE.format(title="首页"))
    site.write("docs/index.en.md", PAGE.format(title="Home"))
    found = {}

    def build(name: str) -> None:
        done = site.build()
        assert done.code == 0, done.log
        found[name] = done.log

    build("first")
    build("warm")
    site.write("snippets/why/main.py", MAIN.replace("print(greet(", "print('>', greet("))
    build("code")
    site.write("snippets/why/helpers.py", 'def greet(name):\n    return f"hi {name}"\n')
    build("helper")
    site.write("snippets/why/data.txt", "there\n")
    build("data")
    subprocess.run(
        [sys.executable, "-m", "hf_model_guide", "clean"],
        cwd=site.root,
        env=site.environ(),
        check=True,
        capture_output=True,
        timeout=60,
    )
    build("cleared")
    return found


def test_a_piped_build_says_why_each_snippet_runs_and_nothing_for_a_cached_one(logs):
    assert reasons(logs["first"]) == {"snippets/other.py": "new", "snippets/why/main.py": "new"}
    assert reasons(logs["warm"]) == {}  # nothing ran


def test_an_edited_snippet_runs_because_its_code_changed(logs):
    assert reasons(logs["code"]) == {"snippets/why/main.py": "code changed"}


def test_an_edited_helper_module_is_named(logs):
    assert reasons(logs["helper"]) == {
        "snippets/why/main.py": "helper module snippets/why/helpers.py changed"
    }


def test_an_edited_declared_data_file_is_named(logs):
    assert reasons(logs["data"]) == {
        "snippets/why/main.py": "data file snippets/why/data.txt changed"
    }


def test_runs_after_the_cache_was_emptied_say_so(logs):
    assert reasons(logs["cleared"]) == {
        "snippets/other.py": "cache cleared",
        "snippets/why/main.py": "cache cleared",
    }


def test_a_new_library_version_or_model_is_named_with_both_sides(tmp_path, monkeypatch):
    """In-process builds: transformers reports another version, then a model appears."""
    root = tmp_path / "project"
    write(root, "snippets/a.py", "print(1)\n")
    page = {"docs/a.md": "{* snippets/a.py *}\n"}

    def build(source: Source | None = None) -> list[tuple[str, list[str]]]:
        engine = Engine(
            root, cache_folder=tmp_path / "cache", preload=[], source=source or Source()
        )
        try:
            engine.begin_build()
            engine.prepare(page)
            return engine.cache.last_runs.take_reasons()
        finally:
            engine.close()

    real = versions.metadata.version
    assert build() == [("snippets/a.py", ["new"])]
    monkeypatch.setattr(
        versions.metadata,
        "version",
        lambda name: "99.0.0" if name == "transformers" else real(name),
    )
    assert build() == [("snippets/a.py", [f"transformers {real('transformers')} → 99.0.0"])]
    standin = Source(kind="standin", fingerprint="standin-3fe0753c17fb")
    assert build(standin) == [
        ("snippets/a.py", ["model changed: no model → stand-in standin-3fe0753c17fb"])
    ]
