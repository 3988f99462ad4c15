"""Every snippet starts from the same random state: ``random``, ``numpy`` and ``torch`` seeded
to 0 before it runs, and numpy / torch again when a snippet imports them for the first time."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import random
import sys

SEED = 0


def seed_module(name: str, module) -> None:
    if name == "numpy":
        module.random.seed(SEED)
    elif name == "torch":
        module.manual_seed(SEED)


class SeedOnImport(importlib.abc.MetaPathFinder):
    """Seeds numpy / torch right after a snippet imports them for the first time."""

    names = ("numpy", "torch")

    def find_spec(self, name, path, target=None):
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        original = spec.loader.exec_module

        def exec_module(module, _original=original, _name=name):
            _original(module)
            seed_module(_name, module)

        # Patched on this spec's loader only: the module is seeded as soon as it is loaded.
        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def reset_seeds() -> None:
    random.seed(SEED)
    for name in SeedOnImport.names:
        if name in sys.modules:
            seed_module(name, sys.modules[name])
