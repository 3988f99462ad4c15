"""Why a snippet runs again: the pieces of two run keys compared (engine.reasons), and the
records of last runs the comparison reads (engine.last_runs)."""

from __future__ import annotations

import json

from hf_model_guide.engine.last_runs import LastRuns
from hf_model_guide.engine.reasons import LastRun, RunInputs, Why, changes, explain
from hf_model_guide.engine.results import ValueKey

PYTHON = "3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]"
VERSIONS = {"python": PYTHON, "torch": "2.13.0", "transformers": "5.24.0", "pandas": None}


def inputs(
    text: str = "print(1)\n",
    imports: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    versions: dict[str, str | None] | None = None,
    model: str = "standin-3fe0753c17fb",
    engine: int = 4,
) -> RunInputs:
    return RunInputs.of(
        text,
        {"snippets/x/helpers.py": "def f(): ...\n"} if imports is None else imports,
        {"snippets/x/data.json": "ab" * 32} if data is None else data,
        VERSIONS if versions is None else versions,
        model,
        engine=engine,
    )


def test_the_same_inputs_change_nothing_and_files_are_kept_by_hash():
    same = inputs()
    assert changes(same, inputs()) == []
    assert "def f" not in json.dumps(same.to_json())  # a module by its SHA-256, not its text
    assert RunInputs.from_json(json.loads(json.dumps(same.to_json()))) == same


def test_each_piece_is_named_in_the_fixed_vocabulary():
    before = inputs()
    after = inputs(
        text="print(2)\n",
        imports={"snippets/x/helpers.py": "def f(): return 1\n", "snippets/x/more.py": ""},
        data={"snippets/x/other.csv": "cd" * 32},
        versions={**VERSIONS, "transformers": "5.25.0", "pandas": "3.1.1"},
        model="hub-714eb0fa89d2f80546fda750413ed43d93601a13",
        engine=5,
    )
    assert changes(before, after) == [
        Why.CODE,
        "helper module snippets/x/helpers.py changed",
        "helper module snippets/x/more.py added",
        "data file snippets/x/data.json no longer declared",
        "data file snippets/x/other.csv added",
        "pandas not installed → 3.1.1",
        "transformers 5.24.0 → 5.25.0",
        "model changed: stand-in standin-3fe0753c17fb → Hub revision 714eb0fa89d2",
        "engine changed: version 4 → 5",
    ]


def test_python_reads_as_its_number_unless_only_the_build_differs():
    newer = {**VERSIONS, "python": PYTHON.replace("3.11.7", "3.11.9")}
    assert changes(inputs(), inputs(versions=newer)) == ["python 3.11.7 → 3.11.9"]
    rebuilt = {**VERSIONS, "python": PYTHON.replace("GCC 12.2.0", "GCC 14.1.0")}
    assert changes(inputs(), inputs(versions=rebuilt)) == [f"python {PYTHON} → {rebuilt['python']}"]


def test_explain_tells_new_failed_cleared_and_missing_values_apart():
    now = inputs()
    assert explain(None, now) == [Why.NEW]
    assert explain(LastRun(now, ok=True), now) == [Why.CLEARED]
    assert explain(LastRun(now, ok=False), now) == [Why.FAILED]
    assert explain(LastRun(inputs(text="x = 1\n")), now) == [Why.CODE]
    missing = [ValueKey("probs[0]", ".4f"), ValueKey("len(words)")]
    assert explain(LastRun(now), now, missing) == [
        "a page quotes a value not computed before: {= len(words) =}, {= probs[0] | .4f =}"
    ]


def test_last_runs_remember_a_run_its_failure_and_write_nothing_when_nothing_changed(tmp_path):
    folder = tmp_path / "last-runs"
    runs = LastRuns(folder)
    first = inputs()
    runs.runs("snippets/a.py", "key-1", first)
    assert runs.take_reasons() == [("snippets/a.py", [Why.NEW])] and runs.take_reasons() == []

    runs.failed("snippets/a.py", "key-1")
    again = LastRuns(folder)  # the next build
    again.runs("snippets/a.py", "key-1", first)
    assert again.take_reasons() == [("snippets/a.py", [Why.FAILED])]

    (record,) = folder.glob("*.json")
    written = record.stat().st_mtime_ns
    again.remember("snippets/a.py", "key-1", first)  # a cached run shown: the same key
    assert record.stat().st_mtime_ns == written

    edited = inputs(text="print(3)\n")
    LastRuns(folder).remember("snippets/a.py", "key-2", edited)  # shown from the cache
    later = LastRuns(folder)
    later.runs("snippets/a.py", "key-3", inputs(text="print(4)\n"))
    assert later.take_reasons() == [("snippets/a.py", [Why.CODE])]
    assert json.loads(record.read_text(encoding="utf-8"))["key"] == "key-3"


def test_a_broken_or_foreign_record_counts_as_none(tmp_path):
    runs = LastRuns(tmp_path)
    runs.runs("snippets/a.py", "k", inputs())
    (record,) = tmp_path.glob("*.json")
    record.write_text("{not json", encoding="utf-8")
    runs.runs("snippets/a.py", "k", inputs())
    record.write_text(json.dumps({"path": "snippets/a.py", "inputs": {}}), encoding="utf-8")
    runs.runs("snippets/a.py", "k", inputs())
    assert [why for _, why in runs.take_reasons()] == [[Why.NEW]] * 3
