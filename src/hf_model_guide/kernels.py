"""One choice of CPU kernels on every x86-64 machine, so that the same inputs give the same bits.

PyTorch and the libraries under it pick their code by processor and thread count: ATen's
vectorised kernels by the instructions the CPU has (AVX-512, AVX2 or neither), MKL's matrix
products likewise, and a sum split over N threads is added in N partial sums. Each choice
rounds differently, so the stand-in fine-tuned on a laptop had weights up to 1.5e-3 away from
one fine-tuned on a CI runner, and every output a page shows moved with them (issue 23).

These settings take the choice away from the machine: ATen's AVX2 kernels (with the SLEEF maths
bundled in torch, not the system's libm), MKL's reproducibility mode for AVX2, oneDNN at most
AVX2, and one thread. Every x86-64 processor since 2013 (Intel) and 2015 (AMD), and every CI
runner, has AVX2: on all of them the same inputs give the same bits. An older processor, or
an ARM one, runs its own kernels and differs in the last bits; comparisons stop at the shown
precision for that (outputs.precision). The x86-64 baseline ("default") is bit-identical on
older processors too, but costs twice the stand-in's training time and depends on the
system's libm; both were measured (benchmarks/README.md, issue 23).

They must be in the environment before torch is imported, so they are given to the
processes that import it (the stand-in's build and the snippets' worker), never set from
inside one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

REPRODUCIBLE_ENV: Mapping[str, str] = {
    # ATen's AVX2 kernels, not AVX-512 where the processor has it.
    "ATEN_CPU_CAPABILITY": "avx2",
    # MKL's Conditional Numerical Reproducibility: its AVX2 code path on every processor.
    "MKL_CBWR": "AVX2",
    # oneDNN (convolutions, low-precision matrix products) likewise.
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "DNNL_MAX_CPU_ISA": "AVX2",
    # One thread (the stand-in's training sets a fixed count of its own): a reduction split
    # over threads is summed in another order.
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}


def reproducible_environ(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the kernel choice fixed."""
    return {**(os.environ if base is None else base), **REPRODUCIBLE_ENV}


def is_reproducible(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``environ`` (default: this process's) fixes the kernels as above."""
    environ = os.environ if environ is None else environ
    return all(environ.get(name) == value for name, value in REPRODUCIBLE_ENV.items())
