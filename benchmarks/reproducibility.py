"""The stand-in built as other machines would build it: same weights? how long? Not a test.

    python benchmarks/reproducibility.py [--unfixed] [--only NAME]

Each *machine* below is this machine told to act like another x86-64 processor: PyTorch's
ATen kernels for another instruction set (``ATEN_CPU_CAPABILITY``), MKL's and oneDNN's code
paths for one (``MKL_ENABLE_INSTRUCTIONS``, ``ONEDNN_MAX_CPU_ISA``), glibc's own choices
(``GLIBC_TUNABLES``), other thread counts, and one core (``taskset``). Each
builds the stand-in from nothing (``python -m hf_model_guide standin`` into a fresh cache)
and the table gives its wall and CPU time, its fingerprint and the largest difference of its
weights from the first machine's.

``--unfixed`` builds the same way with the kernels left to the machine (what the project did
before ``hf_model_guide.kernels``): the weights then differ, which is why the fix is there.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from kit.machines import AVX2_FOUR_THREADS, NO_AVX2, ONE_CORE  # the tests' machines

# name -> (environment, cores to run on (None: all))
MACHINES: dict[str, tuple[dict[str, str], int | None]] = {
    "this machine": ({}, None),
    "AVX2 without AVX-512, 4 threads": (AVX2_FOUR_THREADS, None),
    "one core, 1 thread": (ONE_CORE, 1),
    # Below the AVX2 the fixed kernels need: expected to differ (kernels.py says why).
    "no AVX2 (2011's processors)": (NO_AVX2, None),
}


def build(name: str, cache: Path, unfixed: bool) -> tuple[float, float, Path]:
    env, cores = MACHINES[name]
    environ = {**os.environ, **env, "HF_MODEL_GUIDE_CACHE": str(cache), "HF_HUB_OFFLINE": "1"}
    if unfixed:
        folder = cache / "unfixed"
        command = [
            sys.executable,
            "-m",
            "hf_model_guide.model.standin",
            "--any-kernels",
            str(folder),
        ]
    else:
        command = [sys.executable, "-m", "hf_model_guide", "standin"]
    if cores:
        command = ["taskset", "--cpu-list", ",".join(map(str, range(cores))), *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode:
        sys.exit(f"{name}: build failed:\n{done.stdout}{done.stderr}")
    if unfixed:
        return wall, cpu, folder
    return wall, cpu, Path(done.stdout.strip().splitlines()[-1])


def max_difference(a: Path, b: Path) -> float:
    from safetensors.torch import load_file

    first, second = load_file(a / "model.safetensors"), load_file(b / "model.safetensors")
    return max(float((first[k].double() - second[k].double()).abs().max()) for k in first)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--unfixed", action="store_true", help="leave the kernels to the machine")
    parser.add_argument("--only", action="append", choices=list(MACHINES), help="machines to run")
    args = parser.parse_args()
    from hf_model_guide.model.standin.build import fingerprint

    names = args.only or list(MACHINES)
    print(f"stand-in built as {len(names)} machines ({'unfixed' if args.unfixed else 'fixed'})")
    print("| machine | wall s | CPU s | fingerprint | max weight difference |")
    print("|---|---|---|---|---|")
    scratch = Path(tempfile.mkdtemp(prefix="standin-machines-"))
    try:
        first: Path | None = None
        for index, name in enumerate(names):
            wall, cpu, folder = build(name, scratch / str(index), args.unfixed)
            difference = 0.0 if first is None else max_difference(first, folder)
            first = first or folder
            print(f"| {name} | {wall:.1f} | {cpu:.1f} | {fingerprint(folder)} | {difference:.3g} |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
