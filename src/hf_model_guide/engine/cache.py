"""Run results kept between builds: one JSON file a run under ``<cache>/runs/``.

A run is reused only when every input is byte-for-byte the same: the key hashes the
snippet's text, the text of each module it imports from ``snippets/`` (transitively), the
Python, torch, transformers, matplotlib and pandas versions, and the model source's
fingerprint. Failed runs, and expressions that failed, are never stored. Files are written
to a temporary name and renamed, so a build that is interrupted, or two builds at once,
never leave half an entry behind; a file that is not an entry is ignored and replaced.

Beside the entries, ``last_runs`` keeps what each snippet's last run key was made of
(``run_inputs``), from which the build says why a snippet runs again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from hf_model_guide.versions import installed

from .last_runs import LastRuns
from .reasons import RunInputs
from .results import RunResult

# Bump when the shape of an entry or the way outputs are produced changes.
# 2: values stored as a list of {expr, spec, ok, value|error} (RunResult.to_json).
# 3: figures without matplotlib's attribute-less <g> wrappers (figures.unwrap_bare_groups).
# 4: figures' coordinates at two decimals (figures.round_coordinates), values keep their exact
#    numbers (Evaluated.exact), and snippets run with the CPU kernels fixed (kernels.py).
# 5: snippets run in bubblewrap (engine/bubblewrap.py), and what a run printed is kept without
#    terminal escape sequences, other control characters replaced (text.page_safe, issue 33):
#    runs cached before kept them (transformers' load report in bold).
ENGINE_VERSION = 5


def runtime_versions() -> dict[str, str | None]:
    return {
        "python": sys.version,
        "torch": installed("torch"),
        "transformers": installed("transformers"),
        # They draw what display() shows: a figure's SVG, a DataFrame's table.
        "matplotlib": installed("matplotlib"),
        "pandas": installed("pandas"),
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


def run_inputs(
    text: str,
    imports: dict[str, str],
    data: dict[str, str],
    versions: dict,
    fingerprint: str,
) -> RunInputs:
    """What ``run_key`` hashes, piece by piece: ``imports`` by path with their text,
    ``data`` the declared data files by path with their SHA-256."""
    return RunInputs.of(text, imports, data, versions, fingerprint, engine=ENGINE_VERSION)


class RunCache:
    """The run files. A cache that cannot be read or written never fails a build: the run
    happens anyway, and ``notices`` says what went wrong with which file or folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "runs"
        self.memory: dict[str, RunResult] = {}
        self.notices: list[str] = []
        self._unwritable = False
        self.used: set[str] = set()  # the keys this build looked for: what pruning keeps
        self.last_runs = LastRuns(Path(folder) / "last-runs")

    def _file(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> RunResult | None:
        if key in self.memory:
            return self.memory[key]
        file = self._file(key)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            self.notices.append(f"cannot read the run cache file {file} ({exc}): running again")
            return None
        try:
            entry = RunResult.from_json(json.loads(text))
            if entry.key != key:
                raise ValueError(f"it holds the run {entry.key}")
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            # Not an entry we wrote (edited, truncated, another version): run again; the
            # new entry replaces it.
            self.notices.append(
                f"ignored the run cache file {file}: not a run entry ({type(exc).__name__}: "
                f"{exc}); it is replaced"
            )
            return None
        if not entry.ok:
            return None
        entry = only_evaluated(entry)
        self.memory[key] = entry
        with contextlib.suppress(OSError):
            os.utime(file)  # its last use, which pruning reads
        return entry

    def put(self, entry: RunResult) -> None:
        """Store a run that succeeded, without the expressions that failed: a fixed
        expression must never meet its old error again."""
        if not entry.ok:
            self.last_runs.failed(entry.path, entry.key)
            return
        entry = only_evaluated(entry)
        self.memory[entry.key] = entry
        self.last_runs.measured(entry.path, entry.key, entry.seconds)  # runs plan balances by it
        if self._unwritable:
            return
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry.to_json(), handle, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self._file(entry.key))  # atomic: readers see old or new, whole
        except OSError as exc:
            self._unwritable = True
            self.notices.append(
                f"cannot write the run cache in {self.folder} ({exc}): this build goes on "
                "without storing its runs"
            )
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def prune(self, unused_for: float = 0) -> int:
        """Remove every entry this build did not use and no build used for ``unused_for``
        seconds (another site sharing the cache, a test suite's other builds, keep theirs
        meanwhile), and temporary files a killed build left (older than an hour: a build
        running now may be writing one). Returns how many files went."""
        removed = 0
        try:
            files = list(self.folder.iterdir())
        except OSError:
            return 0
        now = time.time()
        for file in files:
            try:
                if file.name.startswith(".tmp-"):
                    stale = file.stat().st_mtime < now - 3600
                else:
                    stale = (
                        file.suffix == ".json"
                        and file.stem not in self.used
                        and file.stat().st_mtime < now - unused_for
                    )
                if stale:
                    file.unlink()
                    removed += 1
            except OSError:
                continue
        return removed + self.last_runs.prune(self.used, now - unused_for)

    def take_notices(self) -> list[str]:
        notices, self.notices = self.notices, []
        return notices


def only_evaluated(entry: RunResult) -> RunResult:
    """The run without its failed expressions (kept in this build's results, never stored)."""
    if all(value.ok for value in entry.values.values()):
        return entry
    kept = {key: value for key, value in entry.values.items() if value.ok}
    return dataclasses.replace(entry, values=kept)
