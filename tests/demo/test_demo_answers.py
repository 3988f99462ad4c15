"""The demo's answers the article shows when the Space does not answer: snippets/demo/answers.py,
run by the snippet engine, gives what the demo's own ``classify`` gives for the demo's own
examples. No network: the stand-in model, on 127.0.0.1 nothing."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys

import pytest
from kit.root import ROOT

from hf_model_guide.engine import Engine, resolve_model_source

pytestmark = pytest.mark.build

SNIPPET = "snippets/demo/answers.py"
# What the demo app answers when called directly, in a process of its own: the launcher's
# model resolution (the stand-in), app.py imported as the launcher imports it.
DIRECT = """
import json, sys
from hf_model_guide.demo.__main__ import load_app, prepare_environment
prepare_environment("offline")
app = load_app()
print(json.dumps([[s, app.classify(s)] for s in json.loads(sys.argv[1])]))
"""


def app_examples() -> list[str]:
    """The examples app.py gives its interface, read from the file, not from Gradio."""
    tree = ast.parse((ROOT / "snippets" / "demo" / "app.py").read_text(encoding="utf-8"))
    found = [
        ast.literal_eval(keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "examples"
    ]
    assert len(found) == 1
    return found[0]


def test_the_snippet_calls_the_demos_own_classify():
    tree = ast.parse((ROOT / SNIPPET).read_text(encoding="utf-8"))
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)]
    assert [(i.module, sorted(a.name for a in i.names)) for i in imports] == [
        ("app", ["classify", "demo"])
    ]
    assert "def " not in ast.unparse(tree), "the snippet computes nothing of its own"


def page_values() -> str:
    """The article's values of the snippet, as the page writes them (the same expressions and
    formats, so the run the session's site build cached answers them)."""
    text = (ROOT / "docs" / "article.en.md").read_text(encoding="utf-8")
    found = re.findall(r"\{= " + re.escape(SNIPPET) + r" \|[^\n]*?=\}", text)
    assert found, f"docs/article.en.md shows no value of {SNIPPET}"
    return "\n\n".join(found) + "\n"


def test_the_engine_run_gives_the_demos_own_answers():
    # The project's run cache: the session's site build has run the snippet for these values
    # already (the key covers the snippet, app.py and the model), so this reads that run.
    engine = Engine(ROOT, source=resolve_model_source("offline"))
    try:
        engine.begin_build()
        engine.prepare({"answers.md": page_values()})
        assert engine.take_problems() == []
        result = engine.results[SNIPPET]
        assert result.ok and result.standin  # labelled as the stand-in's, like any output
        shown = {key.expr: found for key, found in result.values.items()}
    finally:
        engine.close()
    ran = [
        {
            "sentence": shown[f'answers[{n}]["sentence"]'].value,
            "label": shown[f'answers[{n}]["label"]'].value,
            "probability": float(shown[f'answers[{n}]["probability"]'].exact or "nan"),
        }
        for n in range(len(app_examples()))
    ]

    done = subprocess.run(
        [sys.executable, "-c", DIRECT, json.dumps(app_examples())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    assert done.returncode == 0, done.stderr
    direct = json.loads(done.stdout.strip().splitlines()[-1])

    assert [a["sentence"] for a in ran] == app_examples()
    assert len(ran) >= 2
    for answer, (_, scores) in zip(ran, direct, strict=True):
        best = max(scores, key=scores.get)
        assert answer["label"] == best
        assert answer["probability"] == pytest.approx(scores[best], abs=1e-6)
    # What the snippet printed, one line an example, is what the page's table holds.
    printed = result.printed("out").splitlines()
    assert [line.split()[:2] for line in printed] == [
        [a["label"], f"{a['probability']:.4f}"] for a in ran
    ]
