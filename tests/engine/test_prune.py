"""The cache keeps what the site uses: a full build prunes the rest, `clean` empties it
(issue 13, point 11)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from kit.throwaway_site import Site

from hf_model_guide.plugins.run_snippets import prune_older


@pytest.mark.build
def test_a_full_build_removes_the_runs_no_page_uses_and_clean_empties_the_cache(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.set_option("prune_after", 0)
    site.write("snippets/a.py", "print('a1')\n")
    site.write("snippets/b.py", "print('b')\n")
    page = "{* snippets/a.py *}\n\n{* snippets/b.py *}\n"
    site.write("docs/index.md", "# 页\n\n" + page)
    site.write("docs/index.en.md", "# Page\n\n" + page)
    runs = site.cache / "runs"
    assert site.build().summary() == (2, 0, 0)
    first = {f.name for f in runs.glob("*.json")}
    (runs / ".tmp-old.json").write_text("half")
    os.utime(runs / ".tmp-old.json", (time.time() - 7200,) * 2)  # a killed build's leftover
    site.write("snippets/a.py", "print('a2')\n")
    build = site.build()
    assert build.summary() == (1, 1, 0)
    assert "removed 2 cached files no page uses any more" in build.log
    now = {f.name for f in runs.iterdir()}
    assert len(now) == 2 and len(now & first) == 1  # b's run stays, a's old one went

    off = site.build(env={"RUN_SNIPPETS": "false"})  # looked nothing up: prunes nothing
    assert off.code == 0 and {f.name for f in runs.iterdir()} == now

    done = subprocess.run(
        [sys.executable, "-m", "hf_model_guide", "clean"],
        cwd=site.root,
        env=site.environ(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"removed {runs}" in done.stdout and not runs.exists()


def test_notebook_folders_nothing_wrote_since_the_build_began_are_pruned(tmp_path):
    (tmp_path / "old" / "notebooks").mkdir(parents=True)
    (tmp_path / "old" / "notebooks" / "a.ipynb").write_text("{}")
    os.utime(tmp_path / "old" / "notebooks" / "a.ipynb", (time.time() - 60,) * 2)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "b.ipynb").write_text("{}")
    assert prune_older(tmp_path, time.time() - 10) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new"]
