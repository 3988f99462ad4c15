"""The publish workflow deploys snippets/demo to the project's own Space, the one mkdocs.yml
names and the article embeds; tested against a local stand-in for the Hub's API (no network)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kit.demo import project_config
from kit.root import ROOT
from space_hub import SpaceHub

from hf_model_guide.demo import deploy as demo_deploy

SPACE = "acme-docs/sentiment-demo"
FILES = ["README.md", "app.py", "requirements.txt"]


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "snippets" / "demo", root / "snippets" / "demo")
    (root / "snippets" / "demo" / "notes.txt").write_text("not part of the Space\n")
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump({"site_name": "x", "extra": {"demo": {"space": SPACE}}}), encoding="utf-8"
    )
    return root


def deploy(project: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, str]:
    summary = tmp_path / "summary.md"
    summary.write_text("")
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING", "GITHUB_"))
    }
    environ |= {
        "HF_HOME": str(tmp_path / "hf-home"),  # no token saved by a login on this machine
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_ENDPOINT": "http://127.0.0.1:9",  # never the real Hub
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-m", "hf_model_guide.demo.deploy", "--config", "mkdocs.yml"],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done, summary.read_text(encoding="utf-8")


def test_the_demo_is_uploaded_to_the_named_space_and_again_when_it_exists(project, tmp_path):
    with SpaceHub("hf_test_token") as hub:
        for _ in range(2):
            done, summary = deploy(project, tmp_path, HF_ENDPOINT=hub.url, HF_TOKEN="hf_test_token")
            assert done.returncode == 0, done.stdout + done.stderr
            assert (
                f"Demo deployed to the Space `{SPACE}`: {hub.url}/spaces/{SPACE}/commit/" in summary
            )
        assert sorted(hub.spaces[SPACE]) == FILES  # only the Space's files
        for name in FILES:
            assert hub.spaces[SPACE][name] == (project / "snippets" / "demo" / name).read_bytes()
        created = hub.created[0]
        assert (created["organization"], created["name"]) == tuple(SPACE.split("/"))
        assert created["type"] == "space" and created["sdk"] == "gradio"
        assert hub.commits[-1]["summary"] == "Deploy the demo from hf-model-guide 0123456789ab"


def test_without_a_token_nothing_is_uploaded_and_the_summary_says_so(project, tmp_path):
    with SpaceHub("hf_test_token") as hub:
        done, summary = deploy(project, tmp_path, HF_ENDPOINT=hub.url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert hub.requests == []
    assert summary.startswith("**Demo not deployed**: no Hugging Face token (`HF_TOKEN`")
    assert f"the Space `{SPACE}` keeps what it had" in summary


def test_a_refused_token_fails_the_deploy(project, tmp_path):
    with SpaceHub("hf_test_token") as hub:
        done, _ = deploy(project, tmp_path, HF_ENDPOINT=hub.url, HF_TOKEN="hf_wrong")
    assert done.returncode != 0
    assert "401" in done.stderr


def test_a_config_without_the_space_is_one_clear_line(project, tmp_path):
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    done, _ = deploy(project, tmp_path, HF_TOKEN="t")
    assert done.returncode == 2
    assert done.stderr.strip().endswith("extra.demo.space must name the Space as OWNER/NAME")


def test_the_site_embeds_the_space_the_workflow_deploys():
    demo = project_config()["extra"]["demo"]
    space = demo_deploy.space_id(ROOT / "mkdocs.yml")
    assert space == demo["space"]
    if not os.environ.get("DEMO_SPACE_URL"):
        assert demo["space_url"] == demo_deploy.space_url(space)
    assert "glrh11" not in space  # the 2023 article's third-party Space is named in the errata


def test_space_urls_follow_the_hubs_rule():
    assert demo_deploy.space_url("Acme_Docs/my.demo") == "https://acme-docs-my-demo.hf.space"
