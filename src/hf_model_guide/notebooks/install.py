"""The notebook's first cell: ``%pip install`` what its code imports, at the versions that ran.

The packages are found, not listed by hand: every top-level module the code cells import that
is not in the standard library, mapped to the distribution that provides it here, pinned to
the version installed here, which is the version the stored outputs were produced with
(``pyproject.toml`` pins them).

torch is left unpinned: Colab ships its own CUDA build, and pinning ours would make every
reader download a second torch of a few GB; elsewhere pip picks the build for the machine.
IPython, pandas and matplotlib are left unpinned too: Colab has already imported them when
the first cell runs, so installing another version only asks the reader to restart the
session, and any recent version shows these outputs. The cell says what to do if Colab asks
anyway (a later Colab may pin something else).
"""

from __future__ import annotations

import ast
import functools
import sys
from collections.abc import Mapping
from importlib import metadata

UNPINNED = frozenset({"torch", "ipython", "pandas", "matplotlib"})
RESTART = {
    "zh": "# 如果 Colab 提示重启会话（restart session），点重启，然后从下一个单元格接着运行。",
    "en": "# If Colab asks you to restart the session, restart it, then run on from the next cell.",
}


def imported_modules(sources: list[str]) -> set[str]:
    found: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # not Python (a magic); nothing to install for it
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


@functools.cache
def providers() -> Mapping[str, list[str]]:
    """The distributions that provide each top-level module, read once a process: it reads
    every installed distribution's file list (a second here, torch's alone is long), and a
    build makes a notebook per language."""
    return metadata.packages_distributions()


def requirements(sources: list[str]) -> list[str]:
    """``name==version`` for each distribution the code needs (``name`` alone if unpinned)."""
    wanted: set[str] = set()
    for module in imported_modules(sources):
        if module in sys.stdlib_module_names:
            continue
        names = providers().get(module)
        if not names:
            raise LookupError(
                f"no installed distribution provides the module {module!r}, "
                "which a notebook cell imports"
            )
        wanted.add(names[0])
    pins = []
    for name in sorted(wanted, key=str.lower):
        canonical = metadata.metadata(name)["Name"]
        pins.append(
            canonical if canonical.lower() in UNPINNED else f"{canonical}=={metadata.version(name)}"
        )
    return pins


def install_source(sources: list[str], lang: str = "en") -> str:
    return RESTART[lang] + "\n%pip install -q " + " ".join(requirements(sources))
