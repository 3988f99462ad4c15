"""The engine: find directives in pages, run what the cache lacks, render pages.

No site generator is imported here: ``hf_model_guide.plugins.run_snippets`` adapts it to MkDocs,
and the notebooks feature and the tests call it directly. A build goes::

    engine.begin_build()
    engine.prepare({"docs/a.md": text, "docs/a.en.md": text_en, ...})   # runs, once
    for each page (each language):
        rendered = engine.render(text, page="docs/a.md", lang="zh")
    engine.take_problems(), engine.summary()

``prepare`` reads every page of every language first, so code runs once whatever the number
of languages; ``render`` only substitutes (it runs a snippet only if a page shows up that
``prepare`` never saw).
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hf_model_guide.model import source as model_source

from . import directives as d
from . import displays
from .cache import RunCache, run_key, runtime_versions
from .job import Job
from .limits import Limits
from .literal import Literals, needs_shelter, without_ansi
from .results import Outcome, RunResult, RunSource, ValueKey
from .runner import DEFAULT_PRELOAD, Worker, WorkerError
from .snippet import Snippet, SnippetError, local_imports

# Seconds a snippet may run before it is killed with every process it started: enough for a
# page's example, short enough that a snippet stuck on the network cannot stall a build.
DEFAULT_TIMEOUT = 120.0

# Characters a snippet may print: a page is for reading, and a runaway print would make a
# page (and the search index) of tens of megabytes.
DEFAULT_MAX_OUTPUT = 1_000_000

# A snippet (or a project module it imports) whose text holds one of these loads a model, so
# its output depends on the model source: pages showing it get the stand-in disclosure.
MODEL_MARKERS = ("from_pretrained", "pipeline(", "snapshot_download", "hf_hub_download")


# How the build's runs are reported as they go (hf_model_guide.progress.SnippetProgress):
# (event "start" | "finished" | "end", snippet path or None, runs done, runs in this batch).
Progress = Callable[[str, str | None, int, int], None]


@dataclass(frozen=True)
class Source:
    """What ``hf_model_guide.model.source.resolve()`` returns, reduced to what we use."""

    kind: str = "none"  # "hub", "standin", or "none" when no model source is known
    fingerprint: str = ""
    env: dict[str, str] = field(default_factory=dict)
    card_path: str | None = None
    revision: str = ""  # hub: the checkpoint's commit

    @classmethod
    def of(cls, source: Any) -> Source:
        if isinstance(source, Source):
            return source
        card = getattr(source, "card_path", None)
        return cls(
            kind=str(getattr(source, "kind", "none")),
            fingerprint=str(getattr(source, "fingerprint", "")),
            env={str(k): str(v) for k, v in (getattr(source, "env", None) or {}).items()},
            card_path=str(card) if card is not None else None,
            revision=str(getattr(source, "revision", "") or ""),
        )


def resolve_model_source(mode: str | None = None) -> Source:
    """The project's model source."""
    return Source.of(model_source.resolve(mode))


def snapshot(folders: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """Every file under these folders, with its modification time and size."""
    found: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [name for name in dirnames if name != "__pycache__"]
            for name in filenames:
                file = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    stat = file.stat()
                    found[file] = (stat.st_mtime_ns, stat.st_size)
    return found


@dataclass
class LineMap:
    """Where the lines of a page another tool changed come from in the page as written."""

    numbers: list[int]  # each line's line in the page as written (an inserted one: the last)
    inserted: set[int]  # the indices of the lines the author did not write

    @classmethod
    def of(cls, written: str, changed: str) -> LineMap | None:
        """None when nothing changed."""
        if written == changed:
            return None
        old, new = written.split("\n"), changed.split("\n")
        found = cls([], set())
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):  # kept, or edited
                found.numbers += range(i1 + 1, i2 + 1)
            else:
                found.numbers += [max(i1, 1)] * (j2 - j1)
                found.inserted.update(range(j1, j2))
        return found


@dataclass
class Stats:
    executed: int = 0
    cached: int = 0
    failed: int = 0
    running: int = 0  # in the background (mkdocs serve): shown by the next build

    def line(self) -> str:
        line = f"snippets: {self.executed} executed, {self.cached} from cache, {self.failed} failed"
        return line + (f", {self.running} running" if self.running else "")


@dataclass
class Rendered:
    """A page with its directives replaced. ``markdown`` is ready for any Markdown reader;
    ``sheltered`` is the same page for MkDocs, with printed text kept out of reach of
    Markdown's extensions until ``literals.html`` puts it into the page's HTML."""

    markdown: str
    standin: bool = False  # outputs on this page came from the stand-in model
    ran: bool = False  # the page has at least one snippet directive
    sheltered: str = ""
    literals: Literals = field(default_factory=Literals)

    def __post_init__(self) -> None:
        self.sheltered = self.sheltered or self.markdown


class Engine:
    def __init__(
        self,
        root: Path,
        *,
        cache_folder: Path | None = None,
        source: Source | Callable[[], Any] | None = None,
        enabled: bool = True,
        preload: Iterable[str] = DEFAULT_PRELOAD,
        parallel: int | None = None,  # snippets run side by side; None: the machine's cores
        timeout: float = DEFAULT_TIMEOUT,
        max_output: int = DEFAULT_MAX_OUTPUT,
        limits: Limits | None = None,  # memory, file size, processes (``limits``)
        pass_env: Iterable[str] = (),  # variables snippets may see besides the allow-list
        model_markers: Iterable[str] = MODEL_MARKERS,
        progress: Progress | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        if cache_folder is None:
            from hf_model_guide.paths import cache_dir

            cache_folder = cache_dir(self.root)
        self.cache = RunCache(cache_folder)
        self._source = source if source is not None else resolve_model_source
        self.enabled = enabled
        self.preload = list(preload)
        self.parallel = parallel
        self.timeout = timeout
        self.max_output = max_output
        self.limits = limits or Limits()
        self.pass_env = tuple(pass_env)
        self.model_markers = tuple(model_markers)
        self.progress = progress
        self.worker: Worker | None = None
        self.worker_starts = 0
        # Background runs (``prepare(..., background=True)``, for ``mkdocs serve``): runs
        # going on, by cache key; what they gave, by key, failures included (a failed run is
        # not retried until its inputs change); and who to tell when a batch is done.
        self._lock = threading.Lock()
        self._running: dict[str, str] = {}  # key -> snippet path
        self._ran: dict[str, RunResult] = {}
        self.on_background_done: Callable[[], None] | None = None
        # Folders a snippet must not write into (set by the MkDocs adapter: docs, site).
        self.guarded: list[Path] = [self.root / "snippets"]
        self.begin_build()

    # -- one build --------------------------------------------------------------------------

    def begin_build(self) -> None:
        self.stats = Stats()
        self.results: dict[str, RunResult] = {}  # snippet path -> its run (ok or failed)
        self.snippets: dict[str, Snippet | SnippetError] = {}
        self.data_files: dict[str, dict[str, str]] = {}  # snippet -> declared data: digest
        self.page_errors: dict[tuple[str, int], str] = {}
        self.timeouts: dict[str, float] = {}  # snippet path -> the longest limit a page asked
        # snippet path -> the limits its includes set (the largest, when pages differ)
        self.run_limits: dict[str, dict[str, int]] = {}
        self._literals = Literals()  # the page being rendered's
        self.cache.used = set()
        self.running: set[str] = set()  # snippet paths whose run goes on in the background
        self._background = False
        self.problems: list[str] = []
        self._reported: set[str] = set()
        self.source: Source | None = None
        self.started = time.monotonic()

    def _problem(self, text: str) -> None:
        if text not in self._reported:
            self._reported.add(text)
            self.problems.append(text)

    def take_notices(self) -> list[str]:
        """Warnings that fail nothing: the run cache could not be read or written."""
        return self.cache.take_notices()

    def take_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems

    def summary(self) -> str:
        return self.stats.line()

    def _snippet(self, path: str) -> Snippet | SnippetError:
        if path not in self.snippets:
            try:
                self.snippets[path] = snippet = Snippet.read(self.root, path)
                self.data_files[path] = snippet.data_files(self.root)
            except (SnippetError, OSError, UnicodeDecodeError) as exc:
                self.snippets[path] = (
                    exc
                    if isinstance(exc, SnippetError)
                    else SnippetError(f"cannot read snippet {path}: {exc}")
                )
        return self.snippets[path]

    def _resolve_source(self) -> Source:
        if self.source is None:
            found = self._source() if callable(self._source) else self._source
            self.source = Source.of(found)
        return self.source

    def prepare(self, pages: dict[str, str], *, background: bool = False) -> Stats:
        """Check every directive of these pages and run each snippet the cache lacks, once.

        ``background``: start the runs and return at once; pages render them as running,
        and ``on_background_done`` is called when they end (a new build then shows them)."""
        wanted: dict[str, set[ValueKey]] = {}
        for page, markdown in pages.items():
            parsed = d.parse(markdown)
            for line, text in parsed.errors:
                self._page_error(page, line, text)
            directives: list[d.Include | d.Value] = [*parsed.includes, *parsed.values]
            for directive in directives:
                snippet = self._snippet(directive.path)
                if isinstance(snippet, SnippetError):
                    self._page_error(page, directive.line, str(snippet))
                    continue
                section = getattr(directive, "section", None)
                if section is not None and section not in snippet.sections:
                    known = ", ".join(sorted(snippet.sections)) or "none"
                    self._page_error(
                        page,
                        directive.line,
                        f"no section {section!r} in {directive.path} (sections: {known})",
                    )
                    continue
                if isinstance(directive, d.Include) and not directive.run:
                    continue
                if isinstance(directive, d.Include) and directive.timeout:
                    self.timeouts[directive.path] = max(
                        directive.timeout, self.timeouts.get(directive.path, 0)
                    )
                if isinstance(directive, d.Include) and directive.limits:
                    asked = self.run_limits.setdefault(directive.path, {})
                    for name, size in directive.limits.items():
                        asked[name] = max(size, asked.get(name, 0))
                exprs = wanted.setdefault(directive.path, set())
                if isinstance(directive, d.Value):
                    exprs.add(directive.key)
        self._background = background
        if self.enabled:
            self._run_missing(wanted, background=background)
            # Every failed value is reported now, while MkDocs' outer build counts errors,
            # rather than in each language's build: the count it prints is the one logged.
            for page, markdown in pages.items():
                for value in d.parse(markdown).values:
                    self._value_problem(page, value)
        return self.stats

    def _page_error(self, page: str, line: int, text: str) -> None:
        message = f"{page}:{line}: {text}"
        if (page, line) not in self.page_errors:
            self.stats.failed += 1
        self.page_errors[(page, line)] = message
        self._problem(message)

    def _run_missing(self, wanted: dict[str, set[ValueKey]], *, background: bool = False) -> None:
        todo = {
            path: exprs
            for path, exprs in wanted.items()
            if path not in self.results or not self.results[path].has_values(exprs)
        }
        if not todo:
            return
        source = self._resolve_source()
        versions = runtime_versions()
        jobs: list[Job] = []
        for path, exprs in sorted(todo.items()):
            snippet = self.snippets[path]
            assert isinstance(snippet, Snippet)
            deps = local_imports(self.root, path)
            data = self.data_files.get(path, {})
            deps.update({f"data:{name}": digest for name, digest in data.items()})
            key = run_key(path, snippet.text, deps, versions, source.fingerprint)
            self.cache.used.add(key)
            with self._lock:
                ran = self._ran.get(key)
                running = key in self._running
            if ran is not None and ran.has_values(exprs):  # a background run's result
                self._use(path, ran)
                continue
            if running:
                self.running.add(path)
                continue
            cached = self.cache.get(key)
            if cached is not None and cached.has_values(exprs):
                if path not in self.results:
                    self.stats.cached += 1
                self.results[path] = cached
                continue
            known = set(cached.values) if cached is not None else set()
            uses_model = any(
                marker in text
                for marker in self.model_markers
                for text in (snippet.text, *deps.values())
            )
            jobs.append(
                Job(
                    path=path,
                    key=key,
                    chunks=snippet.chunk_sources(),
                    exprs=tuple(sorted(exprs | known)),
                    timeout=self.timeouts.get(path, self.timeout),
                    max_output=self.max_output,
                    limits=self._limits_of(path),
                    uses_model=uses_model,
                )
            )
        if not jobs:
            return
        ran_with = RunSource(source.kind, source.fingerprint, source.card_path)
        if background:
            with self._lock:
                self._running.update({job.key: job.path for job in jobs})
            self.running.update(job.path for job in jobs)
            self.stats.running = len(self.running)
            threading.Thread(
                target=self._run_in_background,
                args=(source, jobs, ran_with, versions),
                name="run-snippets",
                daemon=True,
            ).start()
            return
        before = snapshot(self.guarded)
        for result in self._run(source, jobs, ran_with, versions):
            self._use(path=result.path, result=result, fresh=True)
        self._check_writes(before, [job.path for job in jobs])

    def _check_writes(self, before: dict[Path, tuple[int, int]], ran: list[str]) -> None:
        """Snippets run with the project as their folder (as a reader runs them), but what
        they write into the pages, the snippets or the site must not reach the build: a new
        file there is removed, a changed or removed one reported."""
        after = snapshot(self.guarded)
        who = ", ".join(ran)
        for file in sorted(after.keys() - before.keys()):
            with contextlib.suppress(OSError):
                file.unlink()
            self._write_problem(file, f"created by a snippet of this build ({who}): removed")
        for file in sorted(before.keys() - after.keys()):
            self._write_problem(file, f"deleted by a snippet of this build ({who})")
        for file in sorted(before.keys() & after.keys()):
            if before[file] != after[file]:
                self._write_problem(file, f"changed by a snippet of this build ({who})")

    def _write_problem(self, file: Path, what: str) -> None:
        try:
            name = file.relative_to(self.root).as_posix()
        except ValueError:
            name = str(file)
        self.stats.failed += 1
        self._problem(
            f"{name}: {what}; snippets may write files, but not into docs/, snippets/ or the site"
        )

    def _run(
        self, source: Source, jobs: list[Job], ran_with: RunSource, versions: dict
    ) -> Iterator[RunResult]:
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

    def _tell(self, event: str, path: str | None, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(event, path, done, total)

    def _run_in_background(
        self, source: Source, jobs: list[Job], ran_with: RunSource, versions: dict
    ) -> None:
        try:
            for result in self._run(source, jobs, ran_with, versions):
                with self._lock:
                    self._ran[result.key] = result
                    self._running.pop(result.key, None)
        finally:
            with self._lock:
                for job in jobs:
                    self._running.pop(job.key, None)
            if self.on_background_done is not None:
                self.on_background_done()

    def _use(self, path: str, result: RunResult, fresh: bool = False) -> None:
        """This build shows ``result`` for ``path``; its failures are reported."""
        known = path in self.results
        self.results[path] = result
        if known:
            return
        if result.ok:
            if fresh:
                self.stats.executed += 1
            else:
                self.stats.cached += 1
            # A failed expression is reported once per page quoting it (_value_problem).
        else:
            self.stats.failed += 1
            assert result.error is not None
            self._problem(result.error.message)

    def prune(self, unused_for: float = 0) -> int:
        """After a full build: remove the cached runs it did not use (they would otherwise
        pile up with every edit). Only when this build looked up every run it shows."""
        if not self.enabled or self.running or self.busy:
            return 0
        return self.cache.prune(unused_for)

    @property
    def busy(self) -> bool:
        """Runs are going on in the background."""
        with self._lock:
            return bool(self._running)

    def _limits_of(self, path: str) -> Limits:
        return dataclasses.replace(self.limits, **self.run_limits.get(path, {}))

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
            )
        if not self.worker.alive:
            self.worker_starts += 1
        return self.worker

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    # -- one page ---------------------------------------------------------------------------

    def render(
        self,
        markdown: str,
        *,
        page: str,
        lang: str | None,
        standin_url: str = "standin/",
        written: str | None = None,
    ) -> Rendered:
        """Replace the page's directives by code, outputs and values.

        ``written``: the page as its author wrote it, when other tools changed it since (a
        translation notice put under its title): the runs are prepared, and problems named,
        by the lines the author wrote."""
        parsed = d.parse(markdown)
        if not parsed.includes and not parsed.values:
            return Rendered(markdown)
        if self.enabled and any(
            p not in self.results and p not in self.running for p in parsed.paths_to_run
        ):
            # A page prepare never saw.
            self.prepare(
                {page: markdown if written is None else written}, background=self._background
            )
        changed = LineMap.of(written, markdown) if written is not None else None

        def page_line(line: int) -> int:
            return changed.numbers[line - 1] if changed else line

        self._literals = literals = Literals()
        lines = markdown.split("\n")
        inserts: dict[int, list[str]] = {}  # line index -> lines to put before it
        replaced: dict[int, list[str]] = {}
        for number, _ in parsed.errors:  # an include it could not read: the failure instead
            error = self.page_errors.get((page, page_line(number)))
            include = d.INCLUDE.match(lines[number - 1])
            if error and include:
                replaced[number - 1] = self._failure(error, lang, include["indent"])
        for inc in parsed.includes:
            index = inc.line - 1
            error = self.page_errors.get((page, page_line(inc.line)))
            snippet = self.snippets.get(inc.path)
            if error or not isinstance(snippet, Snippet):
                replaced[index] = self._failure(error or str(snippet), lang, inc.indent)
                continue
            code = snippet.shown_code(inc.section)
            replaced[index] = d.code_block(
                code, title=inc.title or inc.path, hl=inc.hl, indent=inc.indent
            )
            after = d.annotation_list_end(lines, index)
            block = self._output_lines(inc, lang, page, page_line(inc.line))
            if block:
                inserts.setdefault(after, []).extend(["", *block, ""])
        by_line: dict[int, list[d.Value]] = {}
        for value in parsed.values:
            by_line.setdefault(value.line - 1, []).append(value)
        for index, values in by_line.items():
            line = lines[index]
            for value in sorted(values, key=lambda v: v.start, reverse=True):
                text = self._value_text(page, value, lang, page_line(value.line))
                line = line[: value.start] + text + line[value.end :]
            lines[index] = line
        out: list[str] = []
        for index, line in enumerate(lines):
            out.extend(inserts.get(index, []))
            out.extend(replaced.get(index, [line]))
        out.extend(inserts.get(len(lines), []))
        standin = any(
            (result := self.results.get(path)) is not None and result.standin
            for path in parsed.paths
        )
        top = []
        if not self.enabled:
            top = d.admonition(
                "note", d.message(lang, "not_run_title"), [d.message(lang, "not_run")]
            )
        elif standin:
            # One line without a title: the lesson starts right below it, and each output's
            # title says which model produced it.
            top = d.admonition("info", "", [d.message(lang, "standin", url=standin_url)])
        if top:
            at = 0
            while at < len(out) and not out[at].strip():
                at += 1
            at = at + 1 if at < len(out) and out[at].startswith("# ") else 0
            if at and changed:  # below the notices others put under the title, as before
                j = at
                while j < len(lines) and (j in changed.inserted or not lines[j].strip()):
                    at = j + 1 if j in changed.inserted else at
                    j += 1
            out[at:at] = ["", *top, ""]
        sheltered = "\n".join(out)
        return Rendered(
            literals.plain(sheltered),
            standin=standin,
            ran=True,
            sheltered=sheltered,
            literals=literals,
        )

    def _output_lines(self, inc: d.Include, lang: str | None, page: str, line: int) -> list[str]:
        if not self.enabled or not inc.run:
            return []
        result = self.results.get(inc.path)
        if result is None:
            if inc.path in self.running:
                body = [d.message(lang, "running")]
                return d.admonition("info", d.message(lang, "running_title"), body, inc.indent)
            return []
        # Each output's title names the model that produced it, when a model did.
        kind = result.source.kind if result.uses_model else ""
        by = f"by_{kind}" if kind in ("standin", "hub") else ""
        pieces = displays.interleave(
            (c for c in result.chunks if inc.section is None or inc.section in c.sections),
            "all" if inc.stderr else "out",
        )
        body, problems = displays.page_lines(
            pieces,
            lang=lang,
            indent=inc.indent,
            alts=inc.alt,
            output_block=lambda text, lang, indent: self._output(text, lang, indent, by),
            shelter=lambda content: self._literals.add(content, content),
        )
        for problem in problems if result.ok else ():
            self._problem(f"{page}:{line}: {inc.path}: {problem}")
        if not result.ok:  # what it printed before failing, then the failure
            error = result.error
            assert error is not None
            return [
                *body,
                *([""] if body else []),
                *self._failure(error.traceback or error.message, lang, inc.indent),
            ]
        return body

    def _output(self, text: str, lang: str | None, indent: str, by: str = "") -> list[str]:
        text = without_ansi(text).rstrip("\n")
        if not text.strip():
            return []
        return d.output_block(self._literals.block(text, indent), lang, indent, by)

    def _failure(self, detail: str, lang: str | None, indent: str) -> list[str]:
        detail = without_ansi(detail).rstrip("\n")
        return d.failure_block(self._literals.block(detail, indent), lang, indent)

    def _value_problem(self, page: str, value: d.Value, line: int | None = None) -> None:
        """Report a value of a page whose snippet ran but whose expression failed; counted
        as a failure once, however many times (languages, nested builds) it is rendered."""
        result = self.results.get(value.path)
        if result is None or not result.ok:
            return  # the snippet's own failure is reported
        found = result.values.get(value.key)
        if found is not None and found.ok:
            return
        why = found.error if found else "was not evaluated"
        text = f"{page}:{line or value.line}: {{= {value.path} | {value.expr} =}}: {why}"
        if text not in self._reported:
            self.stats.failed += 1
        self._problem(text)

    def _value_text(self, page: str, value: d.Value, lang: str | None, line: int) -> str:
        if not self.enabled:
            return d.value_text(d.message(lang, "not_run_value"))
        result = self.results.get(value.path)
        if result is None and value.path in self.running:
            return d.value_text(d.message(lang, "running_value"))
        found = result.values.get(value.key) if result is not None else None
        if found is None or not found.ok:
            self._value_problem(page, value, line)
            return d.value_text(d.message(lang, "error_value"))
        text = without_ansi(found.value or "")
        shown = d.value_text(text, source=value.path)
        if not needs_shelter(text):
            return shown
        return self._literals.add(shown, d.value_html(text, source=value.path))
