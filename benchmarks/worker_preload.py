"""What the warm worker's preload buys and what a run starts with (the figures behind
``engine/runner.py``'s ``DEFAULT_PRELOAD`` and ``engine/sandbox/limits.py``'s memory limit). Not a test.

    python benchmarks/worker_preload.py [--runs 3]

For the worker's default preload and for ``transformers`` alone: the median over ``--runs``
of the time a snippet building a DistilBERT classifier (from its config: no weights) takes
in a forked run, and what a run holds before it does anything (``VmData``, which the memory
limit counts, and ``VmSize``, the address space it does not count). The figures are in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from hf_model_guide.engine import Engine, Source
from hf_model_guide.engine.runner import DEFAULT_PRELOAD

BUILD = """from transformers import DistilBertConfig, DistilBertForSequenceClassification

model = DistilBertForSequenceClassification(DistilBertConfig())
"""

MEMORY = """from pathlib import Path

status = dict(
    line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
)
data, size = (int(status[name].split()[0]) / 2**20 for name in ("VmData", "VmSize"))
"""


def measure(root: Path, preload: tuple[str, ...], runs: int) -> tuple[float, float, float]:
    """Median seconds of the DistilBERT snippet, and a fresh run's VmData and VmSize in GiB."""
    seconds = []
    data = size = 0.0
    for run in range(runs):
        engine = Engine(
            root, cache_folder=Path(tempfile.mkdtemp()), source=Source(), preload=preload
        )
        pages = {"p.md": "{* snippets/build.py *}\n\n{= snippets/memory.py | data =}"}
        pages["q.md"] = "{= snippets/memory.py | size =}"
        engine.prepare(pages)
        seconds.append(engine.results["snippets/build.py"].seconds)
        values = engine.results["snippets/memory.py"].values
        data, size = (float(v.value or 0) for v in values.values())
        engine.close()
        print(f"  run {run + 1}: {seconds[-1]:.2f} s", file=sys.stderr)
    return statistics.median(seconds), data, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "snippets").mkdir()
        (root / "snippets" / "build.py").write_text(BUILD, encoding="utf-8")
        (root / "snippets" / "memory.py").write_text(MEMORY, encoding="utf-8")
        for name, preload in (
            ("default preload", DEFAULT_PRELOAD),
            ("transformers only", ("transformers",)),
        ):
            seconds, data, size = measure(root, tuple(preload), args.runs)
            print(
                f"{name}: DistilBERT snippet {seconds:.2f} s (median of {args.runs}); "
                f"a run starts with VmData {data:.2f} GiB, VmSize {size:.2f} GiB"
            )


if __name__ == "__main__":
    main()
