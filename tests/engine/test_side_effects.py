"""What a snippet writes into docs/, snippets/ or the site never reaches the build
(issue 13, point 7)."""

from __future__ import annotations

import pytest
from kit.throwaway_site import Site

pytestmark = pytest.mark.build

WRITER = """
from pathlib import Path

Path("docs/injected.md").write_text("# Injected page\\n")
Path("snippets/dropped.py").write_text("print('dropped')\\n")
Path("snippets/data.txt").write_text("changed\\n")
Path("notes.txt").write_text("a file of its own, outside those folders: fine\\n")
print("wrote")
"""


@pytest.mark.usefixtures("unsandboxed")  # in the sandbox the project is read-only
def test_files_a_snippet_writes_into_the_pages_are_removed_and_reported(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/writer.py", WRITER)
    site.write("snippets/data.txt", "original\n")
    site.write("docs/index.md", "# 页\n\n{* snippets/writer.py *}\n")
    site.write("docs/index.en.md", "# Page\n\n{* snippets/writer.py *}\n")
    build = site.build(strict=False)
    assert build.code == 0, build.log
    assert not (site.root / "docs/injected.md").exists()
    assert not (site.root / "snippets/dropped.py").exists()
    assert not (build.site / "injected").exists() and not (build.site / "en/injected").exists()
    rule = "snippets may write files, but not into docs/, snippets/ or the site"
    assert (
        f"docs/injected.md: created by a snippet of this build (snippets/writer.py): removed; {rule}"
        in build.log
    )
    assert "snippets/dropped.py: created by a snippet" in build.log
    assert "snippets/data.txt: changed by a snippet of this build" in build.log
    assert (site.root / "notes.txt").exists()
    assert build.summary() == (1, 0, 3)
    again = site.build()  # from the cache: nothing runs, nothing is written
    assert again.code == 0 and again.summary() == (0, 1, 0), again.log
