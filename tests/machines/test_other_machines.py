"""Acceptance (issue 23): the same result on every machine.

This machine plays others: one with a single core, and one whose processor has AVX2 but not
AVX-512 (PyTorch, MKL, oneDNN and glibc are told to use its code paths) with four threads.
The stand-in's fine-tuning, run as each of them on a slice of its training data, gives the
same weights to the bit; the whole site built as the AVX2 machine from an empty run cache
writes the same output manifest as the session's, every printed digit and every figure's hash
included. Without the fixed kernels (hf_model_guide.kernels) both fail: the weights differ.

The whole stand-in built from nothing as each machine (a minute each) is
benchmarks/reproducibility.py's job; its figures are in benchmarks/README.md.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from kit.machines import AVX2_FOUR_THREADS, ONE_CORE
from kit.site_build import build_site

from hf_model_guide.kernels import reproducible_environ
from hf_model_guide.paths import CACHE_ENV

pytestmark = pytest.mark.build

SLICE = Path(__file__).with_name("fine_tune_slice.py")
EXAMPLES = 128  # four batches: enough for AVX-512 and AVX2 kernels to give other weights


def session_manifest(built_site) -> dict:
    manifest = json.loads((built_site.path / "outputs.json").read_text(encoding="utf-8"))
    if manifest["environment"]["model"]["source"] != "standin":
        pytest.skip("the session's site was built with the real checkpoint, not the stand-in")
    return manifest


def fine_tuned_as(machine: dict[str, str], standin: Path, one_core: bool = False) -> str:
    """The hash of the weights the stand-in's training gives as ``machine``, with the fixed
    kernels the build gives it (build.build_reproducibly)."""
    command = [sys.executable, str(SLICE), str(standin), str(EXAMPLES)]
    if one_core and shutil.which("taskset"):
        command = ["taskset", "--cpu-list", "0", *command]
    done = subprocess.run(
        command,
        env=reproducible_environ({**os.environ, **machine}),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.split()[0]


def test_the_stand_ins_training_gives_the_same_weights_on_one_core_and_on_avx2(standin_folder):
    with ThreadPoolExecutor(max_workers=3) as pool:  # each run is one thread: share the cores
        runs = [
            pool.submit(fine_tuned_as, {}, standin_folder),
            pool.submit(fine_tuned_as, ONE_CORE, standin_folder, one_core=True),
            pool.submit(fine_tuned_as, AVX2_FOUR_THREADS, standin_folder),
        ]
        here, one_core, avx2 = (run.result() for run in runs)
    assert one_core == here
    assert avx2 == here


def test_the_site_built_as_an_avx2_four_thread_machine_shows_the_same_outputs(
    built_site, standin_folder, tmp_path
):
    manifest = session_manifest(built_site)
    # The session's stand-in, but no run cache: every snippet runs again, as the other machine.
    cache = tmp_path / "cache"
    (cache / "standin").mkdir(parents=True)
    (cache / "standin" / standin_folder.name).symlink_to(standin_folder)
    done = build_site(
        tmp_path / "site",
        env={
            **AVX2_FOUR_THREADS,
            CACHE_ENV: str(cache),
            "HF_MODEL_GUIDE_MODEL_SOURCE": "offline",
        },
    )
    assert done.returncode == 0, done.stdout[-3000:]
    other = json.loads((tmp_path / "site" / "outputs.json").read_text(encoding="utf-8"))
    assert "snippets: 0 executed" not in done.stdout  # it ran them itself, from nothing
    other.pop("built"), manifest.pop("built")
    assert other == manifest
