"""What the snippet engine costs a warm build of the real site, in wall and CPU time. Not a
test.

    python benchmarks/engine_cost.py [--runs 2]

A warm build (every output from the run cache, which starts as a copy of the developer's and
is filled by a first build) against a build that runs nothing (``RUN_SNIPPETS=false``),
interleaved so that a change in the machine's load weighs on both alike, and compared pair by
pair. CPU time (of the
build and every process it waited for: the worker, the snippets) is the steadier figure on
a shared machine; wall time is what a contributor waits. Target: warm ÷ no-execution ≤ 1.10.

Both kinds of build are made once before the timed ones: a no-execution build's notebooks
hold no outputs, so they are other pages, rendered once and kept (plugins/notebooks.py) like
the warm build's; each line says how many notebooks the build rendered (0 when warm).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
from pathlib import Path

from buildkit import ROOT, bench_env, build, temp_cache


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(site: Path, env: dict[str, str]) -> tuple[float, float, str]:
    before = cpu_seconds()
    done = build(ROOT, site, env)
    return done.seconds, cpu_seconds() - before, done.summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="warm and off builds each")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="engine-cost-") as name:
        tmp = Path(name)
        cache = temp_cache(tmp, keep_runs=True)
        first = timed(tmp / "site", bench_env(cache))
        print(
            f"first build (fills the cache): {first[0]:.1f} s wall, {first[1]:.1f} s CPU ({first[2]})"
        )
        first = timed(tmp / "site", bench_env(cache, RUN_SNIPPETS="false"))
        print(f"first no-execution build: {first[0]:.1f} s wall, {first[1]:.1f} s CPU ({first[2]})")
        warm, off = [], []
        for _ in range(args.runs):
            warm.append(timed(tmp / "site", bench_env(cache)))
            off.append(timed(tmp / "site", bench_env(cache, RUN_SNIPPETS="false")))
            print(
                f"  warm {warm[-1][0]:.1f} s / {warm[-1][1]:.1f} s CPU ({warm[-1][2]}); "
                f"off {off[-1][0]:.1f} s / {off[-1][1]:.1f} s CPU ({off[-1][2]})",
                flush=True,
            )
        # Each warm build is compared with the no-execution build made right after it: on a
        # shared or virtual machine both kinds swing between runs (3.3 s to 5.5 s measured on
        # the same work), and a pair shares the swing.
        for label, index in (("wall", 0), ("CPU", 1)):
            w = statistics.median(t[index] for t in warm)
            o = statistics.median(t[index] for t in off)
            paired = statistics.median(a[index] / b[index] for a, b in zip(warm, off, strict=True))
            print(
                f"{label}: warm {w:.2f} s, no-execution {o:.2f} s (medians); warm / no-execution "
                f"{paired:.3f}, median of {args.runs} pairs (target ≤ 1.10)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
