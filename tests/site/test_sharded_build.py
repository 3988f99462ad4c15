"""Acceptance (issue 35): the session's site is built from the union of shards' runs.

``kit/site_build.py`` runs the real site's snippets as three shards, in processes of their own
with cache folders of their own, merges them, and builds with ``RUN_SNIPPETS=cached-only``;
the test below builds the site again as one machine does, one process from an empty run
cache, and the two ``outputs.json`` must be equal (tests/machines compares the site with one
built as another machine, at the precision shown).
"""

from __future__ import annotations

import json
import re

import pytest
from kit import perturbed
from kit.site_build import SHARDS, build_site

pytestmark = pytest.mark.build


def test_the_shards_ran_every_planned_snippet_once_and_the_build_ran_none(built_site):
    log = built_site.runs_log
    assert re.search(r"snippets: 0 executed, \d+ from cache, 0 failed", built_site.log)
    if log.startswith("runs plan: 0 snippets to run"):  # CI's fresh machine runs them all
        pytest.skip("the project's run cache held every run: no shard had anything to run")
    shards = re.findall(r"^shard (\d+)/(\d+): (\d+) of the (\d+) snippets to run$", log, re.M)
    assert [(int(i), int(n)) for i, n, _, _ in shards] == [
        (i, SHARDS) for i in range(1, SHARDS + 1)
    ], log
    planned = {int(total) for _, _, _, total in shards}
    assert planned == {int(log.split()[2])}, log  # every shard made the plan made first
    executed = [
        int(n)
        for n in re.findall(r"^snippets: (\d+) executed, \d+ from cache, 0 failed", log, re.M)
    ]
    assert len(executed) == SHARDS, log
    assert executed == [int(mine) for _, _, mine, _ in shards], log
    assert sum(executed) == planned.pop(), log  # each in exactly one shard
    assert re.search(r"^runs merge: \d+ runs from 3 shard folder", log, re.M), log


def test_the_union_of_the_shards_builds_the_site_one_machine_builds(
    built_site, standin_folder, tmp_path
):
    """The same machine, so the same runs to the bit: the shards' union must give the
    ``outputs.json`` a build that runs every snippet itself gives (the date apart)."""
    union = json.loads((built_site.path / "outputs.json").read_text(encoding="utf-8"))
    if union["environment"]["model"]["source"] != "standin":
        pytest.skip("the session's site was built with the real checkpoint, not the stand-in")
    env = perturbed.empty_cache_environ(tmp_path / "cache", standin_folder)
    done = build_site(tmp_path / "site", env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "snippets: 0 executed" not in done.stdout  # it ran them itself, from nothing
    alone = json.loads((tmp_path / "site" / "outputs.json").read_text(encoding="utf-8"))
    union.pop("built"), alone.pop("built")
    assert union == alone
