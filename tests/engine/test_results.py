"""The typed run entry: one JSON form, read back equal; the cache treats what it cannot read as a miss."""

from __future__ import annotations

import dataclasses
import json

from hf_model_guide.engine import (
    Chunk,
    Evaluated,
    Outcome,
    RunError,
    RunResult,
    RunSource,
    ValueKey,
)
from hf_model_guide.engine.cache import RunCache

RESULT = RunResult(
    ok=True,
    key="abc",
    path="snippets/s.py",
    chunks=(Chunk(1, (), "hi\n", "", "hi\n"), Chunk(3, ("main",), "", "warn\n", "warn\n")),
    values={
        ValueKey("x", ".2f"): Evaluated(True, value="1.00"),
        ValueKey("y"): Evaluated(False, error="NameError: name 'y' is not defined"),
    },
    seconds=0.1,
    uses_model=True,
    source=RunSource("standin", "fp", "card.md"),
    versions={"python": "3.11", "torch": None},
)


def test_a_result_survives_its_json_form_unchanged():
    assert RunResult.from_json(json.loads(json.dumps(RESULT.to_json()))) == RESULT
    assert RESULT.standin and RESULT.printed("all") == "hi\nwarn\n"
    assert RESULT.has_values({ValueKey("x", ".2f")}) and not RESULT.has_values({ValueKey("x")})


def test_a_failed_outcome_carries_its_message_as_traceback_too():
    died = Outcome.from_json(
        json.loads(json.dumps(Outcome.failed("s.py: died", type="X").to_json()))
    )
    assert died == Outcome(ok=False, error=RunError("s.py: died", None, "X", "s.py: died"))


def test_the_cache_stores_and_reads_a_result_and_ignores_files_it_cannot_read(tmp_path):
    RunCache(tmp_path).put(RESULT)
    stored = RunCache(tmp_path).get("abc")
    assert stored == dataclasses.replace(  # all but the failed expression (issue 13, point 2)
        RESULT, values={k: v for k, v in RESULT.values.items() if v.ok}
    )
    (tmp_path / "runs" / "old.json").write_text('{"key": "old", "ok": true, "exprs": {}}')
    (tmp_path / "runs" / "bad.json").write_text("[1, 2]")
    assert RunCache(tmp_path).get("old") is None and RunCache(tmp_path).get("bad") is None
