"""The pre-commit hooks catch what they are for, in a real (throwaway) git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kit.root import ROOT
from kit.sites import commit, git

pytestmark = pytest.mark.lint


def test_deleting_a_translation_fails_pre_commit(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "docs", repo / "docs", ignore=shutil.ignore_patterns("vendor"))
    for name in ("mkdocs.yml", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, repo / name)
    # The hooks' entries are .venv/bin/...: the project's own venv.
    (repo / ".venv").symlink_to(Path(sys.executable).parents[1], target_is_directory=True)
    commit(repo, "the pages")
    git(repo, "rm", "-q", "docs/contributing.en.md")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "run", "translations"],
        cwd=repo,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "docs/contributing.md: no en translation (docs/contributing.en.md)" in done.stdout
