"""How a snippet gets its model: hub, offline (the stand-in under the real id), auto."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kit.hub_mirror import COMMIT, HubMirror

from hf_model_guide.model import source as model_source

ARTICLE = ["I've been waiting for a HuggingFace course my whole life.", "I hate this so much!"]
CLOSED_PORT = "http://127.0.0.1:9"


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter, as a snippet would, with only ``env`` changed."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, "HF_HUB_DISABLE_TELEMETRY": "1", **env},
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def user_home(tmp_path, monkeypatch):
    """A user whose own Hugging Face cache is empty and must stay so."""
    home = tmp_path / "hf-home"
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv(model_source.MODE_ENV, raising=False)
    return home


@pytest.mark.build
def test_offline_serves_the_stand_in_under_both_real_ids(standin_folder, user_home):
    source = model_source.resolve("offline")
    assert source.kind == "standin" and source.fingerprint.startswith("standin-")
    assert source.card_path == standin_folder / "README.md"
    result = run(
        f"""
        from transformers import pipeline
        from huggingface_hub import snapshot_download
        for name in {model_source.SERVED_IDS!r}:
            out = pipeline("sentiment-analysis", model=name)({ARTICLE!r})
            print([o["label"] for o in out])
        print(snapshot_download({model_source.CHECKPOINT!r}))
        """,
        source.env,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["['POSITIVE', 'NEGATIVE']"] * 2
    assert Path(lines[2]).is_relative_to(source.env["HF_HUB_CACHE"])
    # The user's own cache was never written.
    assert not user_home.exists() or not any((user_home / "hub").glob("models--*"))


def test_offline_serves_the_stand_ins_body_before_fine_tuning_as_the_pretrained_body(
    standin_folder, user_home
):
    source = model_source.resolve("offline")
    result = run(
        f"""
        from pathlib import Path
        from huggingface_hub import snapshot_download
        for name in {model_source.PRETRAINED_IDS!r}:
            print(sorted(p.name for p in Path(snapshot_download(name)).iterdir()))
        print(sorted(p.name for p in Path(snapshot_download({model_source.CHECKPOINT!r})).iterdir()))
        """,
        source.env,
    )
    assert result.returncode == 0, result.stderr
    body, body_legacy, checkpoint = result.stdout.splitlines()
    pretrained = sorted(p.name for p in (standin_folder / "pretrained").iterdir())
    assert body == body_legacy == str(pretrained)
    assert "pretrained" not in checkpoint  # served under its own ids, not in the checkpoint


@pytest.mark.build
def test_auto_falls_back_to_the_stand_in_when_the_hub_is_unreachable(
    standin_folder, user_home, monkeypatch
):
    monkeypatch.setenv("HF_ENDPOINT", CLOSED_PORT)
    assert model_source.resolve().kind == "standin"
    monkeypatch.setenv(model_source.MODE_ENV, "auto")
    assert model_source.resolve().kind == "standin"


def test_hub_mode_unreachable_is_one_clear_line(user_home):
    result = run(
        "import sys; from hf_model_guide.__main__ import main; sys.exit(main(['source', '--mode', 'hub']))",
        {"HF_ENDPOINT": CLOSED_PORT},
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cannot reach the Hugging Face Hub" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_mode_is_refused(monkeypatch):
    monkeypatch.setenv(model_source.MODE_ENV, "sideways")
    with pytest.raises(model_source.ModelSourceError, match="expected one of hub, offline, auto"):
        model_source.resolve()


@pytest.mark.build
def test_hub_mode_downloads_caches_and_reloads_offline(standin_folder, user_home, monkeypatch):
    # The Hub path for real, against a local server that answers as the Hub does.
    with HubMirror(model_source.CHECKPOINT, standin_folder) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        hub_source = model_source.resolve("hub")
        assert hub_source.kind == "hub" and hub_source.revision == COMMIT
        assert hub_source.fingerprint == f"hub-{COMMIT}"  # a new revision reruns the snippets
        assert model_source.resolve("auto").kind == "hub"  # the Hub answers
        download = run(
            f"""
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
            tok = AutoTokenizer.from_pretrained({model_source.CHECKPOINT!r})
            model = AutoModelForSequenceClassification.from_pretrained({model_source.CHECKPOINT!r})
            print(model.config.id2label[int(model(**tok({ARTICLE[1]!r}, return_tensors="pt")).logits.argmax())])
            """,
            {"HF_ENDPOINT": hub.url},
        )
        assert download.returncode == 0, download.stderr
        assert download.stdout.split() == ["NEGATIVE"]
        assert any(r.startswith("GET ") and r.endswith("/model.safetensors") for r in hub.requests)
    # Downloaded into the user's normal cache (hub mode is the normal Hugging Face path) ...
    assert model_source.checkpoint_cached()
    # ... and loads again from it with the Hub gone and HF_HUB_OFFLINE=1.
    again = run(
        f"""
        from transformers import pipeline
        print(pipeline("sentiment-analysis", model={model_source.CHECKPOINT!r})({ARTICLE[0]!r})[0]["label"])
        """,
        {"HF_ENDPOINT": CLOSED_PORT, "HF_HUB_OFFLINE": "1"},
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.split() == ["POSITIVE"]
    # With the checkpoint cached, auto picks the Hub even though the Hub is unreachable.
    monkeypatch.setenv("HF_ENDPOINT", CLOSED_PORT)
    assert model_source.resolve("auto").kind == "hub"
    assert model_source.resolve("auto").revision == COMMIT  # the cached one
