"""Time to build the offline stand-in model from nothing. Not a test.

    python benchmarks/standin_build.py

Runs ``python -m hf_model_guide standin`` with ``HF_MODEL_GUIDE_CACHE`` pointed at a fresh
temporary folder (hf_model_guide.paths.cache_dir), so nothing cached is reused and the
developer's cache is left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="standin-build-") as cache:
        start = time.monotonic()
        # HF_HUB_OFFLINE: the stand-in is made from installed packages only; transformers
        # never waits on the Hub.
        done = subprocess.run(
            [sys.executable, "-m", "hf_model_guide", "standin"],
            env={**os.environ, "HF_MODEL_GUIDE_CACHE": cache, "HF_HUB_OFFLINE": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.monotonic() - start
        if done.returncode:
            sys.exit(f"stand-in build failed:\n{done.stdout}{done.stderr}")
        print(f"stand-in build on a fresh cache: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
