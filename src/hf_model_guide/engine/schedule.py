"""Running the engine's batches in the warm worker: the build waits for them, or (``mkdocs
serve``) they go on in the background while pages show them as running.

``Runs`` keeps the worker (started on first use, replaced when the model source's variables
change), files each result in the run cache, reports progress, and remembers background runs:
those going on, and what they gave, by cache key (failures included: a failed run is not
retried until its inputs change).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import RunCache
from .results import Outcome, RunResult, RunSource
from .runner import Worker, WorkerError
from .sandbox.job import Job

if TYPE_CHECKING:
    from .source import Source

# How the build's runs are reported as they go (hf_model_guide.progress.SnippetProgress):
# (event "start" | "finished" | "end", snippet path or None, runs done, runs in this batch).
Progress = Callable[[str, str | None, int, int], None]


class Runs:
    def __init__(
        self,
        root: Path,
        cache: RunCache,
        *,
        preload: Iterable[str],
        parallel: int | None,
        pass_env: Iterable[str],
        progress: Progress | None,
        scratch: int | None = None,
    ) -> None:
        self.root = root
        self.cache = cache
        self.preload = list(preload)
        self.parallel = parallel
        self.pass_env = tuple(pass_env)
        self.scratch = scratch
        self.progress = progress
        self.worker: Worker | None = None
        self.worker_starts = 0
        self._lock = threading.Lock()
        self._running: dict[str, str] = {}  # key -> snippet path
        self._ran: dict[str, RunResult] = {}

    def background(self, key: str) -> tuple[RunResult | None, bool]:
        """What a background run of this key gave, if it ended, and whether it goes on."""
        with self._lock:
            return self._ran.get(key), key in self._running

    @property
    def busy(self) -> bool:
        """Runs are going on in the background."""
        with self._lock:
            return bool(self._running)

    def run(
        self, source: Source, jobs: list[Job], ran_with: RunSource, versions: dict
    ) -> Iterator[RunResult]:
        """Each job's result as it ends, filed in the run cache if it succeeded."""
        by_id = {job.id: job for job in jobs}
        self._tell("start", None, 0, len(jobs))
        for done, (job_id, outcome) in enumerate(self._results(source, jobs), 1):
            job = by_id[job_id]
            self._tell("finished", job.path, done, len(jobs))
            result = RunResult.of(
                outcome,
                key=job.key,
                path=job.path,
                uses_model=job.uses_model,
                source=ran_with,
                versions=versions,
            )
            self.cache.put(result)  # if it succeeded
            yield result
        self._tell("end", None, len(jobs), len(jobs))

    def start_background(
        self,
        source: Source,
        jobs: list[Job],
        ran_with: RunSource,
        versions: dict,
        done: Callable[[], None],
    ) -> None:
        """Run the jobs in a thread; ``done`` is called when they have all ended."""
        with self._lock:
            self._running.update({job.key: job.path for job in jobs})

        def run() -> None:
            try:
                for result in self.run(source, jobs, ran_with, versions):
                    with self._lock:
                        self._ran[result.key] = result
                        self._running.pop(result.key, None)
            finally:
                with self._lock:
                    for job in jobs:
                        self._running.pop(job.key, None)
                done()

        threading.Thread(target=run, name="run-snippets", daemon=True).start()

    def _tell(self, event: str, path: str | None, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(event, path, done, total)

    def _results(self, source: Source, jobs: list[Job]) -> Iterator[tuple[str, Outcome]]:
        try:
            yield from self._worker(source).run(jobs)
        except WorkerError as exc:  # reported as every job's failure, not as a crash
            for job in jobs:
                yield job.id, Outcome.failed(f"{job.path}: not run: {exc}")

    def _worker(self, source: Source) -> Worker:
        hub = source.kind == "hub"
        if self.worker is not None and not self.worker.matches(
            source.env, self.preload, hub, self.pass_env
        ):
            self.worker.close()
            self.worker = None
        if self.worker is None:
            self.worker = Worker(
                self.root,
                env=source.env,
                preload=self.preload,
                parallel=self.parallel,
                hub=hub,
                pass_env=self.pass_env,
                scratch=self.scratch,
            )
        if not self.worker.alive:
            self.worker_starts += 1
        return self.worker

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None
