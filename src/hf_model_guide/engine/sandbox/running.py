"""One snippet run in this process, as ``python snippets/x/y.py`` would run it.

The snippet runs as ``__main__`` in a fresh namespace, cwd = project root, ``sys.path[0]`` =
its folder, with the seeds reset (``seeding``). Its top-level pieces (chunks) run one after
another in that namespace, each one's output captured on its own (``streams.Route``); then
the expressions pages quote from it. A failure is described by the snippet's own
``path:line``, with a traceback that starts in the snippet.
"""

from __future__ import annotations

import builtins
import io
import os
import sys
import time
import traceback
import warnings
from pathlib import Path

from hf_model_guide.engine.sandbox import display_capture
from hf_model_guide.engine.sandbox.job import ChunkSource, Job
from hf_model_guide.engine.sandbox.limits import Limits
from hf_model_guide.engine.sandbox.outcome import (
    Chunk,
    Evaluated,
    Outcome,
    RunError,
    ValueKey,
    exact_literal,
)
from hf_model_guide.engine.sandbox.seeding import reset_seeds
from hf_model_guide.engine.sandbox.streams import Route


def _snippet_line(exc: BaseException, filename: str) -> int | None:
    """The line of the snippet file where the exception came from (innermost frame in it)."""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            line = lineno
    return line


def _describe(
    exc: BaseException, path: str, filename: str, root: Path, limits: Limits | None = None
) -> RunError:
    line = _snippet_line(exc, filename)
    where = f"{path}:{line}" if line else path
    message = str(exc).splitlines()[0] if str(exc) else ""
    headline = f"{where}: {type(exc).__name__}: {message}".rstrip(": ").rstrip()
    if not message:
        headline = f"{where}: {type(exc).__name__}"
    reached = limits.explain(exc) if limits is not None else None
    if reached:
        headline = f"{headline} ({reached})"
    tb = exc.__traceback__
    # Drop the worker's own frames: the traceback starts in the snippet.
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    # Paths relative to the project root: the same text on every machine.
    detail = "".join(traceback.format_exception(type(exc), exc, tb)).replace(f"{root}{os.sep}", "")
    if reached:  # the page says it too, under the traceback
        detail = f"{detail.rstrip()}\n\n{where}: {reached}\n"
    return RunError(headline, line, type(exc).__name__, detail)


def deprecations_are_errors() -> warnings.catch_warnings:
    """Entered around a snippet: a DeprecationWarning or FutureWarning attributed to the
    snippet's own code raises, so the snippet fails with its ``path:line`` (a page must not
    teach a deprecated call). Attributed means the warning's module is ``__main__``, the
    name a snippet (and its value expressions) run under; a library warning about its own
    internals points at a library frame and stays a warning on stderr."""
    guard = warnings.catch_warnings()
    guard.__enter__()
    for category in (DeprecationWarning, FutureWarning):
        warnings.filterwarnings("error", category=category, module="__main__")
    return guard


def run_job(job: Job, root: Path, stdout: Route, stderr: Route) -> Outcome:
    """Run one snippet in this process; return its outputs per chunk and its expressions."""
    filename = str((root / job.path).resolve())
    started = time.monotonic()
    os.chdir(root)
    sys.argv = [filename]
    sys.path.insert(0, str(Path(filename).parent))
    reset_seeds()
    namespace = {
        "__name__": "__main__",
        "__file__": filename,
        "__builtins__": builtins,
        "__doc__": None,
        "__package__": None,
        "__spec__": None,
    }
    chunks: list[Chunk] = []
    error: RunError | None = None
    # No time limit here: the worker kills a forked child's whole process group at its
    # deadline, which a snippet cannot catch or block (see ``supervise.Children``).
    guard = deprecations_are_errors()
    try:
        for source in job.chunks:
            chunk, error, stop = _run_chunk(job, source, filename, namespace, root, stdout, stderr)
            chunks.append(chunk)
            if stop:
                break
        values = _evaluate(job, namespace, stdout, stderr) if error is None else {}
    finally:
        stdout.targets = stderr.targets = None
        guard.__exit__(None, None, None)
    return Outcome(
        ok=error is None,
        error=error,
        chunks=tuple(chunks),
        values=values,
        seconds=round(time.monotonic() - started, 3),
    )


def _run_chunk(
    job: Job,
    chunk: ChunkSource,
    filename: str,
    namespace: dict,
    root: Path,
    stdout: Route,
    stderr: Route,
) -> tuple[Chunk, RunError | None, bool]:
    """Run one chunk; what it printed, why it failed if it did, and whether to stop here."""
    path = job.path
    error: RunError | None = None
    out, err, both = io.StringIO(), io.StringIO(), io.StringIO()
    if stdout.tee is not None:
        stdout.tee(("chunk", chunk.first_line, list(chunk.sections)))
    stdout.targets, stderr.targets = [out, both], [err, both]
    shown = display_capture.RECORDER.start(path, out, both)
    try:
        source = "\n" * (chunk.first_line - 1) + chunk.source + "\n"
        exec(compile(source, filename, "exec", dont_inherit=True), namespace)  # noqa: S102
    except SystemExit as exc:
        if exc.code not in (None, 0):
            error = _describe(exc, path, filename, root)
        stop = True
    except BaseException as exc:  # noqa: BLE001 - the snippet's failure is our result
        error = _describe(exc, path, filename, root, job.limits)
        stop = True
    else:
        stop = False
    finally:
        stdout.targets = stderr.targets = None
        display_capture.RECORDER.stop()
    printed = Chunk(
        chunk.first_line,
        chunk.sections,
        out.getvalue(),
        err.getvalue(),
        both.getvalue(),
        tuple(shown),
    )
    return printed, error, stop


def _evaluate(job: Job, namespace: dict, stdout: Route, stderr: Route) -> dict[ValueKey, Evaluated]:
    """The expressions pages quote, each formatted with its spec, or the error it raised."""
    values: dict[ValueKey, Evaluated] = {}
    for key in job.exprs:
        sink = io.StringIO()
        tee = stdout.tee  # what an expression prints is not output
        stdout.tee = stderr.tee = None
        stdout.targets = stderr.targets = [sink]
        try:
            where = f"<expression in {job.path}>"
            value = eval(compile(key.expr, where, "eval"), namespace)
            text = format(value, key.spec) if key.spec else str(value)
            values[key] = Evaluated(True, text, exact=exact_literal(value))
        except BaseException as exc:  # noqa: BLE001 - reported on the page
            values[key] = Evaluated(False, error=f"{type(exc).__name__}: {exc}")
        finally:
            stdout.targets = stderr.targets = None
            stdout.tee = stderr.tee = tee
    return values
