"""The workflows that watch outputs: a pull request's diff and preview, the publish run cache,
the weekly freshness run (actionlint and pinning are checked for every workflow in
test_workflows.py)."""

from __future__ import annotations

import yaml
from kit.root import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def step(job: dict, uses: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").startswith(uses + "@")]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in job["steps"])


def test_pull_requests_build_base_and_head_sharing_the_run_cache():
    jobs = load("pull-request.yml")["jobs"]
    base, head = jobs["outputs-base"], jobs["outputs-head"]
    assert head["needs"] == "outputs-base"
    assert base["steps"][0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert "ref" not in head["steps"][0].get("with", {})  # the pull request itself
    for job in (base, head):
        assert job["env"]["HF_MODEL_GUIDE_MODEL_SOURCE"] == "offline"
        assert "mkdocs build --strict --site-dir site" in runs(job)
    saved = step(base, "actions/cache/save")[0]["with"]
    restored = step(head, "actions/cache/restore")[0]["with"]
    assert saved["key"] == restored["key"] and "github.run_id" in saved["key"]
    assert ".cache/runs" in saved["path"] and saved["path"] == restored["path"]
    # The base's manifest travels to the head job; the diff goes to the summary.
    assert step(base, "actions/upload-artifact")[0]["with"]["path"] == "site/outputs.json"
    assert step(head, "actions/download-artifact")[0]["with"]["name"] == "outputs-base"
    assert "hf-model-guide outputs diff base/outputs.json site/outputs.json" in runs(head)
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs(head)
    preview = step(head, "actions/upload-artifact")[0]["with"]
    assert preview == {"name": "site-preview", "path": "site/", "if-no-files-found": "error"}


def test_publish_keeps_the_run_cache_keyed_on_what_a_run_key_covers():
    build = load("publish.yml")["jobs"]["build"]
    caches = [c["with"] for c in step(build, "actions/cache") if c["with"]["path"] == ".cache/runs"]
    assert len(caches) == 1
    key = caches[0]["key"]
    # Snippets (and what they import), pinned versions, engine, Python, model revision.
    for part in ("snippets/**", "pyproject.toml", "src/hf_model_guide/engine/**"):
        assert part in key
    assert "steps.python.outputs.python-version" in key
    assert "steps.source.outputs.fingerprint" in key
    order = [s.get("id") or s.get("with", {}).get("path") for s in build["steps"]]
    assert order.index("source") < order.index(".cache/runs")  # the revision is known first


def test_the_freshness_run_is_weekly_and_may_only_write_issues():
    workflow = load("freshness.yml")
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1")  # weekly
    assert "workflow_dispatch" in workflow["on"]
    job = workflow["jobs"]["freshness"]
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert job["env"]["HF_MODEL_GUIDE_MODEL_SOURCE"] == "hub"
    script = runs(job)
    assert "python -m hf_model_guide.outputs.freshness requirements" in script
    assert "--upgrade" in script
    last = job["steps"][-1]
    assert last["run"] == ".venv/bin/python -m hf_model_guide.outputs.freshness run"
    assert last["env"] == {"GITHUB_TOKEN": "${{ github.token }}"}
    assert not any("secrets." in str(s) for s in job["steps"])


def test_publish_deploys_the_demo_with_the_token_from_a_secret():
    demo = load("publish.yml")["jobs"]["demo"]
    assert demo["needs"] == "build" and demo["permissions"] == {"contents": "read"}
    assert demo["env"]["HF_TOKEN"] == "${{ secrets.HF_SPACE_TOKEN }}"
    assert demo["steps"][-1]["run"] == ".venv/bin/python -m hf_model_guide.demo.deploy"
