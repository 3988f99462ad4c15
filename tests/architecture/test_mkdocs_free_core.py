"""Material for MkDocs ends in May 2027; its successor (Zensical) runs no MkDocs plugins. So
only the thin adapters, the ``plugins/`` folder of ``hf_model_guide``, may import MkDocs or
Material: the engine, the pages, the stand-in, the notebooks and the checks must move to
another generator unchanged."""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import hf_model_guide

PACKAGE = Path(hf_model_guide.__file__).parent
ADAPTERS = PACKAGE / "plugins"
SITE_GENERATORS = {"mkdocs", "material"}


def core_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if ADAPTERS not in p.parents)


def imported_roots(path: Path) -> set[str]:
    """Every top-level package a file imports, at the top or inside a function."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def core_modules() -> list[str]:
    names = [m.name for m in pkgutil.walk_packages(hf_model_guide.__path__, "hf_model_guide.")]
    # __main__ modules run when imported; the file scan above covers them.
    return sorted(
        n for n in names if not n.startswith("hf_model_guide.plugins") and "__main__" not in n
    )


def test_there_is_a_core_to_check():
    assert {
        "hf_model_guide.engine",
        "hf_model_guide.notebooks",
        "hf_model_guide.checks.translations",
        "hf_model_guide.model.source",
        "hf_model_guide.pages.markdown_ext",
    } <= set(core_modules())
    assert {p.name for p in ADAPTERS.glob("*.py")} >= {
        "run_snippets.py",
        "notebooks.py",
        "translation_notices.py",
    }


def test_no_file_outside_plugins_imports_mkdocs():
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(imported_roots(path) & SITE_GENERATORS)
        for path in core_files()
        if imported_roots(path) & SITE_GENERATORS
    }
    assert offenders == {}, f"only plugins/ may import MkDocs or Material: {offenders}"


# Imports torch, transformers and Gradio with the rest: seconds, as a build's start.
@pytest.mark.build
def test_importing_the_core_loads_no_mkdocs():
    # What the file scan cannot see: a dependency of the core that pulls MkDocs in.
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
