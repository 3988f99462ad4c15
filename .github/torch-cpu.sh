#!/usr/bin/env bash
# torch's CPU build into .venv, from PyTorch's own index, and nothing else from there: PyPI
# alone would bring the multi-GB CUDA build, and an extra index for every package lets
# whichever index offers the higher version supply any dependency (dependency confusion).
# torch goes in first without its dependencies; `pip install -e .` then finds it satisfied
# and takes the rest, torch's dependencies included, from PyPI only.
#   bash .github/torch-cpu.sh          # the version pyproject.toml pins
#   bash .github/torch-cpu.sh newest   # the newest CPU build (the freshness run)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "${1:-}" = newest ]; then
  wanted=torch
else
  wanted="$(sed -n 's/^ *"\(torch==[^"]*\)".*/\1/p' pyproject.toml)"
  test -n "$wanted" || { echo "pyproject.toml pins no torch==X" >&2; exit 1; }
fi
.venv/bin/pip install --disable-pip-version-check --upgrade --no-deps \
  --index-url https://download.pytorch.org/whl/cpu "$wanted"
