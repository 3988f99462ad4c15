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

``Engine`` keeps one build's bookkeeping (snippets read, runs used, problems, counts) and
decides what to run; the jobs themselves are ``job.Job``, run by ``schedule.Runs`` in the
warm worker; ``page.PageRender`` renders each page from what was prepared; ``writes`` undoes
what snippets wrote where they must not.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import directives as d
from .cache import RunCache, run_inputs, run_key, runtime_versions
from .held import Gate, Pending, needs_device
from .page import LineMap, PageRender, Rendered, value_problem
from .reasons import RunInputs
from .results import RunError, RunResult, RunSource, ValueKey
from .runner import DEFAULT_PRELOAD, Worker
from .sandbox.job import Job
from .sandbox.limits import Ceilings, Limits, show_limit
from .schedule import Progress, Runs
from .snippet import Snippet, SnippetError, local_imports
from .source import Source, resolve_model_source
from .writes import snapshot, undo_writes

# Seconds a snippet may run before it is killed with every process it started: enough for a
# page's example, short enough that a snippet stuck on the network cannot stall a build.
DEFAULT_TIMEOUT = 120.0

# Characters a snippet may print: a page is for reading, and a runaway print would make a
# page (and the search index) of tens of megabytes.
DEFAULT_MAX_OUTPUT = 1_000_000

# A snippet (or a project module it imports) whose text holds one of these loads a model, so
# its output depends on the model source: pages showing it get the stand-in disclosure.
MODEL_MARKERS = ("from_pretrained", "pipeline(", "snapshot_download", "hf_hub_download")


@dataclass
class Stats:
    executed: int = 0
    cached: int = 0
    failed: int = 0
    running: int = 0  # in the background (mkdocs serve): shown by the next build

    def line(self) -> str:
        line = f"snippets: {self.executed} executed, {self.cached} from cache, {self.failed} failed"
        return line + (f", {self.running} running" if self.running else "")


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
        # How far an include may raise them, and its timeout (``Ceilings``; None: defaults)
        ceilings: Ceilings | None = None,
        pass_env: Iterable[str] = (),  # variables snippets may see besides the allow-list
        scratch: int | None = None,  # the sandbox's /tmp and /dev/shm, each; None: the default
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
        self.ceilings = ceilings or Ceilings()
        self.pass_env = tuple(pass_env)
        self.model_markers = tuple(model_markers)
        # The worker and the background runs (``prepare(..., background=True)``, for
        # ``mkdocs serve``); who to tell when a background batch is done.
        self.runs = Runs(
            self.root,
            self.cache,
            preload=self.preload,
            parallel=parallel,
            pass_env=self.pass_env,
            progress=progress,
            scratch=scratch,
        )
        self.on_background_done: Callable[[], None] | None = None
        # Folders a snippet must not write into (set by the MkDocs adapter: docs, site).
        self.guarded: list[Path] = [self.root / "snippets"]
        # Which runs this build starts (``held``): None starts all of them.
        self.gate: Gate | None = None
        self.begin_build()

    # -- one build --------------------------------------------------------------------------

    def begin_build(self) -> None:
        self.stats = Stats()
        self.results: dict[str, RunResult] = {}  # snippet path -> its run (ok or failed)
        self.snippets: dict[str, Snippet | SnippetError] = {}
        self.data_files: dict[str, dict[str, str]] = {}  # snippet -> declared data: digest
        self.inputs: dict[str, RunInputs] = {}  # snippet -> what its run key was made of
        self.page_errors: dict[tuple[str, int], str] = {}
        self.timeouts: dict[str, float] = {}  # snippet path -> the longest limit a page asked
        # snippet path -> the limits its includes set (the largest, when pages differ)
        self.run_limits: dict[str, dict[str, int]] = {}
        self.devices: dict[str, str] = {}  # snippet path -> "cuda" when an include says so
        # run key -> run_key's arguments: what a shard records so a merge can check the key
        self.key_args: dict[str, dict[str, Any]] = {}
        self.cache.used = set()
        self.running: set[str] = set()  # snippet paths whose run goes on in the background
        self._background = False
        self.problems: list[str] = []
        self.raises: list[str] = []  # includes raising a limit (logged: ``take_raises``)
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

    def take_raises(self) -> list[str]:
        raises, self.raises = self.raises, []
        return raises

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
                if isinstance(directive, d.Include):
                    self._ask_limits(page, directive)
                    if directive.device != "cpu":
                        self.devices[directive.path] = directive.device
                exprs = wanted.setdefault(directive.path, set())
                if isinstance(directive, d.Value) and directive.expr != d.MODEL:
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

    def _ask_limits(self, page: str, include: d.Include) -> None:
        """The include's timeout and limits, for its snippet's run (the largest, when pages
        differ). It may lower one, or raise it up to the site's ceiling: a raise is logged
        (and is part of the run key, ``_raised``); past the ceiling it is a page error, and
        the run gets the ceiling."""
        asked: dict[str, float] = dict(include.limits)
        if include.timeout:
            asked["timeout"] = include.timeout
        for name, value in asked.items():
            ceiling = getattr(self.ceilings, name)
            site = self.timeout if name == "timeout" else getattr(self.limits, name)
            if value > ceiling:
                self._page_error(page, include.line, self.ceilings.refused(name, value))
                value = ceiling
            elif value > site:
                note = f"{page}:{include.line}: {include.path}: {name} raised to "
                note += f"{show_limit(name, value)} (the site's: {show_limit(name, site)})"
                if note not in self.raises:
                    self.raises.append(note)
            if name == "timeout":
                self.timeouts[include.path] = max(value, self.timeouts.get(include.path, 0))
            else:
                limits = self.run_limits.setdefault(include.path, {})
                limits[name] = max(int(value), limits.get(name, 0))

    def _raised(self, path: str) -> dict[str, str]:
        """The limits the includes of ``path`` raise above the site's, for its run key (a
        run key with none is the one it always was)."""
        raised = {}
        for name, value in self.run_limits.get(path, {}).items():
            if value > getattr(self.limits, name):
                raised[f"limit:{name}"] = str(value)
        if self.timeouts.get(path, 0) > self.timeout:
            raised["limit:timeout"] = f"{self.timeouts[path]:g}"
        return raised

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
            inputs = run_inputs(snippet.text, deps, data, versions, source.fingerprint)
            self.inputs[path] = inputs  # outputs.json keeps them; a run's reasons come from them
            deps.update({f"data:{name}": digest for name, digest in data.items()})
            deps.update(self._raised(path))
            args: dict[str, Any] = {"path": path, "text": snippet.text, "deps": deps}
            args.update(versions=versions, fingerprint=source.fingerprint)
            key = run_key(**args)
            self.key_args[key] = args
            self.cache.used.add(key)
            ran, running = self.runs.background(key)
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
                self.cache.last_runs.remember(path, key, inputs)
                continue
            known = set(cached.values) if cached is not None else set()
            missing = exprs - known if cached is not None else set()
            device = self.devices.get(path, "cpu")
            last_runs = self.cache.last_runs
            if self._held(Pending(path, key, inputs, frozenset(missing), device, last_runs)):
                continue
            self.cache.last_runs.runs(path, key, inputs, missing)
            jobs.append(self._job(path, snippet, deps, key, exprs | known))
        if not jobs:
            return
        ran_with = RunSource(source.kind, source.fingerprint, source.card_path)
        if background:
            self.running.update(job.path for job in jobs)
            self.stats.running = len(self.running)
            self.runs.start_background(source, jobs, ran_with, versions, self._background_done)
            return
        before = snapshot(self.guarded)
        for result in self.runs.run(source, jobs, ran_with, versions):
            self._use(path=result.path, result=result, fresh=True)
        self._check_writes(before, [job.path for job in jobs])

    def _held(self, pending: Pending) -> bool:
        """Whether this build holds back a run it would start (``held``); a held run with a
        problem is the snippet's failure in this build, shown where its output would be."""
        problem = self.gate(pending) if self.gate is not None else None
        if problem is None:  # a plan lists it and a shard holds it wherever they are made
            problem = needs_device(pending)
        if problem is None:
            return False
        if problem:
            self._use(
                pending.path,
                RunResult(ok=False, error=RunError(problem), key=pending.key, path=pending.path),
            )
        return True

    def _job(
        self, path: str, snippet: Snippet, deps: dict[str, str], key: str, exprs: set[ValueKey]
    ) -> Job:
        uses_model = any(
            marker in text
            for marker in self.model_markers
            for text in (snippet.text, *deps.values())
        )
        return Job(
            path=path,
            key=key,
            chunks=snippet.chunk_sources(),
            exprs=tuple(sorted(exprs)),
            timeout=self.timeouts.get(path, self.timeout),
            max_output=self.max_output,
            limits=self._limits_of(path),
            uses_model=uses_model,
        )

    def _background_done(self) -> None:
        if self.on_background_done is not None:
            self.on_background_done()

    def _check_writes(self, before: dict[Path, tuple[int, int]], ran: list[str]) -> None:
        """What the snippets of this batch wrote into the pages, the snippets or the site:
        undone where it can be, reported (``writes``)."""
        for problem in undo_writes(before, snapshot(self.guarded), self.root, ran):
            self.stats.failed += 1
            self._problem(problem)

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
        return self.runs.busy

    @property
    def worker(self) -> Worker | None:
        """The warm worker, once started."""
        return self.runs.worker

    def _limits_of(self, path: str) -> Limits:
        return dataclasses.replace(self.limits, **self.run_limits.get(path, {}))

    def close(self) -> None:
        self.runs.close()

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
        return PageRender(
            page=page,
            lang=lang,
            enabled=self.enabled,
            results=self.results,
            running=self.running,
            snippets=self.snippets,
            page_errors=self.page_errors,
            problem=self._problem,
            value_problem=self._value_problem,
            standin_url=standin_url,
        ).render(markdown, parsed, changed)

    def _value_problem(self, page: str, value: d.Value, line: int | None = None) -> None:
        """Report a value of a page whose snippet ran but whose expression failed; counted
        as a failure once, however many times (languages, nested builds) it is rendered."""
        text = value_problem(self.results, page, value, line)
        if text is None:
            return
        if text not in self._reported:
            self.stats.failed += 1
        self._problem(text)
