"""The worker side (``engine/sandbox/``) runs next to snippets, inside the sandbox: it imports
nothing from the build side, and the worker process loads none of it (issue 33, point 6)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import hf_model_guide

PACKAGE = Path(hf_model_guide.__file__).parent
SANDBOX = PACKAGE / "engine" / "sandbox"
# Modules of the package the worker side may use: its own folder, and leaf helpers that
# import nothing of the package.
ALLOWED = ("hf_model_guide.engine.sandbox", "hf_model_guide.paths")


def imported_modules(path: Path) -> set[str]:
    """The package's modules a file imports (absolute or relative, anywhere in it)."""
    package = "hf_model_guide.engine.sandbox"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
                found |= {f"{module}.{alias.name}" for alias in node.names} | {module}
            elif node.module:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] == "hf_model_guide"}


def test_the_sandbox_folder_imports_nothing_from_the_build_side():
    files = sorted(SANDBOX.glob("*.py"))
    assert len(files) > 10
    outside = {
        f"{path.name}: {name}"
        for path in files
        for name in imported_modules(path)
        if not name.startswith(ALLOWED)
    }
    assert not outside


def test_the_worker_process_loads_no_build_side_module():
    code = (
        "import contextlib, io, runpy, sys\n"
        "sys.argv = ['worker', '--help']\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    runpy.run_module('hf_model_guide.engine.sandbox.worker', run_name='__main__')\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('hf_model_guide')))\n"
    )
    printed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    loaded = set(printed.stdout.split()) - {"hf_model_guide", "hf_model_guide.engine"}
    assert "hf_model_guide.engine.sandbox.supervise" in loaded
    assert not {name for name in loaded if not name.startswith(ALLOWED)}
