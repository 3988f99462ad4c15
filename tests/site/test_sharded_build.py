"""Acceptance (issue 35): the session's site is built from the union of shards' runs.

``kit/site_build.py`` runs the real site's snippets as three shards, in processes of their own
with cache folders of their own, merges them, and builds with ``RUN_SNIPPETS=cached-only``;
tests/machines compares that site's ``outputs.json`` with the one a single machine builds
from an empty run cache.
"""

from __future__ import annotations

import re

import pytest
from kit.site_build import SHARDS

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
