"""Wall time of the whole test suite, as ``.ci/test`` runs it (pytest from the project's
root, with the developer's cache). Not a test. Arguments go to pytest.

    python benchmarks/suite_time.py [-x]
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

from buildkit import ROOT


def main(argv: list[str]) -> int:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - start
    lines = (done.stdout + done.stderr).strip().splitlines()
    verdict = next(
        (line for line in reversed(lines) if re.search(r"\d+ (passed|failed)", line)),
        lines[-1] if lines else "no output",
    )
    print(f"test suite: {seconds:.0f} s  ({verdict.strip('= ')}; pytest exit {done.returncode})")
    for line in lines:  # a figure from a red suite is not a figure: say what failed
        if line.startswith(("FAILED ", "ERROR ")):
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
