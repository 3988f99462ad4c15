"""Issue 35: a site's snippets run as shards (``hf-model-guide runs``), merged, built from the
union with ``RUN_SNIPPETS=cached-only``. The real site's sharded build is the session's own
(kit/site_build.py, tests/site/test_sharded_build.py); these use throwaway sites."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from kit.throwaway_site import Site

from hf_model_guide.engine.held import gpu_available
from hf_model_guide.runs import merge, plan, shard
from hf_model_guide.runs.plan import PlanError, Planned, split
from hf_model_guide.runs.project import Project


def site_of(tmp_path: Path, monkeypatch, names: str = "abcd", include: str = "") -> Site:
    site = Site(tmp_path / "site", tmp_path / "cache")
    monkeypatch.setenv("HF_MODEL_GUIDE_CACHE", str(site.cache))
    for name in names:
        site.write(f"snippets/{name}.py", f"print('{name} ran')\n")
    body = "\n\n".join(f"{{* snippets/{name}.py{include} *}}" for name in names)
    site.write("docs/index.md", f"# 首页 {{ #home }}\n\n{body}\n")
    site.write("docs/index.en.md", f"# Home {{ #home }}\n\n{body}\n")
    return site


def run_shard(project: Project, which: str, into: Path) -> list[str]:
    lines: list[str] = []
    assert shard.run(project, which, into, lines.append) == 0, lines
    return lines


@pytest.mark.build
def test_a_build_with_a_shard_missing_fails_naming_the_snippets_not_run(tmp_path, monkeypatch):
    site = site_of(tmp_path, monkeypatch)
    project = Project.at(site.root)
    made = plan.make(project, 2)
    first, second = ({p.path for p in made.of(i)} for i in (1, 2))
    assert len(first) == len(second) == 2  # never measured: spread evenly
    log = run_shard(project, "1/2", tmp_path / "s1")
    assert [line for line in log if line.startswith("snippets: running")] == [
        f"snippets: running {path}: new" for path in sorted(first)
    ]
    run_shard(project, "2/2", tmp_path / "s2")  # planned from the same cache, as a matrix's jobs
    merge.merge([tmp_path / "s1"], site.cache)  # the second shard's artifact is missing

    built = site.build(env={"RUN_SNIPPETS": "cached-only"})
    assert built.code == 1, built.log
    not_run = re.findall(r"(snippets/\w\.py): not run \(RUN_SNIPPETS=cached-only\)", built.log)
    assert sorted(not_run) == sorted(second), built.log
    assert built.summary() == (0, 2, 2)

    merge.merge([tmp_path / "s1", tmp_path / "s2"], site.cache)  # s1's again: already there
    built = site.build(env={"RUN_SNIPPETS": "cached-only"})
    assert built.code == 0, built.log
    assert built.summary() == (0, 4, 0)
    assert "d ran" in built.page("en").text
    assert plan.make(project, 2).snippets == []  # nothing left to run


def rewrite(folder: Path, change) -> None:
    """Change the one entry of a shard's folder, and its content hash when ``change`` says."""
    (file,) = (folder / "runs").glob("*.json")
    entry = json.loads(file.read_text(encoding="utf-8"))
    listed = json.loads((folder / shard.SHARD_FILE).read_text(encoding="utf-8"))
    rehash = change(entry, listed["entries"][file.stem])
    file.write_text(json.dumps(entry), encoding="utf-8")
    if rehash:
        listed["entries"][file.stem]["content"] = shard.content_hash(entry)
    (folder / shard.SHARD_FILE).write_text(json.dumps(listed), encoding="utf-8")


def forged(entry: dict, listed: dict) -> bool:
    entry["chunks"][0]["out"] = entry["chunks"][0]["all"] = "FORGED\n"
    return True  # a consistent shard: another machine printing something else


@pytest.mark.build
def test_merging_shards_whose_runs_conflict_fails_naming_the_snippet_and_writes_nothing(
    tmp_path, monkeypatch
):
    site = site_of(tmp_path, monkeypatch, names="a")
    project = Project.at(site.root)
    run_shard(project, "1/1", tmp_path / "one")
    for name in ("other", "edited", "rekeyed"):
        shutil.copytree(tmp_path / "one", tmp_path / name)
    rewrite(tmp_path / "other", forged)
    rewrite(tmp_path / "edited", lambda entry, listed: forged(entry, listed) and False)
    rewrite(tmp_path / "rekeyed", lambda entry, listed: listed["made_of"].update(text="x = 1\n"))

    with pytest.raises(merge.MergeError) as conflict:
        merge.merge([tmp_path / "one", tmp_path / "other"], site.cache)
    assert str(conflict.value).startswith(
        "snippets/a.py: two different results for the same inputs (run key "
    )
    with pytest.raises(merge.MergeError) as edited:
        merge.merge([tmp_path / "edited"], site.cache)
    assert "its content is not the one shard.json lists" in str(edited.value)
    with pytest.raises(merge.MergeError) as rekeyed:
        merge.merge([tmp_path / "rekeyed"], site.cache)
    assert "its run key recomputed from its inputs is" in str(rekeyed.value)
    assert not list(site.cache.glob("runs/*")), "a failed merge wrote something"

    merge.merge([tmp_path / "one"], site.cache)
    with pytest.raises(merge.MergeError) as against_cache:  # the cache's run is another
        merge.merge([tmp_path / "other"], site.cache)
    assert str(against_cache.value).startswith("snippets/a.py: ")


def planned(path: str, seconds: float | None, device: str = "cpu") -> Planned:
    return Planned(path, ("new",), device, seconds)


def test_the_plan_balances_shards_by_measured_time_and_spreads_unmeasured_ones():
    snippets = [planned(f"snippets/m{i}.py", s) for i, s in enumerate([9, 7, 6, 5, 4, 3, 2])]
    snippets += [planned(f"snippets/u{i}.py", None) for i in range(4)]
    made = split(list(reversed(snippets)), 3)
    measured = [sum(p.seconds or 0 for p in made.of(i)) for i in (1, 2, 3)]
    assert max(measured) - min(measured) <= 2  # longest first: within the shortest run
    unmeasured = [sum(p.seconds is None for p in made.of(i)) for i in (1, 2, 3)]
    assert sorted(unmeasured) == [1, 1, 2]
    assert made.to_json() == split(snippets, 3).to_json()  # the same inputs, the same plan
    loads = [made.load(i) for i in (1, 2, 3)]  # the unmeasured count as the measured mean
    assert made.to_json()["balance"] == round(max(loads) / (sum(loads) / 3), 3) < 1.2


def test_snippets_needing_a_gpu_get_the_last_shard_with_the_gpu_runner_label():
    snippets = [planned("snippets/a.py", 1), planned("snippets/g.py", None, "cuda")]
    matrix = split(snippets, 3, gpu_runner="gpu-l4").to_json()["matrix"]["include"]
    assert [(job["shard"], job["device"], job["runs-on"]) for job in matrix] == [
        ("1/3", "cpu", "ubuntu-24.04"),  # 2/3 has nothing to run: no job
        ("3/3", "cuda", "gpu-l4"),
    ]
    with pytest.raises(PlanError, match="snippets/g.py"):
        split(snippets, 1)


@pytest.mark.build
def test_a_snippet_needing_a_gpu_fails_a_build_without_one_with_one_line(tmp_path, monkeypatch):
    if gpu_available():
        pytest.skip("this machine has a GPU")
    site = site_of(tmp_path, monkeypatch, names="g", include=" device=cuda")
    assert plan.make(Project.at(site.root), 2).to_json()["matrix"]["include"] == [
        {"shard": "2/2", "device": "cuda", "runs-on": "gpu", "snippets": 1, "seconds": 1.0}
    ]
    line = (
        "snippets/g.py: not run: its include says device=cuda and this machine has no GPU; "
        "its results come from a GPU runner (runs plan puts it in a shard of its own)"
    )
    built = site.build()
    assert built.code == 1 and built.log.count(line) == 1, built.log
    assert line in built.page("en").text  # the page (as serve shows it), with that line
