"""`outputs diff` on what issue 31 found: the agreement check's values (on no page, printed to
the last bit) compared at the check's tolerance, a perturbed build said but not counted, and a
changed printed output named by the snippet's line that printed it."""

from __future__ import annotations

import copy

from hf_model_guide.outputs.diff import compare, moved_lines

LOGITS = "outputs.logits.tolist()"


def manifest() -> dict:
    return {
        "manifest": 1,
        "built": "2026-12-06",
        "environment": {"model": {"source": "standin", "fingerprint": "standin-1"}},
        "pages": {"docs/a.md": {"snippets": ["snippets/a.py"], "values": []}},
        "snippets": {
            "snippets/a.py": {
                "ok": True,
                "error": None,
                "stdout": "logits\ntensor([2.8061])\n",
                "stderr": "",
                "sections": {},
                "values": {LOGITS: "[[-2.0351836681365967, 2.24700927734375]]"},
                "tolerance": {LOGITS: 1e-3},
                "printed_from": [[3, 0], [7, 7]],
                "rich": [],
            }
        },
    }


def test_an_agreement_value_is_compared_at_the_checks_tolerance():
    old, new = manifest(), manifest()
    new["snippets"]["snippets/a.py"]["values"][LOGITS] = (
        "[[-2.0351834297180176, 2.247009038925171]]"
    )
    assert not compare(old, new).changed  # moved by 3e-7, as a perturbed build moves it
    new["snippets"]["snippets/a.py"]["values"][LOGITS] = (
        "[[-2.0371834297180176, 2.247009038925171]]"
    )
    report = compare(old, new)
    assert report.changed  # 2e-3: beyond the check's tolerance, and the report says which
    assert "`outputs.logits.tolist()` (on no page; compared within 0.001) |" in report.text


def test_a_perturbed_build_is_said_not_counted():
    old, new = manifest(), manifest()
    new["environment"]["model"]["perturbed"] = "1e-06:0"
    report = compare(old, new)
    assert not report.changed and "Weights perturbed after (1e-06:0" in report.text


def test_a_changed_output_names_the_line_that_printed_it():
    old, new = manifest(), copy.deepcopy(manifest())
    new["snippets"]["snippets/a.py"]["stdout"] = "logits\ntensor([2.8071])\n"
    assert moved_lines(old["snippets"]["snippets/a.py"], new["snippets"]["snippets/a.py"]) == [7]
    assert "Printed output (at `snippets/a.py:7`)" in compare(old, new).text
