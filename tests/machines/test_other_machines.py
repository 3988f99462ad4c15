"""Acceptance (issue 23): the same result on every machine.

This machine plays two others: one with a single core, and one whose processor has AVX2 but not
AVX-512 (PyTorch, MKL, oneDNN and glibc are told to use its code paths) with four threads
(benchmarks/reproducibility.py has more, and the figures). The stand-in built as one of them has the same fingerprint (a hash of
its files, weights included) as the session's; the whole site built as the other, from that
stand-in and an empty run cache, writes the same output manifest, every printed digit and
every figure's hash included. Without the fixed kernels (hf_model_guide.kernels) both fail:
the weights differ by up to 1.5e-3.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kit.machines import AVX2_FOUR_THREADS, ONE_CORE
from kit.site_build import build_site

pytestmark = pytest.mark.build


def session_manifest(built_site) -> dict:
    manifest = json.loads((built_site.path / "outputs.json").read_text(encoding="utf-8"))
    if manifest["environment"]["model"]["source"] != "standin":
        pytest.skip("the session's site was built with the real checkpoint, not the stand-in")
    return manifest


@pytest.fixture(scope="module")
def other_cache(tmp_path_factory):
    """A cache holding only a stand-in built as the one-core machine."""
    cache = tmp_path_factory.mktemp("other-machine") / "cache"
    command = [sys.executable, "-m", "hf_model_guide", "standin"]
    if shutil.which("taskset"):
        command = ["taskset", "--cpu-list", "0", *command]
    done = subprocess.run(
        command,
        env={**os.environ, **ONE_CORE, "HF_MODEL_GUIDE_CACHE": str(cache)},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return cache, done.stdout.strip().splitlines()[-1]


def test_the_stand_in_built_on_one_core_has_the_same_files(built_site, other_cache):
    from hf_model_guide.model.standin.build import fingerprint

    manifest = session_manifest(built_site)
    _, folder = other_cache
    assert fingerprint(Path(folder)) == manifest["environment"]["model"]["fingerprint"]


def test_the_site_built_as_an_avx2_four_thread_machine_shows_the_same_outputs(
    built_site, other_cache, tmp_path
):
    manifest = session_manifest(built_site)
    cache, _ = other_cache
    done = build_site(
        tmp_path / "site",
        env={
            **AVX2_FOUR_THREADS,
            "HF_MODEL_GUIDE_CACHE": str(cache),
            "HF_MODEL_GUIDE_MODEL_SOURCE": "offline",
        },
    )
    assert done.returncode == 0, done.stdout[-3000:]
    other = json.loads((tmp_path / "site" / "outputs.json").read_text(encoding="utf-8"))
    assert "snippets: 0 executed" not in done.stdout  # it ran them itself, from nothing
    other.pop("built"), manifest.pop("built")
    assert other == manifest
