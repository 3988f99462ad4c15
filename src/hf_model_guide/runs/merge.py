"""``runs merge DIR... [--into CACHE]``: the shards' run cache folders merged into one.

Every entry is checked before anything is written: it is listed in its shard's
``shard.json``; its run key, recomputed from what the shard recorded it was made of, is its
key and its file's name; its snippet is the one listed; it succeeded; its content has the
hash listed. The same key with other content (in two shards, or in the cache merged into) is
an error naming the snippet; other content means other printed output, or another text for
a value both hold: a run made for a page quoting one more value holds one more value, and
the two are merged into one entry holding both. Only then are the new entries written, each whole
(``atomic``); when a write fails, those written are removed again. The shards' last-run
records of the merged entries come along, so the next plan knows how long each run took.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hf_model_guide import atomic
from hf_model_guide.engine.cache import run_key
from hf_model_guide.engine.last_runs import LastRuns
from hf_model_guide.engine.results import RunResult

from .shard import SHARD_FILE, content_hash


class MergeError(Exception):
    """Nothing was merged; the message has one line per problem."""


@dataclass
class Entry:
    key: str
    path: str
    content: str
    data: dict[str, Any]  # the entry, as the shard wrote it
    shard: Path


@dataclass
class Merged:
    added: int = 0
    present: int = 0
    shards: int = 0
    problems: list[str] = field(default_factory=list)


def read_shard(folder: Path, problems: list[str]) -> list[Entry]:
    """The checked entries of one shard's folder; what is wrong goes to ``problems``."""
    try:
        listed = json.loads((folder / SHARD_FILE).read_text(encoding="utf-8"))["entries"]
        assert isinstance(listed, dict)
    except (OSError, ValueError, KeyError, TypeError, AssertionError) as exc:
        problems.append(f"{folder}: not a shard's folder ({SHARD_FILE}: {exc}): made by runs run?")
        return []
    entries = []
    for key, about in sorted(listed.items()):
        entry = _checked(folder, key, about, problems)
        if entry is not None:
            entries.append(entry)
    runs = folder / "runs"
    for file in sorted(runs.glob("*.json")) if runs.is_dir() else ():
        if file.stem not in listed:
            problems.append(f"{file}: an entry {SHARD_FILE} does not list")
    return entries


def _checked(folder: Path, key: str, about: Any, problems: list[str]) -> Entry | None:
    file = folder / "runs" / f"{key}.json"
    try:
        path, content, made_of = about["path"], about["content"], dict(about["made_of"])
        data = json.loads(file.read_text(encoding="utf-8"))
        entry = RunResult.from_json(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        problems.append(f"{file}: not a run entry ({type(exc).__name__}: {exc})")
        return None
    name = path if isinstance(path, str) else key
    try:
        recomputed = run_key(**made_of)
    except TypeError as exc:
        problems.append(f"{name}: {file}: cannot recompute its run key ({exc})")
        return None
    wrong = []
    if recomputed != key:
        wrong.append(f"its run key recomputed from its inputs is {recomputed[:12]}…")
    if entry.key != key:
        wrong.append(f"it holds the run {entry.key[:12]}…")
    if entry.path != path or made_of.get("path") != path:
        wrong.append(f"it is the run of {entry.path}")
    if not entry.ok:
        wrong.append("its run failed")
    if content_hash(data) != content:
        wrong.append(f"its content is not the one {SHARD_FILE} lists")
    if wrong:
        why = "; ".join(wrong)
        problems.append(f"{name}: {file} is not the run {key[:12]}… it claims to be: {why}")
        return None
    return Entry(key, path, content, data, folder)


def existing(cache: Path, key: str) -> dict[str, Any] | None:
    """The cache's entry for ``key``, if it has a readable one."""
    try:
        data = json.loads((cache / "runs" / f"{key}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _values(entry: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {(v["expr"], v.get("spec", "")): v for v in entry.get("values") or ()}


def combined(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any] | None:
    """One entry holding the values of two runs of the same inputs, or None when they
    disagree: other output, or another text for a value both hold."""

    def rest(entry: dict[str, Any]) -> dict[str, Any]:
        # Not how long it took, nor where the machine keeps the stand-in's card.
        found = {k: v for k, v in entry.items() if k not in ("seconds", "values")}
        found["source"] = {k: v for k, v in (entry.get("source") or {}).items() if k != "card_path"}
        return found

    values_a, values_b = _values(a), _values(b)
    if rest(a) != rest(b) or any(values_a[k] != values_b[k] for k in values_a.keys() & values_b):
        return None
    values = values_a | values_b
    return {**a, "values": [values[k] for k in sorted(values)]}


def merge(folders: list[Path], into: Path) -> Merged:
    """Merge the shards' ``folders`` into the run cache folder ``into`` (which holds
    ``runs/``); raises ``MergeError`` and writes nothing when anything does not check."""
    found = Merged(shards=len(folders))
    chosen: dict[str, Entry] = {}
    for folder in folders:
        for entry in read_shard(Path(folder), found.problems):
            other = chosen.setdefault(entry.key, entry)
            both = combined(other.data, entry.data)
            if both is None:
                found.problems.append(
                    f"{entry.path}: two different results for the same inputs (run key "
                    f"{entry.key[:12]}…) in {other.shard} and {entry.shard}"
                )
            else:
                other.data = both
    new = []
    for key, entry in sorted(chosen.items()):
        there = existing(into, key)
        both = entry.data if there is None else combined(there, entry.data)
        if both is None:
            found.problems.append(
                f"{entry.path}: {entry.shard} has another result for the same inputs (run "
                f"key {key[:12]}…) than {into / 'runs'} holds"
            )
        elif both == there:
            found.present += 1
        else:
            entry.data = both
            new.append(entry)
    if found.problems:
        raise MergeError("\n".join(found.problems))
    _write(new, into)
    found.added = len(new)
    return found


def _write(entries: list[Entry], into: Path) -> None:
    written: list[Path] = []
    try:
        for entry in entries:
            target = into / "runs" / f"{entry.key}.json"
            text = json.dumps(entry.data, ensure_ascii=False, indent=1, sort_keys=True)
            atomic.write_text(target, text)
            written.append(target)
    except OSError as exc:
        for file in written:  # all of them or none
            with contextlib.suppress(OSError):
                file.unlink()
        raise MergeError(f"cannot write into {into / 'runs'} ({exc}): nothing merged") from None
    for entry in entries:  # how long each took, for the next plan; a missing one costs nothing
        _record(entry, into)


def _record(entry: Entry, into: Path) -> None:
    source = LastRuns(entry.shard / "last-runs").file(entry.path)
    with contextlib.suppress(OSError, ValueError):
        record = json.loads(source.read_text(encoding="utf-8"))
        if record.get("key") == entry.key:
            atomic.write_text(into / "last-runs" / source.name, source.read_text("utf-8"))
