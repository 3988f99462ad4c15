"""Run results kept between builds: one JSON file a run under ``<cache>/runs/``.

A run is reused only when every input is byte-for-byte the same: the key hashes the
snippet's text, the text of each module it imports from ``snippets/`` (transitively), the
Python, torch, transformers, matplotlib and pandas versions, and the model source's
fingerprint. Failed runs are never stored. Files are written to a temporary name and renamed, so a build that is
interrupted never leaves half an entry behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from .results import RunResult

# Bump when the shape of an entry or the way outputs are produced changes.
# 2: values stored as a list of {expr, spec, ok, value|error} (RunResult.to_json).
ENGINE_VERSION = 2


def runtime_versions() -> dict[str, str | None]:
    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "python": sys.version,
        "torch": version("torch"),
        "transformers": version("transformers"),
        # They draw what display() shows: a figure's SVG, a DataFrame's table.
        "matplotlib": version("matplotlib"),
        "pandas": version("pandas"),
    }


def run_key(path: str, text: str, deps: dict[str, str], versions: dict, fingerprint: str) -> str:
    blob = json.dumps(
        {
            "engine": ENGINE_VERSION,
            "path": path,
            "text": text,
            "deps": deps,
            "versions": versions,
            "model": fingerprint,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class RunCache:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "runs"
        self.memory: dict[str, RunResult] = {}

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> RunResult | None:
        if key in self.memory:
            return self.memory[key]
        try:
            entry = RunResult.from_json(json.loads(self._file(key).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, or not an entry we wrote: run again
        if entry.key != key or not entry.ok:
            return None
        self.memory[key] = entry
        return entry

    def put(self, entry: RunResult) -> None:
        if not entry.ok:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry.to_json(), handle, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self._file(entry.key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.memory[entry.key] = entry
