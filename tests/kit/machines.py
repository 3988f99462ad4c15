"""Other x86-64 machines, played by this one: the environment that makes PyTorch, MKL, oneDNN and
glibc take another processor's code paths, or another thread count. Used by tests/machines and
benchmarks/reproducibility.py (issue 23); hf_model_guide.kernels is what makes them agree."""

from __future__ import annotations

# A processor with AVX2 but not AVX-512 (as many laptops and some CI runners), four threads.
AVX2_FOUR_THREADS = {
    "ATEN_CPU_CAPABILITY": "avx2",
    "MKL_ENABLE_INSTRUCTIONS": "AVX2",
    "ONEDNN_MAX_CPU_ISA": "AVX2",
    "GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ",
    "OMP_NUM_THREADS": "4",
    "MKL_NUM_THREADS": "4",
}
# A machine with one core (run it under `taskset --cpu-list 0`), whose user asked for one thread.
ONE_CORE = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# A processor older than the AVX2 the fixed kernels need: its weights are expected to differ.
NO_AVX2 = {
    "ATEN_CPU_CAPABILITY": "default",
    "MKL_ENABLE_INSTRUCTIONS": "SSE4_2",
    "ONEDNN_MAX_CPU_ISA": "SSE41",
    "GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA,-AVX512F",
}
