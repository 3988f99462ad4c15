"""Acceptance (issue 31): the perturbed-weights build fails on a snippet that shows rounding
noise, and names where: the snippet's line that printed it and the page's line that quotes it.
A digit a reader sees that moves when every weight moves by a relative 1e-6 is one a reader on
another processor would see otherwise (tests/kit/perturbed.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kit import perturbed
from kit.throwaway_site import Site

from hf_model_guide import __main__ as cli

pytestmark = pytest.mark.build

SNIPPET = """\
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english")
inputs = AutoTokenizer.from_pretrained("distilbert-base-uncased-finetuned-sst-2-english")("I hate this!", return_tensors="pt")
# --8<-- [start:noise]
with torch.no_grad():
    logit = model(**inputs).logits[0, 0].item()
    total = model.distilbert(**inputs).last_hidden_state.sum().item()
print(f"NEGATIVE logit: {logit:.2f}")
print(f"the hidden states' sum, to the last bit: {total:.12f}")
# --8<-- [end:noise]
"""
PAGE = """\
# Noise {{ #noise }}

{{* snippets/noise.py *}}

{text} {{= snippets/noise.py | logit | .2f =}}, {{= snippets/noise.py | total | .12f =}}.
"""


def test_a_snippet_showing_rounding_noise_fails_the_perturbed_build_by_path_and_line(
    tmp_path, standin_folder, capsys
):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.set_option("model_source", "offline")
    site.write("snippets/noise.py", SNIPPET)
    site.write("docs/index.md", PAGE.format(text="它是"))
    site.write("docs/index.en.md", PAGE.format(text="It is"))
    site.write("docs/standin.md", "# 替身 { #standin }\n")  # the pages link the stand-in's card
    site.write("docs/standin.en.md", "# Stand-in { #standin }\n")
    # The two builds side by side (one in a process of its own), each with its own run cache:
    # on two cores that halves the test's wall time.
    normal_env = perturbed.empty_cache_environ(tmp_path / "normal", standin_folder)
    normal_site = tmp_path / "normal" / "site"
    with subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(normal_site)],
        cwd=site.root,
        env=site.environ(normal_env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as normal:
        shaken = site.build(env=perturbed.environ(tmp_path / "cache", standin_folder))
        normal_log = normal.communicate(timeout=300)[0]
    assert normal.returncode == 0, normal_log
    assert shaken.code == 0, shaken.log
    before = json.loads((normal_site / "outputs.json").read_text(encoding="utf-8"))
    after = json.loads((shaken.site / "outputs.json").read_text(encoding="utf-8"))

    assert perturbed.moved(before, after, site.root) == [
        "snippets/noise.py:7: its printed digits move",  # the piece that printed it
        *(
            f"docs/{page}:5: {{= snippets/noise.py | total | .12f =}} moves: "
            f"{before['snippets']['snippets/noise.py']['values']['total | .12f']!r} -> "
            f"{after['snippets']['snippets/noise.py']['values']['total | .12f']!r}"
            for page in ("index.en.md", "index.md")
        ),
    ]
    assert cli.main(["outputs", "diff", str(normal_site), str(shaken.site)]) == 1
    report = capsys.readouterr().out
    assert "| `total \\| .12f` |" in report and "| `logit \\| .2f` |" not in report
    assert "Printed output (at `snippets/noise.py:7`)" in report


def test_perturbed_runs_have_run_keys_of_their_own(monkeypatch):
    """They never mix with the site's runs in one cache (nor a perturbed worker with a normal
    one: the variable is part of the model source's environment, which a worker must match)."""
    from hf_model_guide.engine.cache import run_key
    from hf_model_guide.model import source

    plain = source.ModelSource(kind="standin", fingerprint="standin-1", env={"HF_HUB_OFFLINE": "1"})
    monkeypatch.setattr(source, "_resolve", lambda mode: plain)
    monkeypatch.setenv(source.PERTURB_ENV, "1e-6")
    shaken = source.resolve("offline")
    assert shaken.fingerprint == "standin-1~perturbed-1e-06:0"
    assert shaken.env == {"HF_HUB_OFFLINE": "1", source.PERTURB_ENV: "1e-06:0"}
    keys = {run_key("a.py", "print(1)", {}, {}, made.fingerprint) for made in (plain, shaken)}
    assert len(keys) == 2
    monkeypatch.setenv(source.PERTURB_ENV, "2")
    with pytest.raises(source.ModelSourceError, match="a scale below 1"):
        source.resolve("offline")


def test_the_perturbation_is_seeded_by_name_and_relative():
    import torch

    from hf_model_guide.engine.sandbox import perturb

    assert perturb.PERTURB_ENV == perturbed.PERTURB_ENV  # the worker reads what the build sets

    def model() -> torch.nn.Module:
        torch.manual_seed(0)
        made = torch.nn.Sequential(torch.nn.Embedding(50, 8), torch.nn.Linear(8, 50))
        made[1].weight = made[0].weight  # tied, as a language model's head is
        return made

    first, second, plain = model(), model(), model()
    perturb.perturb(first, 1e-6, 0)
    torch.rand(3)  # a snippet's own random draws do not change the noise
    perturb.perturb(second, 1e-6, 0)
    for a, b, c in zip(first.parameters(), second.parameters(), plain.parameters(), strict=True):
        assert torch.equal(a, b) and not torch.equal(a, c)
        relative = ((a.double() - c.double()) / c.double()).abs().max().item()
        assert 1e-7 < relative < 1e-5  # about 1e-6 * the largest of 400 normal draws
