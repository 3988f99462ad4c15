"""`.ci/test` asks pip only when pyproject.toml (or the Python) changed, so a re-run starts
pytest at once. Run here against a stand-in `.venv/bin/python` that records what it is asked."""

from __future__ import annotations

import os
import shutil
import subprocess

from kit.root import ROOT

FAKE_PYTHON = """#!/bin/sh
# Records the call; answers -VV like a Python.
if [ "$1" = "-VV" ]; then echo "Python 3.11.7 (fake)"; exit 0; fi
echo "$*" >> "$(dirname "$0")/calls"
"""


def project(tmp_path):
    shutil.copytree(ROOT / ".ci", tmp_path / ".ci")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    # Not root, so the script never reaches for apt-get here.
    fake_id = tmp_path / "path" / "id"
    fake_id.parent.mkdir()
    fake_id.write_text("#!/bin/sh\necho 1000\n", encoding="utf-8")
    fake_id.chmod(0o755)
    return tmp_path


def run(root) -> list[str]:
    calls = root / ".venv" / "bin" / "calls"
    calls.unlink(missing_ok=True)
    env = {**os.environ, "PATH": f"{root / 'path'}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", ".ci/test", "-q"], cwd=root, env=env, check=True, timeout=60)
    return calls.read_text(encoding="utf-8").splitlines()


def test_pip_runs_only_when_pyproject_changed(tmp_path):
    root = project(tmp_path)
    first = run(root)
    assert [c.split()[:3] for c in first] == [["-m", "pip", "install"], ["-m", "pytest", "-q"]]
    again = run(root)
    assert again == ["-m pytest -q"]  # straight to pytest
    with (root / "pyproject.toml").open("a", encoding="utf-8") as f:
        f.write("\n# a changed dependency\n")
    changed = run(root)
    assert changed[0].startswith("-m pip install") and changed[-1] == "-m pytest -q"


def test_a_failed_install_is_tried_again_next_time(tmp_path):
    root = project(tmp_path)
    python = root / ".venv" / "bin" / "python"
    python.write_text(FAKE_PYTHON + 'case "$*" in *pip*) exit 1;; esac\n', encoding="utf-8")
    env = {**os.environ, "PATH": f"{root / 'path'}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", ".ci/test"], cwd=root, env=env, check=False, timeout=60)
    assert done.returncode != 0
    assert not (root / ".venv" / ".hf-model-guide-installed").exists()
