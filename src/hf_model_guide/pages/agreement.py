"""A build that used the real checkpoint must print what the 2023 article printed.

Each article value in ``snippets/article/quoted.toml`` names the expression (``run``) that
gives this build's counterpart. ``requests`` hands the engine a page of ``{= … =}`` values made
from those expressions, on the data file's own line numbers, so ``Engine.prepare`` evaluates
them with everything else (and a broken one is reported at its line of the data file).
``check`` then compares, for each quotation a page shows, the article's value with the run's:
ids and labels exactly, floats within the entry's ``tolerance``. It compares only values that
came from the real checkpoint (a hub build): the stand-in is not expected to agree.

A difference is a problem naming the page, the value and both numbers; the MkDocs adapter logs
it as an error, so ``mkdocs build --strict`` fails. This is what tells us that the model or the
library moved under the page.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from hf_model_guide.engine.results import ValueKey
from hf_model_guide.outputs.precision import differences
from hf_model_guide.pages import quoted as q


def requests(root: Path) -> dict[str, str]:
    """{data file: text} whose ``{= … =}`` values the engine evaluates with the pages'."""
    path = Path(root).resolve() / q.DATA_FILE
    entries = q.load(root)
    if not entries:
        return {}
    lines = path.read_text(encoding="utf-8").split("\n")
    wanted = {entry.run: entry for entry in entries.values() if entry.run}
    out = []
    for line in lines:
        key, sep, value = line.partition("=")
        run = value.strip().strip('"') if sep and key.strip() == "run" else None
        out.append(f"{{= {run} | =}}" if run in wanted else "")
    return {q.DATA_FILE: "\n".join(out)}


def tolerances(root: Path) -> dict[str, dict[str, float]]:
    """{snippet: {expression: tolerance}} of the values the check compares: no page shows
    them, and the output manifest's diff compares them at the check's own tolerance."""
    found: dict[str, dict[str, float]] = {}
    try:
        entries = q.load(root)
    except q.QuotedError:  # the build reported it already
        return found
    for entry in entries.values():
        if entry.run:
            path, _, expr = (part.strip() for part in entry.run.partition("|"))
            found.setdefault(path, {})[expr] = entry.tolerance
    return found


def run_value(engine, run: str) -> tuple[str | None, Any]:
    """(the model source kind that produced it, the value) of ``path | expr`` in this build."""
    path, _, expr = (part.strip() for part in run.partition("|"))
    result = engine.results.get(path)
    if result is None or not result.ok:
        return None, None
    found = result.values.get(ValueKey(expr))
    if found is None or not found.ok:
        return None, None
    try:
        return result.source.kind, ast.literal_eval(found.value)
    except (ValueError, SyntaxError):
        return result.source.kind, found.value


def check(engine, markdown: str, *, root: Path, page: str) -> list[str]:
    """The disagreements between the page's quotations and this hub build's outputs."""
    if '{"' not in markdown:
        return []
    entries = q.load(root)
    problems: list[str] = []
    seen: set[str] = set()
    for line, key in q.find(markdown):
        base = key.split("[", 1)[0]
        entry = entries.get(base)
        if entry is None or not entry.run or base in seen:
            continue
        seen.add(base)
        kind, actual = run_value(engine, entry.run)
        if kind != "hub":
            continue
        found = list(differences(entry.value, actual, entry.tolerance))
        if found:
            shown = "; ".join(found[:3]) + (f"; {len(found) - 3} more" if len(found) > 3 else "")
            problems.append(
                f"{page}:{line}: {base} disagrees with the 2023 article "
                f"({entry.source}; real checkpoint, tolerance {entry.tolerance:g}): {shown}"
            )
    return problems
