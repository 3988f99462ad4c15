"""What each snippet's last run was made of, so that the next build can say why it runs again.

One small JSON file a snippet path under ``<cache>/last-runs/``: the run key, its pieces
(``reasons.RunInputs``), whether the run succeeded and how many seconds it took (what
``hf-model-guide runs plan`` balances its shards by). Kept beside the run cache, not in it:
``hf-model-guide clean`` empties ``runs/`` and keeps these, so the runs after it say "cache
cleared" rather than "new". A file is written only when a snippet's run key changed or its run
failed, so a warm build reads them and writes none. A record that cannot be read or written
only makes a reason less precise ("new"); it never fails a build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .reasons import LastRun, RunInputs, explain
from .results import ValueKey


class LastRuns:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        # Why each snippet of this build runs, in order, until the build's log takes them.
        self.reasons: list[tuple[str, list[str]]] = []

    def file(self, path: str) -> Path:
        """Where the record of ``path`` is kept (``runs run`` copies a shard's)."""
        return self._file(path)

    def _file(self, path: str) -> Path:
        return self.folder / f"{hashlib.sha256(path.encode('utf-8')).hexdigest()[:32]}.json"

    def _read(self, path: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._file(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("path") == path else None

    def _write(
        self, path: str, key: str, inputs: RunInputs, ok: bool, seconds: float | None = None
    ) -> None:
        record = {"path": path, "key": key, "ok": ok, "inputs": inputs.to_json()}
        if seconds is None:  # a new run keeps the last measured time until it has its own
            seconds = self.seconds(path)
        if seconds is not None:
            record["seconds"] = seconds
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, self._file(path))
        except OSError:
            pass  # the run cache's own notice names an unwritable cache folder
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink(missing_ok=True)

    def last(self, path: str) -> LastRun | None:
        data = self._read(path)
        if data is None:
            return None
        try:
            return LastRun(RunInputs.from_json(data["inputs"]), data.get("ok") is not False)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def remember(self, path: str, key: str, inputs: RunInputs) -> None:
        """``path`` shows the cached run of ``key`` in this build."""
        data = self._read(path)
        if data is None or data.get("key") != key or data.get("ok") is not True:
            self._write(path, key, inputs, ok=True)

    def runs(
        self, path: str, key: str, inputs: RunInputs, missing: Iterable[ValueKey] = ()
    ) -> None:
        """``path`` runs now with these inputs: why is kept for the log, and the inputs for
        the next build. ``missing``: the quoted expressions the cached run of ``key`` lacks."""
        self.reasons.append((path, explain(self.last(path), inputs, missing)))
        self._write(path, key, inputs, ok=True)

    def seconds(self, path: str) -> float | None:
        """How long the last measured run of ``path`` took, if known."""
        seconds = (self._read(path) or {}).get("seconds")
        return float(seconds) if isinstance(seconds, int | float) and seconds >= 0 else None

    def measured(self, path: str, key: str, seconds: float | None) -> None:
        """The run of ``key`` succeeded in ``seconds``."""
        data = self._read(path)
        if seconds is None or data is None or data.get("key") != key:
            return
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            self._write(path, key, RunInputs.from_json(data["inputs"]), ok=True, seconds=seconds)

    def failed(self, path: str, key: str) -> None:
        """The run of ``key`` failed: the next build with the same inputs says so."""
        data = self._read(path)
        if data is None or data.get("key") != key:
            return
        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            self._write(path, key, RunInputs.from_json(data["inputs"]), ok=False)

    def prune(self, used: set[str], older_than: float) -> int:
        """Remove the records of snippets this build did not run or show (their last key is
        not among ``used``) written before ``older_than``: no page names them any more, or
        another site sharing the cache keeps them fresh meanwhile. Returns how many went."""
        removed = 0
        for file in self.folder.glob("*.json") if self.folder.is_dir() else ():
            try:
                if file.stat().st_mtime >= older_than:
                    continue
                key = json.loads(file.read_text(encoding="utf-8")).get("key")
            except (OSError, ValueError, AttributeError):
                key = None
            if key not in used:
                with contextlib.suppress(OSError):
                    file.unlink()
                    removed += 1
        return removed

    def take_reasons(self) -> list[tuple[str, list[str]]]:
        reasons, self.reasons = self.reasons, []
        return reasons
