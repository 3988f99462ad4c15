"""``python -m hf_model_guide.model.standin FOLDER``: build the stand-in into FOLDER, in this process.

What ``build.build_reproducibly`` runs, in an environment with the CPU kernels fixed; to get
the stand-in, use ``python -m hf_model_guide standin`` (it builds only when missing).
``--any-kernels`` builds with whatever kernels this machine picks (benchmarks/reproducibility.py
shows with it what the fixed kernels are for).
"""

import argparse
from pathlib import Path

from hf_model_guide.kernels import is_reproducible
from hf_model_guide.model.standin.build import build

parser = argparse.ArgumentParser(prog="python -m hf_model_guide.model.standin")
parser.add_argument("folder", type=Path)
parser.add_argument("--any-kernels", action="store_true", help="do not require fixed kernels")
args = parser.parse_args()
if not (args.any_kernels or is_reproducible()):
    parser.exit(2, "the CPU kernels are not fixed here: use `python -m hf_model_guide standin`\n")
build(args.folder)
