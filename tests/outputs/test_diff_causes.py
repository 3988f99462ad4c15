"""`outputs diff` says, beside each changed output, what changed in what made it: the run
key's inputs the manifests keep (engine.reasons' vocabulary)."""

from __future__ import annotations

import copy
import json

from test_manifest import diff

from hf_model_guide.engine.cache import run_inputs
from hf_model_guide.outputs.diff import SAME_INPUTS, compare

VERSIONS = {"python": "3.11.7", "torch": "2.13.0", "transformers": "5.24.0"}


def manifest(stdout: str, **inputs) -> dict:
    made = run_inputs(
        inputs.get("text", "print(probs)\n"),
        inputs.get("imports", {"snippets/x/helpers.py": "def f(): ...\n"}),
        {},
        inputs.get("versions", VERSIONS),
        "standin-3fe0753c17fb",
    )
    return {
        "manifest": 1,
        "built": "2026-12-01",
        "environment": {"python": "3.11.7", "packages": {}, "model": {}},
        "pages": {"docs/a.md": {"snippets": ["snippets/x/a.py"], "values": []}},
        "snippets": {
            "snippets/x/a.py": {
                "ok": True,
                "error": None,
                "stdout": stdout,
                "stderr": "",
                "sections": {},
                "values": {},
                "rich": [],
                "inputs": made.to_json(),
            }
        },
    }


def test_a_new_library_version_is_named_beside_the_changed_output(tmp_path):
    old = manifest("positive 0.98\n")
    new = manifest("negative 0.61\n", versions={**VERSIONS, "transformers": "5.25.0"})
    files = []
    for name, data in (("old.json", old), ("new.json", new)):
        files.append(tmp_path / name)
        files[-1].write_text(json.dumps(data), encoding="utf-8")
    done = diff(*files)  # the command the pull-request workflow writes into its summary
    assert done.returncode == 1, done.stderr
    section = done.stdout.split("### `snippets/x/a.py`", 1)[1]
    assert section.lstrip().startswith("Why: transformers 5.24.0 → 5.25.0.")
    assert "- `docs/a.md`: `snippets/x/a.py` changed (transformers 5.24.0 → 5.25.0)" in done.stdout


def test_code_and_a_helper_module_are_named():
    old = manifest("1\n")
    new = manifest("2\n", text="print(probs * 2)\n", imports={"snippets/x/helpers.py": "g = 1\n"})
    assert (
        "Why: code changed; helper module snippets/x/helpers.py changed." in compare(old, new).text
    )


def test_the_same_inputs_with_another_output_say_so_and_unchanged_outputs_say_nothing():
    old = manifest("0.1\n")
    assert SAME_INPUTS in compare(old, manifest("0.7\n")).text
    moved = manifest("0.1\n", versions={**VERSIONS, "torch": "2.14.0"})
    assert compare(old, moved).text.count("Why") == 0  # inputs alone are not an output change


def test_a_manifest_without_inputs_gives_no_cause():
    old = manifest("1\n")
    older = copy.deepcopy(old)
    del older["snippets"]["snippets/x/a.py"]["inputs"]  # written before inputs were kept
    report = compare(older, manifest("2\n", text="print(3)\n")).text
    assert "Why" not in report and "### `snippets/x/a.py`" in report
