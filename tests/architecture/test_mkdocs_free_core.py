"""Material for MkDocs ends in May 2027; its successor (Zensical) runs no MkDocs plugins. So
only the thin adapters, ``hf_model_guide/mkdocs_*.py``, may import MkDocs or Material: the
engine, the stand-in, the notebooks and the checks must move to another generator unchanged."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import hf_model_guide


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(hf_model_guide.__path__, "hf_model_guide.")]
    return sorted(
        n
        for n in names
        if not n.rsplit(".", 1)[-1].startswith("mkdocs_") and not n.endswith("__main__")
    )


def test_there_is_a_core_to_check():
    assert {
        "hf_model_guide.engine",
        "hf_model_guide.notebooks",
        "hf_model_guide.translations",
        "hf_model_guide.model_source",
    } <= set(core_modules())


def test_no_core_module_imports_mkdocs():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", f"MkDocs imported by the core: {done.stdout}"
