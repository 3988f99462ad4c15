"""A site built again with every weight its snippets load perturbed (issue 31), and where a
reader would see the difference.

Another processor rounds the same model's sums otherwise: about a relative 1e-6 at inference.
``environ`` makes a build multiply each loaded weight by ``1 + 1e-6 * noise`` (seeded; the
worker does it, hf_model_guide/engine/sandbox/perturb.py), from a run cache of its own that
holds only the stand-in, so every snippet runs again and nothing mixes with the normal runs.
``moved`` names each output and value whose shown digits moved, by path and line: a page that
shows rounding noise.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hf_model_guide.engine import directives as d
from hf_model_guide.model.source import MODE_ENV, PERTURB_ENV
from hf_model_guide.outputs import diff
from hf_model_guide.outputs.manifest import value_name
from hf_model_guide.outputs.precision import same_text
from hf_model_guide.paths import CACHE_ENV

PERTURBATION = "1e-6:0"  # scale:seed


def empty_cache_environ(cache: Path, standin: Path) -> dict[str, str]:
    """A build's variables: the stand-in ``standin``, runs cached in ``cache``, which holds
    nothing else: every snippet runs again."""
    (cache / "standin").mkdir(parents=True, exist_ok=True)
    link = cache / "standin" / standin.name
    if not link.exists():
        link.symlink_to(standin)
    return {CACHE_ENV: str(cache), MODE_ENV: "offline"}


def environ(cache: Path, standin: Path) -> dict[str, str]:
    """A build's variables: the stand-in ``standin`` perturbed, runs cached in ``cache``."""
    return {**empty_cache_environ(cache, standin), PERTURB_ENV: PERTURBATION}


def value_lines(root: Path, snippet: str, name: str) -> list[str]:
    """``page:line`` of each ``{= snippet | expr | spec =}`` whose value is ``name``."""
    found = []
    for page in sorted((root / "docs").rglob("*.md")):
        for value in d.parse(page.read_text(encoding="utf-8")).values:
            if value.path == snippet and value_name(value.expr, value.spec) == name:
                found.append(f"{page.relative_to(root).as_posix()}:{value.line}")
    return found


def moved(old: Mapping[str, Any], new: Mapping[str, Any], root: Path) -> list[str]:
    """Where a reader sees the two builds differ, one line each: ``path:line: what``."""
    out = []
    before, after = old.get("snippets", {}), new.get("snippets", {})
    for path in sorted(before.keys() | after.keys()):
        a, b = before.get(path), after.get(path)
        if a is None or b is None:
            out.append(f"{path}: run in one build only")
            continue
        lines = diff.moved_lines(a, b)
        out += [f"{path}:{line}: its printed digits move" for line in lines]
        if not lines and not same_text(a.get("stdout", ""), b.get("stdout", "")):
            out.append(f"{path}: its printed output moves")
        for name in diff.changed_values(a, b):
            shown = f"{a['values'].get(name)!r} -> {b['values'].get(name)!r}"
            places = value_lines(root, path, name) or [path]
            out += [f"{place}: {{= {path} | {name} =}} moves: {shown}" for place in places]
    return out
