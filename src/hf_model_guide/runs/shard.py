"""``runs run --shard I/N --into DIR``: one shard's snippets run into a cache folder of its own.

The plan is made again here, from the same inputs (so every matrix job agrees on the split
without passing it around); then the shard's snippets run in an engine with the site's
options whose run cache is ``DIR``: the engine's limits, progress and log lines, the other
snippets held back. ``DIR`` ends up holding:

- ``runs/``: the shard's entries, as any run cache holds them;
- ``last-runs/``: their records, with how long each run took (the next plan's balance);
- ``shard.json`` (``SHARD_FILE``): per entry, its snippet, the hash of its content and what
  its run key was made of, from which ``runs merge`` checks each entry.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hf_model_guide import atomic
from hf_model_guide.engine.results import RunResult
from hf_model_guide.progress import SnippetProgress

from . import plan as planning
from .project import Project

SHARD_FILE = "shard.json"

Say = Callable[[str], None]


def content_hash(entry: dict[str, Any]) -> str:
    """What a run showed, hashed: the entry without how long it took (two runs of the same
    inputs differ only there)."""
    shown = {k: v for k, v in entry.items() if k != "seconds"}
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run(project: Project, shard: str, into: Path, say: Say) -> int:
    """Run shard ``shard`` ("I/N") into ``into``; the exit status (1: a run failed)."""
    index, count = planning.parse_shard(shard)
    made = planning.make(project, count)
    mine = {p.path: p for p in made.of(index)}
    say(f"shard {index}/{count}: {len(mine)} of the {len(made.snippets)} snippets to run")
    into = Path(into).resolve()
    into.mkdir(parents=True, exist_ok=True)
    # Their last records, so the log says why each runs as the build's would.
    home = project.cache_folder() / "last-runs"
    engine = project.engine(cache_folder=into, progress=lambda *event: progress(*event))
    for path in mine:
        record = engine.cache.last_runs.file(path)
        if (home / record.name).is_file():
            record.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(home / record.name, record)
    bars = SnippetProgress()

    def progress(event: str, path: str | None, done: int, total: int) -> None:
        if event == "start":  # the plan's reasons: this folder's cache starts empty
            for ran, _ in engine.cache.last_runs.take_reasons():
                say(f"snippets: running {ran}: {'; '.join(mine[ran].why)}")
        bars(event, path, done, total)

    engine.gate = lambda pending: None if pending.path in mine else ""
    try:
        engine.prepare(project.pages())
    finally:
        engine.close()
    problems = [*engine.take_notices(), *engine.take_problems()]
    for problem in problems:
        say(f"ERROR   -  {problem}")
    ran = {r.key: r for r in engine.results.values() if r.ok and r.path in mine}
    write_manifest(into, shard, ran, engine.key_args)
    say(engine.summary())
    return 1 if problems else 0


def write_manifest(
    into: Path, shard: str, ran: dict[str, RunResult], key_args: dict[str, dict[str, Any]]
) -> None:
    entries = {}
    for key, result in sorted(ran.items()):
        entries[key] = {
            "path": result.path,
            "content": content_hash(result_json(into, key)),
            "made_of": key_args[key],
        }
    text = json.dumps({"shard": shard, "entries": entries}, ensure_ascii=False, indent=1)
    atomic.write_text(into / SHARD_FILE, text + "\n")


def result_json(folder: Path, key: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "runs" / f"{key}.json").read_text("utf-8"))
    return data
