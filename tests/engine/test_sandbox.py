"""Pages include and run files under snippets/ only (issue 13, point 4)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from kit.throwaway_site import Site

pytestmark = pytest.mark.build

OUTSIDE = """
from pathlib import Path

Path("outside.ran").write_text("yes")
print("SECRET-OUTSIDE")
"""

PAGE = """
# Page

{* /etc/passwd *}

{* ../../../etc/passwd *}

{* snippets/../outside.py *}

{* snippets/link.py *}

{* outside.py run=false *}

A value: {= snippets/../outside.py | 1 =}.

{* snippets/fine.py *}
"""


def test_only_files_under_snippets_are_read_run_or_published(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("outside.py", OUTSIDE)
    site.write("snippets/fine.py", 'print("fine")\n')
    os.symlink(site.root / "outside.py", site.root / "snippets" / "link.py")
    site.write("docs/index.md", PAGE.replace("Page", "页"))
    site.write("docs/index.en.md", PAGE)

    strict = site.build()
    assert strict.code != 0
    for line, path in [
        (3, "/etc/passwd"),
        (5, "../../../etc/passwd"),
        (7, "snippets/../outside.py"),
        (9, "snippets/link.py"),
        (11, "outside.py"),
        (13, "snippets/../outside.py"),
    ]:
        message = f"docs/index.en.md:{line}: {path}: only files under snippets/ may be included"
        assert message in strict.log

    build = site.build(strict=False)
    assert build.code == 0, build.log
    assert not (site.root / "outside.ran").exists()
    published = "".join(
        file.read_text(encoding="utf-8", errors="replace")
        for file in build.site.rglob("*")
        if file.is_file()
    )
    assert "SECRET-OUTSIDE" not in published and "root:x:0:0" not in published
    page = build.page("en")
    assert len(page.select(".admonition.failure")) == 5
    assert "fine" in page.select_one(".snippet-output").text


def test_the_cache_belongs_to_the_project_whose_mkdocs_yml_is_built(tmp_path):
    from hf_model_guide import paths

    site = Site(tmp_path / "project", tmp_path / "unused-cache")
    site.write("snippets/fine.py", 'print("fine")\n')
    site.write("docs/index.md", "# 页\n\n{* snippets/fine.py *}\n")
    site.write("docs/index.en.md", "# Page\n\n{* snippets/fine.py *}\n")
    installed = paths.project_root()  # the checkout this package is installed from
    before = set((installed / ".cache" / "runs").glob("*")) if installed else set()
    environ = site.environ()
    del environ[paths.CACHE_ENV]
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site.root,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((site.root / ".cache" / "runs").glob("*.json"))) == 1
    assert not (tmp_path / "unused-cache").exists()
    if installed:
        assert set((installed / ".cache" / "runs").glob("*")) == before
