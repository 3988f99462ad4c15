"""Acceptance (issue 31): the site's Colab links open notebooks made with the real checkpoint.

The publish workflow's build job makes them after building with the real checkpoint and hands
them to a job of their own, which runs no project code, may write only the repository's
contents, and commits them to the branch the Colab links name
(``.github/publish_notebooks.py``, run here against a local bare repository)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from kit.root import ROOT
from test_output_workflows import load, step

from hf_model_guide.notebooks import from_mkdocs_yml

SCRIPT = ROOT / ".github" / "publish_notebooks.py"
SITE = from_mkdocs_yml(ROOT)
ARTIFACT = "colab-notebooks"


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_the_build_makes_the_colab_notebooks_with_the_real_checkpoint_and_hands_them_on():
    build = load("publish.yml")["jobs"]["build"]
    assert build["env"]["HF_MODEL_GUIDE_MODEL_SOURCE"] == "hub"
    commands = runs(build)
    make = f"--model-source hub --out {ARTIFACT}"
    made = next(i for i, run in enumerate(commands) if "-m hf_model_guide.notebooks" in run)
    assert make in commands[made]
    assert made > commands.index(".venv/bin/mkdocs build --strict")  # after the site's build
    handed = [u["with"] for u in step(build, "actions/upload-artifact")]
    assert {"name": ARTIFACT, "path": f"{ARTIFACT}/", "if-no-files-found": "error"}.items() <= {
        key: value
        for upload in handed
        if upload["name"] == ARTIFACT
        for key, value in upload.items()
    }.items()


def test_a_job_of_its_own_commits_them_to_the_branch_the_colab_links_name():
    job = load("publish.yml")["jobs"]["notebooks"]
    assert job["needs"] == "build" and job["if"] == "github.ref == 'refs/heads/main'"
    assert job["permissions"] == {"contents": "write"}
    # No project code: only the script is checked out, nothing is installed or imported.
    checkout = step(job, "actions/checkout")[0]["with"]
    assert checkout["sparse-checkout"] == ".github/publish_notebooks.py"
    assert checkout["persist-credentials"] is False
    assert step(job, "actions/download-artifact")[0]["with"]["name"] == ARTIFACT
    (command,) = runs(job)
    assert command.startswith(f"python3 .github/publish_notebooks.py {ARTIFACT} ")
    assert f"--branch {SITE.branch}" in command
    assert ".venv" not in command and "pip" not in command and "hf_model_guide" not in command
    assert "import hf_model_guide" not in SCRIPT.read_text(encoding="utf-8")
    # The Colab links open that branch, not main.
    for lang in SITE.languages:
        url = SITE.colab_url("article.md", lang)
        assert f"/blob/{SITE.branch}/{SITE.branch_path('article.md', lang)}" in url
        assert "/blob/main/" not in url


def notebook(model: str, text: str = "The logits are 4.2") -> str:
    return json.dumps(
        {
            "cells": [{"cell_type": "markdown", "id": "c0", "metadata": {}, "source": text}],
            "metadata": {"hf_model_guide": {"model": model}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def folder_of(tmp_path: Path, name: str, model: str = "hub", text: str = "") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for lang in SITE.languages:
        path = folder / SITE.branch_path("article.md", lang)
        path.write_text(notebook(model, text or f"{lang}: 4.2"), encoding="utf-8")
    return folder


def publish(folder: Path, remote: Path, source: str = "abc123") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(folder), str(remote), "--branch", SITE.branch]
        + ["--source", source],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def on_branch(remote: Path, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(remote), "show", f"{SITE.branch}:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def commits(remote: Path) -> int:
    count = ["git", "--git-dir", str(remote), "rev-list", "--count", SITE.branch]
    return int(subprocess.run(count, capture_output=True, text=True, check=True).stdout)


@pytest.fixture
def remote(tmp_path) -> Path:
    bare = tmp_path / "origin.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    return bare


def test_the_script_publishes_where_the_colab_links_point_and_only_what_changed(tmp_path, remote):
    first = publish(folder_of(tmp_path, "one"), remote)
    assert first.returncode == 0, first.stderr
    for lang in SITE.languages:  # every Colab link's file is on the branch, as made
        path = SITE.colab_url("article.md", lang).split(f"/blob/{SITE.branch}/", 1)[1]
        assert json.loads(on_branch(remote, path))["cells"][0]["source"] == f"{lang}: 4.2"
    assert "abc123" in on_branch(remote, "README.md")
    assert commits(remote) == 1

    again = publish(folder_of(tmp_path, "same"), remote, source="def456")
    assert again.returncode == 0 and "nothing pushed" in again.stdout
    assert commits(remote) == 1

    changed = publish(folder_of(tmp_path, "two", text="4.3"), remote, source="def456")
    assert changed.returncode == 0, changed.stderr
    assert commits(remote) == 2  # on top of the last publish: never forced
    assert "4.3" in on_branch(remote, SITE.branch_path("article.md", SITE.default))


@pytest.mark.parametrize(
    ("model", "said"), [("standin", "not the real checkpoint"), (None, "not a notebook of")]
)
def test_the_script_refuses_a_notebook_not_made_with_the_real_checkpoint(
    tmp_path, remote, model, said
):
    folder = folder_of(tmp_path, "made", model=model or "hub")
    if model is None:  # a notebook without the project's metadata
        (folder / "other.ipynb").write_text('{"cells": [], "metadata": {}}', encoding="utf-8")
    done = publish(folder, remote)
    assert done.returncode == 1 and said in done.stderr
    assert ".ipynb" in done.stderr  # the file is named
    heads = ["git", "--git-dir", str(remote), "for-each-ref", "refs/heads"]
    assert subprocess.run(heads, capture_output=True, text=True, check=True).stdout == ""


def test_every_colab_link_of_the_pages_opens_a_published_notebook():
    published = {SITE.colab_url(page, lang) for page in SITE.pages for lang in SITE.languages}
    found = {
        (path.name, url)
        for path in (ROOT / "docs").rglob("*.md")
        for url in re.findall(
            r"https://colab\.research\.google\.com/[^\s)\"']+", path.read_text(encoding="utf-8")
        )
    }
    assert len(found) >= 4  # the article and the home page, both languages
    assert {url for _, url in found} <= published, found
