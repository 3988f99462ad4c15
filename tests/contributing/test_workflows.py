"""The GitHub workflows pass actionlint, pin every action by commit and ask for least
permissions; the pre-commit hooks (lint, format check, mypy, translations) are valid and pass
on the repository: this is where CI runs the format and type checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kit.root import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40} # v\d+(\.\d+)*$")


def run(*command: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **env},
    )


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on` as True
    return workflow


def test_there_are_the_three_workflows():
    assert [w.name for w in WORKFLOWS] == ["freshness.yml", "publish.yml", "pull-request.yml"]


@pytest.mark.lint
def test_actionlint_passes():
    done = run(str(BIN / "actionlint"), "-color=false", *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.lint
def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    # So that the test above cannot pass by linting nothing.
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo ${{ github.event.nope.nope }\n",
        encoding="utf-8",
    )
    done = run(str(BIN / "actionlint"), "-color=false", str(bad), cwd=tmp_path)
    assert done.returncode == 1 and "bad.yml:6" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_tag(path: Path):
    uses = re.findall(r"uses: (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    assert uses
    for use in uses:
        assert PINNED.match(use.strip()), f"{path.name}: {use!r} is not `owner/repo@<sha> # vX`"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_the_least_needed(path: Path):
    workflow = load(path)
    assert workflow["permissions"] in ({}, {"contents": "read"}), "a default for every job"
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", workflow["permissions"])
        assert granted != "write-all"
        writes = {scope for scope, level in granted.items() if level == "write"}
        allowed = {
            "deploy": {"pages", "id-token"},
            "file": {"issues"},
            "notebooks": {"contents"},  # pushes the notebooks branch (test_publish_notebooks)
        }.get(name, set())
        assert writes <= allowed, f"{path.name}: job {name} may write {writes - allowed}"
    assert "persist-credentials: false" in path.read_text(encoding="utf-8")


def test_zizmor_finds_nothing():
    # The auditor persona reports everything, informational findings included. Offline:
    # the audits that ask GitHub's API (impostor commits, known-vulnerable actions) need a
    # token and the network.
    done = run(
        str(BIN / "zizmor"), "--offline", "--persona", "auditor", "--format", "plain", ".github"
    )
    assert done.returncode == 0 and "No findings to report" in done.stdout, done.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_step_fails_on_a_failed_pipe_and_torch_alone_comes_from_its_index(path: Path):
    workflow = load(path)
    # A named bash shell runs with -o pipefail: `a | cut` fails when a fails.
    assert workflow["defaults"]["run"]["shell"] == "bash"
    text = path.read_text(encoding="utf-8")
    # An extra index for every package lets it supply any dependency: torch only, by name.
    assert "PIP_EXTRA_INDEX_URL" not in text and "--extra-index-url" not in text
    for name, job in workflow["jobs"].items():
        image = job.get("container")
        if isinstance(image, dict):  # with options: the image is one of them
            image = image["image"]
        if image:
            assert re.fullmatch(r"[\w./:-]+@sha256:[0-9a-f]{64}", image), f"{name}: {image}"


def test_dependabot_proposes_new_commits_of_the_pinned_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert ecosystems["github-actions"]["directory"] == "/"


def test_torch_alone_is_installed_from_its_index(tmp_path):
    script = (ROOT / ".github" / "torch-cpu.sh").read_text(encoding="utf-8")
    assert "--no-deps --index-url https://download.pytorch.org/whl/cpu" in " ".join(
        script.replace("\\\n", " ").split()
    )
    installs = [
        s["run"]
        for workflow in WORKFLOWS
        for job in load(workflow)["jobs"].values()
        for s in job.get("steps", [])
        if "pip install" in s.get("run", "") and "-e ." in s.get("run", "")
    ]
    assert installs and all("bash .github/torch-cpu.sh" in run for run in installs)


def test_pull_requests_run_the_ci_tests_and_a_strict_build():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow["on"]
    steps = [s.get("run", "") for s in workflow["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in steps
    assert ".venv/bin/mkdocs build --strict" in steps


def test_main_is_built_with_the_real_model_and_deployed():
    workflow = load(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = workflow["jobs"]["build"]
    assert build["env"]["HF_MODEL_GUIDE_MODEL_SOURCE"] == "hub"
    cache = [s for s in build["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert cache and cache[0]["with"]["path"] == "~/.cache/huggingface/hub"
    assert ".venv/bin/mkdocs build --strict" in [s.get("run") for s in build["steps"]]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.lint
def test_pre_commit_hooks_are_local_and_pass(tmp_path):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"]  # nothing to download
    hooks = {h["id"] for h in config["repos"][0]["hooks"]}
    assert hooks == {"ruff", "ruff-format", "mypy", "translations", "numbers"}
    pre_commit = str(BIN / "pre-commit")
    done = run(pre_commit, "validate-config", ".pre-commit-config.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(
        pre_commit, "run", "--all-files", "--color=never", PRE_COMMIT_HOME=str(tmp_path), SKIP=""
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # CI runs the lint, the format check and the type check here (through .ci/test).
    for name in ("ruff", "ruff format --check", "mypy"):
        assert re.search(rf"^{name}\W.*Passed$", done.stdout, flags=re.M), done.stdout
    assert re.search(r"^translation check .*Passed$", done.stdout, flags=re.M), done.stdout
