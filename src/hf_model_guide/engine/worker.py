"""The process that runs snippets: ``python -m hf_model_guide.engine.worker --root DIR``.

It imports the heavy libraries once (``--preload torch,transformers.AutoModel``), then answers batches
of jobs read as JSON lines on stdin, one JSON line per finished job on its stdout.

Each job runs in a child forked from this warm process, so every snippet starts from the same
state — nothing one snippet imports, patches or seeds is seen by the next — and no snippet
pays for importing torch again. The child execs the snippet as ``__main__`` in a fresh
namespace, cwd = project root, ``sys.path[0]`` = the snippet's folder (as
``python snippets/x/y.py`` would), with ``random``, ``numpy`` and ``torch`` seeded to 0.
Where ``os.fork`` is missing (Windows), jobs run in this process one after another, with the
modules imported from the project purged and the seeds reset between them.

Protocol (one JSON object a line): the worker first says ``{"ready": ...}``; the driver sends
``{"jobs": [...], "parallel": n}`` and gets one result a job then ``{"done": true}``;
``{"exit": true}`` or end of input stops the worker.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import faulthandler
import importlib
import importlib.abc
import importlib.machinery
import io
import json
import marshal
import os
import random
import re
import selectors
import signal
import sys
import time
import traceback
import warnings
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from hf_model_guide.engine import display_capture, reaper
from hf_model_guide.engine import limits as run_limits
from hf_model_guide.engine.job import Job
from hf_model_guide.engine.limits import Limits, ProcessGroups
from hf_model_guide.engine.results import (
    Chunk,
    Evaluated,
    Outcome,
    RunError,
    ValueKey,
    exact_literal,
)

SEED = 0


class _Route(io.TextIOBase):
    """sys.stdout / sys.stderr for the worker's whole life: writes go to the current capture.

    Loggers and libraries that keep a reference to ``sys.stderr`` keep this object, so
    their output is still captured by the snippet that caused it.
    """

    def __init__(self, name: str, fallback: TextIO) -> None:
        self.name = name
        self.fallback = fallback
        self.targets: list[io.StringIO] | None = None
        # In a forked child, every captured write is also streamed to the worker as it happens,
        # so what a snippet printed survives a crash, os._exit or the hard time limit.
        self.tee: Callable[[tuple], None] | None = None

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.fallback.fileno()

    def write(self, text: str) -> int:
        if self.targets is None:
            return self.fallback.write(text)
        for target in self.targets:
            target.write(text)
        if self.tee is not None:
            self.tee(("w", self.name, text))
        return len(text)

    def flush(self) -> None:
        if self.targets is None:
            self.fallback.flush()


def _seed_module(name: str, module) -> None:
    if name == "numpy":
        module.random.seed(SEED)
    elif name == "torch":
        module.manual_seed(SEED)


class _SeedOnImport(importlib.abc.MetaPathFinder):
    """Seeds numpy / torch right after a snippet imports them for the first time."""

    names = ("numpy", "torch")

    def find_spec(self, name, path, target=None):
        if name not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        original = spec.loader.exec_module

        def exec_module(module, _original=original, _name=name):
            _original(module)
            _seed_module(_name, module)

        # Patched on this spec's loader only: the module is seeded as soon as it is loaded.
        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def reset_seeds() -> None:
    random.seed(SEED)
    for name in _SeedOnImport.names:
        if name in sys.modules:
            _seed_module(name, sys.modules[name])


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


def run_job(job: Job, root: Path, stdout: _Route, stderr: _Route) -> Outcome:
    """Run one snippet in this process; return its outputs per chunk and its expressions."""
    path = job.path
    filename = str((root / path).resolve())
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
    # deadline, which a snippet cannot catch or block (see ``_Children``).
    guard = deprecations_are_errors()
    try:
        for chunk in job.chunks:
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
                break_now = True
            except BaseException as exc:  # noqa: BLE001 - the snippet's failure is our result
                error = _describe(exc, path, filename, root, job.limits)
                break_now = True
            else:
                break_now = False
            finally:
                stdout.targets = stderr.targets = None
                display_capture.RECORDER.stop()
                chunks.append(
                    Chunk(
                        chunk.first_line,
                        chunk.sections,
                        out.getvalue(),
                        err.getvalue(),
                        both.getvalue(),
                        tuple(shown),
                    )
                )
            if break_now:
                break
        values: dict[ValueKey, Evaluated] = {}
        if error is None:
            for expr, spec in ((k.expr, k.spec) for k in job.exprs):
                sink = io.StringIO()
                tee = stdout.tee  # what an expression prints is not output
                stdout.tee = stderr.tee = None
                stdout.targets = stderr.targets = [sink]
                try:
                    value = eval(compile(expr, f"<expression in {path}>", "eval"), namespace)
                    text = format(value, spec) if spec else str(value)
                    values[ValueKey(expr, spec)] = Evaluated(True, text, exact=exact_literal(value))
                except BaseException as exc:  # noqa: BLE001 - reported on the page
                    values[ValueKey(expr, spec)] = Evaluated(
                        False, error=f"{type(exc).__name__}: {exc}"
                    )
                finally:
                    stdout.targets = stderr.targets = None
                    stdout.tee = stderr.tee = tee
    finally:
        stdout.targets = stderr.targets = None
        guard.__exit__(None, None, None)
    return Outcome(
        ok=error is None,
        error=error,
        chunks=tuple(chunks),
        values=values if error is None else {},
        seconds=round(time.monotonic() - started, 3),
    )


def _purge(root: Path, before: set[str]) -> None:
    """Inline mode: forget the modules a snippet imported from the project."""
    base = str(root.resolve())
    for name in list(sys.modules):
        if name in before:
            continue
        file = getattr(sys.modules[name], "__file__", None) or ""
        if file.startswith(base):
            del sys.modules[name]


def preload_one(name: str) -> None:
    """Import a module, or touch ``package.Attribute`` (transformers imports lazily: importing
    ``transformers`` alone loads little; ``transformers.AutoModel`` loads the modeling code)."""
    try:
        try:
            importlib.import_module(name)
        except ImportError:
            module, _, attribute = name.rpartition(".")
            if not module:
                raise
            getattr(importlib.import_module(module), attribute)
    except Exception as exc:  # noqa: BLE001 - a missing preload only costs time
        print(f"snippet worker: could not preload {name}: {exc}", file=sys.__stderr__)


def _clean_text(value):
    """Strings that UTF-8 can carry: a lone surrogate a snippet printed becomes ``\\udcxx``."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {k: _clean_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_text(v) for v in value]
    return value


def _failure(message: str, line: int | None, detail: str = "") -> dict:
    """A ``RunError`` in its JSON form (``results.RunError.to_json``)."""
    text = f"{message}\n{detail}".rstrip("\n") if detail else message
    return {"message": message, "line": line, "type": "WorkerDied", "traceback": text}


# What a run's guard appends to the faults pipe once the run's process has ended: its wait
# status (the guard's own exit status says nothing about the run's).
STATUS_MARK = "\n\0run-status="


class _Child:
    """One forked snippet run, seen from the worker: its pipes, its deadline, what it sent.
    ``pid`` is the run's guard (see ``_Children._guard``), which leads its process group."""

    def __init__(
        self, job: Job, filename: str, pid: int, fds: tuple[int, int, int], limit: float
    ) -> None:
        self.job = job
        self.filename = filename
        self.pid = pid
        messages, faults, output = fds
        self.fds = {messages: bytearray(), faults: bytearray()}
        self.messages_fd, self.faults_fd, self.output_fd = messages, faults, output
        self.open = {messages, faults, output}
        self.logged = 0  # bytes of fd 1 and 2 passed on to the build's log
        self.group: Path | None = None  # its cgroup bounding processes, if any
        self.started = time.monotonic()
        self.deadline = self.started + limit if limit else None
        self.limit = limit
        self.events: list[tuple] = []
        self.result: dict | None = None
        self.printed = 0
        self.status: int | None = None
        self.reaped_at = 0.0
        self.stopping: str | None = None  # why the worker is stopping it
        self.kill_at: float | None = None
        self.forcing = False  # the guard was told to end the run; next, SIGKILL

    def faults(self) -> tuple[str, int | None]:
        """What faulthandler wrote, and the run's wait status as its guard reported it."""
        text = self.fds[self.faults_fd].decode("utf-8", "replace")
        text, mark, status = text.partition(STATUS_MARK)
        return text, int(status) if mark and status.strip().isdigit() else None

    def log_output(self, data: bytes) -> None:
        """Bytes written below sys.stdout (os.write, a subprocess, C code): counted against the
        output limit with what it printed, and passed on to the build's log up to it."""
        cap = self.job.max_output
        self.printed += len(data)
        room = len(data) if not cap else max(0, cap - self.logged)
        if room:
            self.logged += min(room, len(data))
            _write_all(2, data[:room])
        if cap and self.printed > cap and self.logged == cap:
            self.logged += 1  # said once
            _write_all(2, f"\n[{self.job.path}: output past {cap} characters left out]\n".encode())

    def take_frames(self) -> None:
        buffer = self.fds[self.messages_fd]
        while len(buffer) >= 4:
            size = int.from_bytes(buffer[:4], "big")
            if len(buffer) < 4 + size:
                break
            message = marshal.loads(bytes(buffer[4 : 4 + size]))
            del buffer[: 4 + size]
            if message[0] == "result":
                self.result = message[1]
            else:
                if message[0] == "w":
                    cap = self.job.max_output
                    if cap and self.printed >= cap:
                        self.printed += len(message[2])
                        continue  # past the output limit: counted, not kept
                    self.printed += len(message[2])
                    if cap and self.printed > cap:  # keep what fits
                        message = (
                            *message[:2],
                            message[2][: len(message[2]) - (self.printed - cap)],
                        )
                self.events.append(message)

    def chunks(self) -> list[dict]:
        """The outputs streamed so far, chunk by chunk (what survives a crash)."""
        chunks: list[dict] = []
        parts: dict[str, list[str]] = {}
        for event in self.events:
            if event[0] == "chunk":
                parts = {"out": [], "err": [], "all": []}
                chunks.append({"first_line": event[1], "sections": event[2], "_parts": parts})
            elif event[0] == "w" and chunks:
                stream = "out" if event[1] == "stdout" else "err"
                parts[stream].append(event[2])
                parts["all"].append(event[2])
        for chunk in chunks:
            for stream, texts in chunk.pop("_parts").items():
                chunk[stream] = "".join(texts)
        return chunks

    def last_line(self) -> int | None:
        """The innermost line of the snippet in the traceback faulthandler dumped, if any."""
        for event in self.events:
            if event[0] == "exit" and event[1] == self.filename:
                return int(event[2])  # os._exit called from the snippet's own line
        text = self.faults()[0]
        for match in re.finditer(r'File "(.*)", line (\d+)', text):
            if match[1] == self.filename:
                return int(match[2])  # faulthandler lists the most recent call first
        return None

    def failed_result(self) -> dict:
        """The job's result when the child did not deliver one: stopped, crashed or exited."""
        fault, reported = self.faults()
        path = self.job.path
        status = reported if reported is not None else self.status
        chunks = self.chunks()
        line = self.last_line()
        where = f"{path}:{line}" if line else path
        if self.stopping:
            why = self.stopping
        elif status is not None and os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            why = f"the process running it was killed by signal {number} ({_signal_name(number)})"
            if number == signal.SIGXFSZ:
                why += f" ({self.job.limits.named('max_file_size')})"
        else:
            code = os.waitstatus_to_exitcode(status) if status is not None else "?"
            why = (
                f"the process running it ended with exit status {code} before finishing "
                "(os._exit, or a crash in native code)"
            )
        if line is None and chunks:
            where = f"{path}:{chunks[-1]['first_line']}"
            why += f" (in the part starting at line {chunks[-1]['first_line']})"
        fault = fault.strip()
        # faulthandler's frames, without the worker's own, with paths relative to the
        # project root as in a snippet's own tracebacks; then the line reached, as text.
        root = self.filename[: -len(path)] if self.filename.endswith(path) else "\0"
        fault = "\n".join(
            text.replace(root, "")
            for text in fault.splitlines()
            if __file__ not in text and "<frozen runpy>" not in text
        )
        if line is not None:
            source = self.job.source_line(line)
            if source:
                fault = f"{fault}\n\n{path}, line {line}:\n    {source}".strip()
        error = _failure(f"{where}: {why}", line, fault)
        return {"id": self.job.id, "ok": False, "error": error, "chunks": chunks, "values": []}


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown"


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    with contextlib.suppress(OSError):
        while view:
            view = view[os.write(fd, view) :]


class _Children:
    """The forked runs of one batch. Each run is a guard process (a child subreaper, see
    ``reaper``) and below it the process running the snippet. A run that passes its time
    limit (or prints past the output limit) is killed by its guard with every process it
    started, which it cannot catch or escape (``setsid()`` included); and whatever a
    finished run left running in the background (a server, a ``sleep``) is killed with it,
    so nothing outlives its snippet."""

    def __init__(self, root: Path, protocol_fd: int, stdout: _Route, stderr: _Route) -> None:
        self.root = root
        self.protocol_fd = protocol_fd
        self.stdout, self.stderr = stdout, stderr
        self.running: dict[int, _Child] = {}
        self.selector = selectors.DefaultSelector()
        self.groups = ProcessGroups()

    def start(self, job: Job) -> None:
        messages_r, messages_w = os.pipe()
        faults_r, faults_w = os.pipe()
        output_r, output_w = os.pipe()
        group = self.groups.create(job.limits)
        pid = os.fork()
        if pid == 0:  # the guard: never returns
            for fd in (messages_r, faults_r, output_r):
                os.close(fd)
            self._guard(job, (messages_w, faults_w, output_w), group)
        for fd in (messages_w, faults_w, output_w):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)  # also done by the guard; whichever runs first
        filename = str((self.root / job.path).resolve())
        limit = job.timeout
        child = _Child(job, filename, pid, (messages_r, faults_r, output_r), limit)
        child.group = group
        for fd in (messages_r, faults_r, output_r):
            self.selector.register(fd, selectors.EVENT_READ, child)
        self.running[pid] = child

    def _guard(self, job: Job, fds: tuple[int, int, int], group: Path | None) -> None:
        """The run's subreaper: starts the run's process, waits for it, then kills whatever
        is left below it and reports the run's wait status. SIGUSR1 from the worker is
        passed on (faulthandler's traceback); SIGTERM from the worker, or from the kernel
        when the worker dies, ends the run at once."""
        messages_w, faults_w, output_w = fds
        status = None
        run = 0
        stopping = (signal.SIGUSR1, signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

        def forward(number, frame):
            if run:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(run, signal.SIGUSR1 if number == signal.SIGUSR1 else signal.SIGKILL)

        try:
            for number in stopping:  # first: the worker's own handlers are not the guard's
                signal.signal(number, forward)
            os.setpgid(0, 0)
            reaper.die_with_parent(signal.SIGTERM)
            reaper.become_subreaper()
            # Out of the snippet's reach: the protocol and the other runs' pipes.
            os.close(self.protocol_fd)
            for other in self.running.values():
                for fd in other.open:
                    os.close(fd)
            run = os.fork()
            if run == 0:
                self._child(job, messages_w, faults_w, output_w, group)
            os.close(output_w)
            os.close(messages_w)
            while status is None:
                try:
                    pid, code = os.waitpid(-1, 0)  # its orphans are reparented here: reaped
                except ChildProcessError:
                    break
                if pid == run:
                    status = code
            for number in stopping:
                signal.signal(number, signal.SIG_IGN)
            reaper.kill_descendants()
            ProcessGroups.remove(group)
            _write_all(faults_w, f"{STATUS_MARK}{status}\n".encode())
            os.close(faults_w)  # the worker is done with this run now
        finally:
            os._exit(0)

    def _child(
        self, job: Job, messages_w: int, faults_w: int, output_w: int, group: Path | None
    ) -> None:
        code = 0
        real_exit = os._exit
        try:
            for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGUSR1):
                signal.signal(number, signal.SIG_DFL)
            reaper.die_with_parent(signal.SIGKILL)
            # What the run writes below sys.stdout (os.write, subprocesses, C code) goes to
            # the worker, which counts it against the output limit.
            os.dup2(output_w, 1)
            os.dup2(output_w, 2)
            os.close(output_w)
            run_limits.apply(job.limits, group)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)  # a snippet calling input() must not eat the protocol
            sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the child's life
            # A crash in native code, or SIGUSR1 from the worker before it kills a run that
            # is out of time, writes the Python traceback here: it names the line reached.
            faulthandler.enable(file=faults_w)
            faulthandler.register(signal.SIGUSR1, file=faults_w, chain=False)
            send = _framed_writer(messages_w)
            self.stdout.tee = self.stderr.tee = send

            def exit_now(status: int, _exit=real_exit) -> None:  # os._exit, saying from where
                caller = sys._getframe(1)
                with contextlib.suppress(BaseException):
                    send(("exit", caller.f_code.co_filename, caller.f_lineno))
                _exit(status)

            os._exit = exit_now  # type: ignore[assignment]  # same call, typed NoReturn upstream
            outcome = run_job(job, self.root, self.stdout, self.stderr)
            self.stdout.tee = self.stderr.tee = None
            send(("result", _clean_text({"id": job.id, **outcome.to_json()})))
        except BaseException:  # noqa: BLE001 - reported as the job's failure
            with contextlib.suppress(BaseException):
                traceback.print_exc()
            code = 70
        finally:
            real_exit(code)

    def wait(self, timeout: float) -> None:
        """Read what the children sent, reap the ended ones, enforce limits."""
        for key, _ in self.selector.select(timeout):
            child: _Child = key.data
            try:
                data = os.read(key.fd, 1 << 16)
            except OSError:
                data = b""
            if data and key.fd == child.output_fd:
                child.log_output(data)
            elif data:
                child.fds[key.fd] += data
                if key.fd == child.messages_fd:
                    child.take_frames()
            else:
                self.selector.unregister(key.fd)
                os.close(key.fd)
                child.open.discard(key.fd)
        now = time.monotonic()
        while self.running:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in self.running:
                child = self.running[pid]
                child.status, child.reaped_at = status, now
                _kill_group(pid)  # what it left running in the background
        for child in self.running.values():
            if child.status is not None:
                continue
            limit = child.job.max_output
            if child.stopping is None and child.deadline and now >= child.deadline:
                self._stop(
                    child,
                    f"still running after {child.limit:g} s: stopped, with every process it "
                    "started (give it longer with timeout=SECONDS on its include, or the "
                    "run-snippets plugin's timeout option)",
                )
            elif child.stopping is None and limit and child.printed > limit:
                self._stop(
                    child,
                    f"printed more than {limit} characters: stopped (print, os.write and its "
                    "subprocesses' output all count; print less, or raise the run-snippets "
                    "plugin's max_output option)",
                )
            elif child.kill_at is not None and now >= child.kill_at and not child.forcing:
                child.kill_at, child.forcing = now + 2.0, True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signal.SIGTERM)  # its guard kills the run and all below
            elif child.kill_at is not None and now >= child.kill_at:
                # The guard did not end it (the snippet stopped or killed its guard): the
                # group goes at once; the run dies with its guard (PDEATHSIG), and what it
                # started is reparented here, killed when the batch ends.
                child.kill_at = None
                _kill_group(child.pid)

    def _stop(self, child: _Child, why: str) -> None:
        child.stopping = why
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGUSR1)  # dump its traceback first (faulthandler)
        child.kill_at = time.monotonic() + 0.3

    def finished(self) -> list[dict]:
        """Results of children that ended and whose pipes are drained (or stay open: a
        descendant that escaped the group holds them; give it a second, not more)."""
        done = []
        now = time.monotonic()
        for pid, child in list(self.running.items()):
            # The guard's report and every pipe closed say it all: no need to wait for the
            # guard's own exit (unmapping a copy of this process's memory), which is reaped
            # later. Without the report (the guard was killed), its exit status.
            if not child.open and child.faults()[1] is not None:
                pass
            elif child.status is None or (child.open and now - child.reaped_at < 1.0):
                continue
            for fd in list(child.open):
                self.selector.unregister(fd)
                os.close(fd)
            child.open.clear()
            del self.running[pid]
            if child.result is not None and not child.stopping:
                result = child.result
            else:
                result = child.failed_result()
            result["seconds"] = round(now - child.started, 3)
            done.append(_clean_text(result))
        return done

    def next_timeout(self) -> float:
        now = time.monotonic()
        soonest = 0.2
        for child in self.running.values():
            for moment in (child.deadline, child.kill_at):
                if moment is not None:
                    soonest = min(soonest, max(0.0, moment - now))
        return soonest

    def kill_all(self) -> None:
        """Every run, with everything it started (the guards first, so they cannot start
        another); then what a killed guard left to this process, a subreaper too."""
        for pid in list(self.running):
            _kill_group(pid)
        reaper.kill_descendants()
        for child in self.running.values():
            ProcessGroups.remove(getattr(child, "group", None))
        self.running.clear()
        self.groups.close()


def _framed_writer(fd: int) -> Callable[[tuple], None]:
    """Length-prefixed marshal frames: C code, bound now, that a snippet cannot patch."""
    dumps, write = marshal.dumps, os.write

    def send(message: tuple) -> None:
        data = dumps(message)
        view = memoryview(len(data).to_bytes(4, "big") + data)
        while view:
            view = view[write(fd, view) :]

    return send


def serve(
    root: Path,
    preload: list[str],
    protocol,
    stdout: _Route,
    stderr: _Route,
    parent: int | None = None,
) -> None:
    for name in preload:
        preload_one(name)
    display_capture.install()
    sys.meta_path.insert(0, _SeedOnImport())
    can_fork = hasattr(os, "fork")
    if can_fork:
        reaper.become_subreaper()  # what a killed guard leaves is reparented here

    def send(obj: dict) -> None:
        protocol.write(json.dumps(obj, ensure_ascii=False) + "\n")
        protocol.flush()

    children = _Children(root, protocol.fileno(), stdout, stderr) if can_fork else None

    def stop(signum, frame):  # the build was stopped: so is every run, with its processes
        if children is not None:
            children.kill_all()
        os._exit(128 + signum)

    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, stop)

    send({"ready": True, "pid": os.getpid(), "fork": can_fork, "preloaded": preload})
    saved_path, saved_cwd = list(sys.path), os.getcwd()
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("exit"):
            break
        jobs = deque(Job.from_json(job) for job in request["jobs"])
        parallel = max(1, int(request.get("parallel", 1)))
        if children is None:  # no fork (Windows): one after another, without a hard limit
            for job in jobs:
                before = set(sys.modules)
                try:
                    send(
                        _clean_text({"id": job.id, **run_job(job, root, stdout, stderr).to_json()})
                    )
                finally:
                    sys.path[:] = saved_path
                    os.chdir(saved_cwd)
                    _purge(root, before)
            send({"done": True})
            continue
        while jobs or children.running:
            while jobs and len(children.running) < parallel:
                children.start(jobs.popleft())
            children.wait(children.next_timeout())
            for result in children.finished():
                send(result)
            if parent is not None and os.getppid() != parent:  # the build died: stop too
                stop(signal.SIGTERM, None)
        reaper.kill_descendants()  # no run is going on: anything below us is left over
        send({"done": True})
    if children is not None:
        children.groups.close()  # the folder of this worker's cgroups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.engine.worker")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--preload", default="", help="modules to import once, comma-separated")
    parser.add_argument("--parent", type=int, default=None, help="stop when this process dies")
    args = parser.parse_args(argv)
    # The protocol keeps the real stdout; anything written to fd 1 below Python (C code)
    # goes to stderr instead, so it can never corrupt a message.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    real_err = sys.__stderr__
    assert real_err is not None, "the worker is started with a stderr"
    stdout, stderr = _Route("stdout", real_err), _Route("stderr", real_err)
    sys.stdout, sys.stderr = stdout, stderr
    preload = [name for name in args.preload.split(",") if name]
    serve(args.root.resolve(), preload, protocol, stdout, stderr, parent=args.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
