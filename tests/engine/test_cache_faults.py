"""A cache that cannot be read or written, or holds nonsense, never fails a build; failed
expressions are never stored; two builds at once leave a cache both can use (issue 13,
points 2 and 6)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kit.throwaway_site import Site
from test_engine import engine_for, run, write

# Every test here runs snippets in the engine's worker.
pytestmark = pytest.mark.build


def test_a_failed_expression_is_never_stored_so_its_fix_never_meets_the_old_error(tmp_path):
    project = tmp_path / "project"
    write(project, "snippets/s.py", "x = 1.5\n")
    engine = engine_for(project)
    run(engine, {"p.md": "{= snippets/s.py | x | .2q =}"})
    assert any("Unknown format code 'q'" in p for p in engine.take_problems())

    fixed = "{= snippets/s.py | x | .2f =} and {= snippets/s.py | x * 2 | .1f =}"
    for fresh in (engine, engine_for(project)):  # this process, and a later build
        pages = run(fresh, {"p.md": fixed})
        assert pages["p.md"].count("1.50") == 1 and "3.0" in pages["p.md"]
        assert not [p for p in fresh.take_problems() if "format code" in p]
    stored = [json.loads(f.read_text()) for f in (project.parent / "cache" / "runs").glob("*.json")]
    assert all(value["ok"] for entry in stored for value in entry["values"])


def test_a_cache_entry_of_the_wrong_shape_is_named_ignored_and_replaced(tmp_path):
    project = tmp_path / "project"
    write(project, "snippets/s.py", "print('hi')\nx = 2\n")
    page = {"p.md": "{* snippets/s.py *}\n\n{= snippets/s.py | x =}\n"}
    run(engine_for(project), page)
    (entry,) = (project.parent / "cache" / "runs").glob("*.json")
    for nonsense in ([], {"key": entry.stem, "ok": True, "chunks": 5}, {"ok": True}, "null"):
        entry.write_text(json.dumps(nonsense))
        engine = engine_for(project)
        pages = run(engine, page)
        assert engine.stats.executed == 1 and "hi" in pages["p.md"]
        notices = engine.take_notices()
        assert len(notices) == 1 and f"ignored the run cache file {entry}" in notices[0]
        assert json.loads(entry.read_text())["key"] == entry.stem  # replaced by a good one
        again = engine_for(project)
        run(again, page)
        assert again.stats.cached == 1 and not again.take_notices()


def test_a_cache_folder_that_cannot_be_written_warns_naming_it_and_the_build_goes_on(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.cache.mkdir()
    (site.cache / "runs").write_text("a file where the folder should be\n")  # as root, chmod
    site.write("snippets/s.py", "print('ran fine')\n")  # would not stop a write: this does
    site.write("docs/index.md", "# 页\n\n{* snippets/s.py *}\n")
    site.write("docs/index.en.md", "# Page\n\n{* snippets/s.py *}\n")
    build = site.build()
    assert build.code == 0, build.log
    assert f"cannot write the run cache in {site.cache / 'runs'}" in build.log
    assert build.log.count("cannot write the run cache") == 1
    assert "Traceback" not in build.log
    assert "ran fine" in build.page("en").select_one(".snippet-output").text


def test_two_builds_at_once_leave_a_cache_both_can_use(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    page = "".join(f"{{* snippets/s{n}.py *}}\n\n" for n in range(6))
    for n in range(6):
        site.write(f"snippets/s{n}.py", f"print('snippet {n}' * 200)\n")
    site.write("docs/index.md", "# 页\n\n" + page)
    site.write("docs/index.en.md", "# Page\n\n" + page)
    builds = [
        subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", f"site{n}"],
            cwd=site.root,
            env=site.environ(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(2)
    ]
    for build in builds:
        log = build.communicate(timeout=300)[0]
        assert build.returncode == 0, log
        assert "Traceback" not in log
    runs = site.cache / "runs"
    assert len(list(runs.glob("*.json"))) == 6 and not list(runs.glob(".tmp-*"))
    for entry in runs.glob("*.json"):
        json.loads(entry.read_text())  # whole
    after = site.build()
    assert after.summary() == (0, 6, 0), after.log


def test_a_declared_data_file_is_in_the_run_key(tmp_path):
    project = tmp_path / "project"
    write(project, "snippets/x/data.json", '{"n": 1}')
    write(
        project,
        "snippets/x/reads.py",
        """
        # depends-on: snippets/x/data.json
        import json
        from pathlib import Path

        print(json.loads(Path("snippets/x/data.json").read_text())["n"])
        """,
    )
    page = {"p.md": "{* snippets/x/reads.py *}\n"}
    assert "\n1\n" in run(engine_for(project), page)["p.md"]
    again = engine_for(project)
    run(again, page)
    assert again.stats.cached == 1
    write(project, "snippets/x/data.json", '{"n": 2}')
    edited = engine_for(project)
    assert "\n2\n" in run(edited, page)["p.md"] and edited.stats.executed == 1

    (project / "snippets/x/data.json").unlink()
    missing = engine_for(project)
    run(missing, page)
    assert missing.take_problems() == [
        "p.md:1: snippets/x/reads.py:1: depends-on snippets/x/data.json: "
        + "cannot read it (No such file or directory)"
    ]
