"""What a snippet run's limits and guard cost (issue 25): many small snippets run through the
engine, timed per run. Not a test.

    python benchmarks/limits_cost.py [--snippets 40] [--runs 3] [--src OTHER/src]

Each run forks a guard (the run's subreaper), which forks the process running the snippet;
that process sets its rlimits and joins a cgroup where the build may create one, and when it
ends the guard looks for what it left behind. The figure is the median over ``--runs`` of a
batch of trivial snippets (so the fixed cost per run is all there is), one at a time, with
the worker's default preload (torch and transformers). ``--src`` times another checkout's
engine (``git worktree add /tmp/base <commit>``, then ``--src /tmp/base/src``) in the same
way, for a before / after; the figures of the change are in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

BATCH = """
import sys, tempfile, time
from pathlib import Path
from hf_model_guide.engine import Engine, Source

root, count = Path(sys.argv[1]), int(sys.argv[2])
engine = Engine(root, cache_folder=Path(tempfile.mkdtemp()), source=Source(), parallel=1)
engine.prepare({"warm-up.md": "{* snippets/s0.py *}\\n"})  # the worker starts here
page = "".join(f"{{* snippets/s{i} *}}\\n\\n" for i in range(1, count + 1))
start = time.monotonic()
engine.prepare({"bench.md": page.replace(" *}", ".py *}")})
seconds = time.monotonic() - start
engine.close()
print(seconds, engine.summary())
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--snippets", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--src", type=Path, help="another checkout's src/ to time instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="limits-cost-") as name:
        root = Path(name)
        (root / "snippets").mkdir()
        for i in range(args.snippets + 1):
            text = f"import os\n\nprint({i}, os.getpid())\n"
            (root / "snippets" / f"s{i}.py").write_text(textwrap.dedent(text))
        env = {"PYTHONPATH": str(args.src.resolve())} if args.src else {}
        times = []
        for _ in range(args.runs):
            done = subprocess.run(
                [sys.executable, "-c", BATCH, str(root), str(args.snippets)],
                capture_output=True,
                text=True,
                check=True,
                env={**__import__("os").environ, **env},
            )
            seconds, summary = done.stdout.strip().split(" ", 1)
            times.append(float(seconds))
            print(f"  {float(seconds):.2f} s for {args.snippets} snippets ({summary})")
    median = statistics.median(times)
    per_run = median / args.snippets * 1000
    print(f"{args.src or 'this checkout'}: {per_run:.1f} ms a snippet (median of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
