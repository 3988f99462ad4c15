"""The workflows that watch outputs: a pull request's diff and preview, the publish run cache,
the weekly freshness run (actionlint and pinning are checked for every workflow in
test_workflows.py)."""

from __future__ import annotations

import yaml
from kit.root import ROOT

from hf_model_guide.outputs.freshness import ISSUE_TITLE

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
    assert head["needs"][0] == "outputs-base"
    assert base["steps"][0]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert "ref" not in head["steps"][0].get("with", {})  # the pull request itself
    for job in (base, head):
        assert job["env"]["HF_MODEL_GUIDE_MODEL_SOURCE"] == "offline"
        assert "mkdocs build --strict --site-dir site" in runs(job)
    # Saved once per base content, when the base's own restore missed; each restore takes
    # that exact key, never a prefix.
    saved = step(base, "actions/cache/save")[0]
    restored = step(base, "actions/cache/restore")[0]["with"]
    restored_by_head = step(head, "actions/cache/restore")[0]["with"]
    assert saved["with"]["key"] == restored["key"] == "${{ steps.key.outputs.key }}"
    assert saved["if"] == "steps.restore.outputs.cache-hit != 'true'"
    assert base["outputs"]["cache-key"] == "${{ steps.key.outputs.key }}"
    assert restored_by_head["key"] == "${{ needs.outputs-base.outputs.cache-key }}"
    assert "github.run_id" not in runs(base)
    for used in (saved["with"], restored, restored_by_head):
        assert ".cache/runs" in used["path"] and "restore-keys" not in used
    # The base's manifest travels to the head job; the diff goes to the summary.
    assert step(base, "actions/upload-artifact")[0]["with"]["path"] == "site/outputs.json"
    downloads = [s["with"] for s in step(head, "actions/download-artifact")]
    assert {"name": "outputs-base", "path": "base"} in downloads
    assert "hf-model-guide outputs diff base/outputs.json site/outputs.json" in runs(head)
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs(head)
    preview = step(head, "actions/upload-artifact")[0]["with"]
    assert preview == {"name": "site-preview", "path": "site/", "if-no-files-found": "error"}


def test_publish_and_long_pull_requests_run_the_snippets_across_a_matrix_from_the_plan():
    """Issue 35: plan, one job a shard with no token, then one build that merges the shards'
    run caches and runs nothing; a plan with nothing (or, for a pull request, little) to run
    skips the matrix."""
    for name, build, when in (
        ("publish.yml", "build", "needs.plan.outputs.run == 'true'"),
        ("pull-request.yml", "outputs-head", "needs.plan.outputs.long == 'true'"),
    ):
        jobs = load(name)["jobs"]
        plan, shards, built = jobs["plan"], jobs["snippets"], jobs[build]
        assert "hf-model-guide runs plan --shards" in runs(plan)
        assert plan["outputs"]["matrix"] == "${{ steps.plan.outputs.matrix }}"
        assert shards["if"] == when
        assert shards["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
        assert shards["runs-on"] == "${{ matrix.runs-on }}"  # a GPU shard's label from the plan
        assert shards["permissions"] == {} and "secrets." not in str(shards)
        assert 'runs run --shard "$SHARD" --into shard' in runs(shards)
        upload = step(shards, "actions/upload-artifact")[0]["with"]
        assert upload["name"] == "snippet-runs-${{ strategy.job-index }}"
        assert upload["path"] == "shard/"
        assert built["needs"][-2:] == ["plan", "snippets"]
        assert "needs.snippets.result == 'skipped'" in built["if"]  # built without a matrix
        downloads = [s["with"] for s in step(built, "actions/download-artifact")]
        assert {"pattern": "snippet-runs-*", "path": "shards"} in downloads
        assert "hf-model-guide runs merge shards/*" in runs(built)
        order = [s.get("name", "") for s in built["steps"]]
        assert order.index("Merge the shards' runs") < next(
            i for i, n in enumerate(order) if n.startswith("Build")
        )
    publish_build = load("publish.yml")["jobs"]["build"]
    building = next(
        s for s in publish_build["steps"] if s.get("run") == ".venv/bin/mkdocs build --strict"
    )
    assert building["env"] == {"RUN_SNIPPETS": "cached-only"}


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
    # Restored by the exact key only: no entry another job wrote becomes published HTML.
    for cache in step(build, "actions/cache"):
        assert "restore-keys" not in cache["with"]
    fingerprint = next(s for s in build["steps"] if s.get("id") == "source")["run"]
    assert 'test -n "$fingerprint"' in fingerprint  # an empty one fails, with pipefail


def test_the_freshness_run_builds_with_no_token_and_files_with_no_project_code():
    workflow = load("freshness.yml")
    assert workflow["on"]["schedule"][0]["cron"].endswith("* * 1")  # weekly
    assert "workflow_dispatch" in workflow["on"]
    check, file = workflow["jobs"]["check"], workflow["jobs"]["file"]
    # The job that installs unpinned releases and runs every snippet holds no token.
    assert check["permissions"] == {"contents": "read"}
    assert check["env"]["HF_MODEL_GUIDE_MODEL_SOURCE"] == "hub"
    script = runs(check)
    assert "python -m hf_model_guide.outputs.freshness requirements" in script
    assert "--upgrade" in script
    assert ".venv/bin/python -m hf_model_guide.outputs.freshness run --report report" in script
    assert "github.token" not in str(check) and "secrets." not in str(check)
    assert step(check, "actions/upload-artifact")[0]["with"]["path"] == "report/"
    # The job that may write issues checks nothing out and runs GitHub's CLI only.
    assert file["needs"] == "check" and file["permissions"] == {"issues": "write"}
    assert [s.get("uses", "").split("@")[0] for s in file["steps"]] == [
        "actions/download-artifact",
        "",
    ]
    filing = file["steps"][-1]
    assert filing["env"]["TITLE"] == ISSUE_TITLE
    assert filing["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "python" not in filing["run"] and ".venv" not in filing["run"]
    assert "--body-file report/report.md" in filing["run"]


def test_publish_gives_the_space_token_to_the_upload_step_only():
    demo = load("publish.yml")["jobs"]["demo"]
    assert demo["needs"] == "build" and demo["permissions"] == {"contents": "read"}
    assert demo["environment"] == {"name": "hf-space"}
    assert "HF_TOKEN" not in demo.get("env", {})
    deploy = demo["steps"][-1]
    assert deploy["run"] == ".venv/bin/python -m hf_model_guide.demo.deploy"
    assert deploy["env"]["HF_TOKEN"] == "${{ secrets.HF_SPACE_TOKEN }}"
    others = demo["steps"][:-1]
    assert not any("secrets." in str(s) for s in others)
    # Wheels of the upload's own dependencies; no project install (no setup.py of anyone's).
    install = runs({"steps": others})
    assert "--only-binary :all:" in install and "-e ." not in install


def test_every_job_that_may_run_a_snippet_sets_up_its_sandbox_first():
    """A CI build refuses to run snippets without bubblewrap (issue 33): every job on a
    runner that runs a shard or builds the site (other than from the shards' union alone)
    calls .github/sandbox.sh before it does."""
    checked = []
    for name in ("publish.yml", "pull-request.yml", "freshness.yml"):
        for job_name, job in load(name)["jobs"].items():
            commands = [s.get("run", "") for s in job.get("steps", [])]
            runs_snippets = [
                i
                for i, run in enumerate(commands)
                if "runs run --shard" in run or "mkdocs build" in run
            ]
            if not runs_snippets or "container" in job:  # the container's .ci/test installs it
                continue
            setup = [i for i, run in enumerate(commands) if "bash .github/sandbox.sh" in run]
            assert setup and setup[0] < runs_snippets[0], f"{name}: {job_name}"
            checked.append(f"{name}: {job_name}")
    assert {"publish.yml: snippets", "pull-request.yml: snippets", "publish.yml: build"} <= set(
        checked
    )
