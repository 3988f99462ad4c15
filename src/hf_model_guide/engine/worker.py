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
import importlib
import importlib.abc
import importlib.machinery
import io
import json
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import deque
from pathlib import Path

from hf_model_guide.engine.results import Chunk, Evaluated, Outcome, RunError, ValueKey

SEED = 0


class _Route(io.TextIOBase):
    """sys.stdout / sys.stderr for the worker's whole life: writes go to the current capture.

    Loggers and libraries that keep a reference to ``sys.stderr`` keep this object, so
    their output is still captured by the snippet that caused it.
    """

    def __init__(self, name: str, fallback: io.TextIOBase) -> None:
        self.name = name
        self.fallback = fallback
        self.targets: list[io.StringIO] | None = None

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

        spec.loader.exec_module = exec_module
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


def _describe(exc: BaseException, path: str, filename: str, root: Path) -> RunError:
    line = _snippet_line(exc, filename)
    where = f"{path}:{line}" if line else path
    message = str(exc).splitlines()[0] if str(exc) else ""
    headline = f"{where}: {type(exc).__name__}: {message}".rstrip(": ").rstrip()
    if not message:
        headline = f"{where}: {type(exc).__name__}"
    tb = exc.__traceback__
    # Drop the worker's own frames: the traceback starts in the snippet.
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    # Paths relative to the project root: the same text on every machine.
    detail = "".join(traceback.format_exception(type(exc), exc, tb)).replace(f"{root}{os.sep}", "")
    return RunError(headline, line, type(exc).__name__, detail)


def run_job(job: dict, root: Path, stdout: _Route, stderr: _Route) -> Outcome:
    """Run one snippet in this process; return its outputs per chunk and its expressions."""
    path = job["path"]
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
    timeout = job.get("timeout") or 0

    def on_alarm(signum, frame):
        raise TimeoutError(f"snippet still running after {timeout} s")

    if timeout and hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, on_alarm)
        signal.alarm(int(timeout))
    try:
        for chunk in job["chunks"]:
            out, err, both = io.StringIO(), io.StringIO(), io.StringIO()
            stdout.targets, stderr.targets = [out, both], [err, both]
            try:
                source = "\n" * (chunk["first_line"] - 1) + chunk["source"] + "\n"
                exec(compile(source, filename, "exec", dont_inherit=True), namespace)  # noqa: S102
            except SystemExit as exc:
                if exc.code not in (None, 0):
                    error = _describe(exc, path, filename, root)
                break_now = True
            except BaseException as exc:  # noqa: BLE001 - the snippet's failure is our result
                error = _describe(exc, path, filename, root)
                break_now = True
            else:
                break_now = False
            finally:
                stdout.targets = stderr.targets = None
                chunks.append(
                    Chunk(
                        chunk["first_line"],
                        tuple(chunk["sections"]),
                        out.getvalue(),
                        err.getvalue(),
                        both.getvalue(),
                    )
                )
            if break_now:
                break
        values: dict[ValueKey, Evaluated] = {}
        if error is None:
            for expr, spec in job.get("exprs", []):
                sink = io.StringIO()
                stdout.targets = stderr.targets = [sink]
                try:
                    value = eval(compile(expr, f"<expression in {path}>", "eval"), namespace)
                    text = format(value, spec) if spec else str(value)
                    values[ValueKey(expr, spec)] = Evaluated(True, value=text)
                except BaseException as exc:  # noqa: BLE001 - reported on the page
                    values[ValueKey(expr, spec)] = Evaluated(
                        False, error=f"{type(exc).__name__}: {exc}"
                    )
                finally:
                    stdout.targets = stderr.targets = None
    finally:
        if timeout and hasattr(signal, "SIGALRM"):
            signal.alarm(0)
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


def serve(root: Path, preload: list[str], protocol, stdout: _Route, stderr: _Route) -> None:
    for name in preload:
        preload_one(name)
    sys.meta_path.insert(0, _SeedOnImport())
    can_fork = hasattr(os, "fork")

    def send(obj: dict) -> None:
        protocol.write(json.dumps(obj, ensure_ascii=False) + "\n")
        protocol.flush()

    send({"ready": True, "pid": os.getpid(), "fork": can_fork, "preloaded": preload})
    scratch = Path(tempfile.mkdtemp(prefix="snippet-worker-"))
    saved_path, saved_cwd = list(sys.path), os.getcwd()
    try:
        for line in sys.stdin:
            request = json.loads(line)
            if request.get("exit"):
                break
            jobs = deque(request["jobs"])
            parallel = max(1, int(request.get("parallel", 1)))
            if not can_fork:
                for job in jobs:
                    before = set(sys.modules)
                    try:
                        send({"id": job["id"], **run_job(job, root, stdout, stderr).to_json()})
                    finally:
                        sys.path[:] = saved_path
                        os.chdir(saved_cwd)
                        _purge(root, before)
                send({"done": True})
                continue
            running: dict[int, tuple[dict, Path]] = {}
            counter = 0
            while jobs or running:
                while jobs and len(running) < parallel:
                    job = jobs.popleft()
                    counter += 1
                    result_file = scratch / f"{counter}.json"
                    pid = os.fork()
                    if pid == 0:  # the child: run, write the result, leave without cleanup
                        code = 0
                        null = os.open(os.devnull, os.O_RDONLY)
                        os.dup2(null, 0)  # a snippet calling input() must not eat the protocol
                        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - for the child's life
                        try:
                            result = {
                                "id": job["id"],
                                **run_job(job, root, stdout, stderr).to_json(),
                            }
                            result_file.write_text(
                                json.dumps(result, ensure_ascii=False), encoding="utf-8"
                            )
                        except BaseException:  # noqa: BLE001 - reported as the job's failure
                            traceback.print_exc()
                            code = 70
                        finally:
                            os._exit(code)
                    running[pid] = (job, result_file)
                pid, status = os.waitpid(-1, 0)
                job, result_file = running.pop(pid)
                try:
                    result = json.loads(result_file.read_text(encoding="utf-8"))
                    result_file.unlink()
                except (OSError, ValueError):
                    how = (
                        f"killed by signal {os.WTERMSIG(status)}"
                        if os.WIFSIGNALED(status)
                        else f"exit status {os.waitstatus_to_exitcode(status)}"
                    )
                    message = f"{job['path']}: the process running it died ({how})"
                    died = Outcome.failed(message, type="WorkerDied")
                    result = {"id": job["id"], **died.to_json()}
                send(result)
            send({"done": True})
    finally:
        for leftover in scratch.glob("*"):
            leftover.unlink()
        scratch.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.engine.worker")
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--preload", default="", help="modules to import once, comma-separated")
    args = parser.parse_args(argv)
    # The protocol keeps the real stdout; anything written to fd 1 below Python (C code)
    # goes to stderr instead, so it can never corrupt a message.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    real_err = sys.__stderr__
    stdout, stderr = _Route("stdout", real_err), _Route("stderr", real_err)
    sys.stdout, sys.stderr = stdout, stderr
    preload = [name for name in args.preload.split(",") if name]
    serve(args.root.resolve(), preload, protocol, stdout, stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
