"""Compare two output manifests: ``hf-model-guide outputs diff OLD NEW``.

OLD and NEW are ``outputs.json`` files or built site folders. The report is Markdown (what a
GitHub job summary or an issue shows): what in the environment changed, which pages show
something different, and per snippet its text before and after, side by side, with its
changed values, and beside it what changed in what made it (its run key's inputs: "code
changed", "transformers 5.24.0 → 5.25.0", in ``engine.reasons``' words). The build date is
mentioned but never counts as a change.

Outputs are compared at the precision a reader sees (``precision``): two builds on different
processors print numbers that differ in the last bits, and that is not a change. A value whose
exact number moved by less than half a unit of its last shown digit, or printed text whose
decimals moved by at most one unit of their last digit, counts as the same.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hf_model_guide.engine.reasons import RunInputs, changes
from hf_model_guide.outputs.precision import same_text, same_value, same_within

NOTHING = "No output changed: every page shows what it showed before, in the same environment."
SAME_INPUTS = "inputs unchanged (the same code, helpers, data, libraries and model printed this)"


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    changed: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _flatten(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flatten(f"{prefix}.{key}" if prefix else str(key), inner))
        return flat
    return {prefix: value}


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else str(value)
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _pre(text: str) -> str:
    return f"<pre>{html.escape(text)}</pre>" if text else "<em>(nothing)</em>"


def side_by_side(before: str, after: str) -> list[str]:
    """An HTML table of two texts: GitHub renders it in summaries and issues alike."""
    return [
        "<table>",
        "<tr><th>before</th><th>after</th></tr>",
        f'<tr><td valign="top">{_pre(before)}</td><td valign="top">{_pre(after)}</td></tr>',
        "</table>",
        "",
    ]


# Said, never counted: a build with perturbed weights (model.source.PERTURB_ENV) is compared
# with a normal one to find outputs that show noise, and agrees when none does.
PERTURBED = "model.perturbed"


def environment_changes(old: Mapping, new: Mapping) -> list[tuple[str, Any, Any]]:
    before = _flatten("", old.get("environment", {}))
    after = _flatten("", new.get("environment", {}))
    return [
        (key, before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key) and key != PERTURBED
    ]


def _perturbed(manifest: Mapping) -> str | None:
    return _flatten("", manifest.get("environment", {})).get(PERTURBED)


def _spec(name: str) -> str:
    """The format spec of a manifest value's name (``expr | spec``, or ``expr`` alone)."""
    return name.rpartition(" | ")[2] if " | " in name else ""


def changed_values(old: Mapping, new: Mapping) -> list[str]:
    """The names of the values a reader sees differently (machine noise left out)."""
    before, after = old.get("values", {}), new.get("values", {})
    exact_old, exact_new = old.get("exact", {}), new.get("exact", {})
    checked = {**old.get("tolerance", {}), **new.get("tolerance", {})}  # no page shows them
    changed = []
    for name in sorted(before.keys() | after.keys()):
        a, b = before.get(name), after.get(name)
        if a == b:
            continue
        if isinstance(a, str) and isinstance(b, str):
            if name in checked and same_within(a, b, checked[name]):
                continue
            if name not in checked and same_value(
                a, b, _spec(name), exact_old.get(name), exact_new.get(name)
            ):
                continue
        changed.append(name)
    return changed


def _on_no_page(tolerance: float | None) -> str:
    """What a value the agreement check computes is compared at (no page shows it)."""
    return "" if tolerance is None else f" (on no page; compared within {tolerance:g})"


def _pieces(record: Mapping) -> dict[int, str]:
    """{line of the snippet: what the piece starting there printed} (``printed_from``)."""
    text, starts = record.get("stdout", ""), record.get("printed_from") or []
    if not starts:  # a manifest written before they were kept
        return {}
    ends = [offset for _, offset in starts[1:]] + [len(text)]
    return {line: text[offset:end] for (line, offset), end in zip(starts, ends, strict=True)}


def moved_lines(old: Mapping, new: Mapping) -> list[int]:
    """The snippet's lines whose printed text a reader sees differently (empty when either
    manifest did not keep where each piece printed, or the pieces are not the same ones)."""
    before, after = _pieces(old), _pieces(new)
    if not before or before.keys() != after.keys():
        return []
    return [line for line in before if not same_text(before[line], after[line])]


def _sections_differ(old: Mapping, new: Mapping) -> bool:
    before, after = old.get("sections", {}), new.get("sections", {})
    return before.keys() != after.keys() or not all(
        same_text(before[name], after[name]) for name in before
    )


def _rich_rows(record: Mapping) -> list[str]:
    return [f"{r.get('mime')} {str(r.get('sha256'))[:12]}" for r in record.get("rich", [])]


def snippet_changes(old: Mapping | None, new: Mapping | None, path: str = "") -> list[str]:
    """The report's lines for one snippet (at ``path``); empty when it shows the same as
    before, at the precision shown."""
    if old == new:
        return []
    if old is None:
        return ["New snippet.", "", *side_by_side("", new.get("stdout", "") if new else "")]
    if new is None:
        return ["No page shows it any more.", ""]
    out: list[str] = []
    if old.get("ok") != new.get("ok") or old.get("error") != new.get("error"):
        out += [
            f"Error: {_cell(old.get('error'))} → {_cell(new.get('error'))}",
            "",
        ]
    if not same_text(old.get("stdout", ""), new.get("stdout", "")):
        lines = moved_lines(old, new)
        where = f" (at {', '.join(f'`{path}:{n}`' for n in lines)})" if lines else ""
        out += [
            f"Printed output{where}:",
            "",
            *side_by_side(old.get("stdout", ""), new.get("stdout", "")),
        ]
    if not same_text(old.get("stderr", ""), new.get("stderr", "")):
        out += ["Standard error:", "", *side_by_side(old.get("stderr", ""), new.get("stderr", ""))]
    before, after = old.get("values", {}), new.get("values", {})
    values = changed_values(old, new)
    if values:
        out += ["| value | before | after |", "|---|---|---|"]
        checked = {**old.get("tolerance", {}), **new.get("tolerance", {})}
        out += [
            f"| {_cell(k)}{_on_no_page(checked.get(k))} | {_cell(before.get(k))} "
            f"| {_cell(after.get(k))} |"
            for k in values
        ]
        out.append("")
    if old.get("rich") != new.get("rich"):
        out += ["Rich outputs (by hash):", "", "| before | after |", "|---|---|"]
        rows_old, rows_new = _rich_rows(old), _rich_rows(new)
        for i in range(max(len(rows_old), len(rows_new))):
            left = rows_old[i] if i < len(rows_old) else None
            right = rows_new[i] if i < len(rows_new) else None
            out.append(f"| {_cell(left)} | {_cell(right)} |")
        out.append("")
    if not out and _sections_differ(old, new):  # only per-section splits moved (renamed)
        out += ["Sections:", "", *side_by_side(_sections(old), _sections(new))]
    return out


def causes(old: Mapping | None, new: Mapping | None) -> list[str]:
    """What changed in the inputs of a snippet's run, when both manifests kept them."""
    try:
        before = RunInputs.from_json((old or {})["inputs"])
        after = RunInputs.from_json((new or {})["inputs"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return []  # a new snippet, or a manifest written before inputs were kept
    return changes(before, after) or [SAME_INPUTS]


def _sections(record: Mapping) -> str:
    return "".join(f"[{name}]\n{text}" for name, text in sorted(record.get("sections", {}).items()))


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Report:
    report = Report(["# Output changes", ""])
    env = environment_changes(old, new)
    snippets_old, snippets_new = old.get("snippets", {}), new.get("snippets", {})
    changed_snippets = {
        path: lines
        for path in sorted(snippets_old.keys() | snippets_new.keys())
        if (lines := snippet_changes(snippets_old.get(path), snippets_new.get(path), path))
    }
    pages_old, pages_new = old.get("pages", {}), new.get("pages", {})
    pages = []
    for page in sorted(pages_old.keys() | pages_new.keys()):
        shown_old, shown_new = pages_old.get(page), pages_new.get(page)
        used = {
            ref.split("#")[0].split(" | ")[0]
            for rec in (shown_old, shown_new)
            if rec
            for ref in (*rec.get("snippets", []), *rec.get("values", []))
        }
        why = []
        if shown_old is None:
            why.append("new page")
        elif shown_new is None:
            why.append("no longer shows outputs")
        elif shown_old != shown_new:
            why.append("shows other snippets or values")
        for path in sorted(used & changed_snippets.keys()):
            cause = causes(snippets_old.get(path), snippets_new.get(path))
            why.append(f"`{path}` changed" + (f" ({'; '.join(cause)})" if cause else ""))
        if why:
            pages.append(f"- `{page}`: {', '.join(why)}")
    report.changed = bool(env or changed_snippets or pages)
    if old.get("built") != new.get("built"):
        report.lines += [f"Built {old.get('built')} (before) and {new.get('built')} (after).", ""]
    for side, manifest in (("before", old), ("after", new)):
        if _perturbed(manifest):
            said = f"Weights perturbed {side} ({_perturbed(manifest)}: scale:seed), to find "
            report.lines += [said + "outputs that show rounding noise; not counted.", ""]
    if not report.changed:
        report.lines += [NOTHING]
        return report
    if env:
        report.lines += ["## Environment", "", "| | before | after |", "|---|---|---|"]
        report.lines += [f"| {key} | {_cell(a)} | {_cell(b)} |" for key, a, b in env]
        report.lines.append("")
    if pages:
        report.lines += ["## Pages", "", *pages, ""]
    if changed_snippets:
        report.lines += ["## Snippets", ""]
        for path, lines in changed_snippets.items():
            cause = causes(snippets_old.get(path), snippets_new.get(path))
            because = [f"Why: {'; '.join(cause)}.", ""] if cause else []
            report.lines += [f"### `{path}`", "", *because, *lines]
    return report
