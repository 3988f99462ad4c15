"""The process that runs snippets: ``python -m hf_model_guide.engine.sandbox.worker --root DIR``.

It imports the heavy libraries once (``--preload torch,transformers.AutoModel``), then answers batches
of jobs read as JSON lines on stdin, one JSON line per finished job on its stdout.

Each job runs in a child forked from this warm process, so every snippet starts from the same
state — nothing one snippet imports, patches or seeds is seen by the next — and no snippet
pays for importing torch again. The child execs the snippet as ``__main__`` in a fresh
namespace, cwd = project root, ``sys.path[0]`` = the snippet's folder (as
``python snippets/x/y.py`` would), with ``random``, ``numpy`` and ``torch`` seeded to 0.
Where ``os.fork`` is missing (Windows), jobs run in this process one after another, with the
modules imported from the project purged and the seeds reset between them.

Its modules, by job: ``streams`` (where prints go), ``seeding``, ``running`` (one snippet in
this process), ``supervise`` and ``child`` (the forked runs), ``framing`` (what crosses their
pipes); jobs are ``job.Job``, results ``results.Outcome``. This module holds the protocol loop
and the command line.

Protocol (one JSON object a line): the worker first says ``{"ready": ...}``; the driver sends
``{"jobs": [...], "parallel": n}`` and gets one result a job then ``{"done": true}``;
``{"exit": true}`` or end of input stops the worker.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
from collections import deque
from pathlib import Path

from hf_model_guide.engine.sandbox import display_capture, perturb, reaper
from hf_model_guide.engine.sandbox.framing import clean_text
from hf_model_guide.engine.sandbox.job import Job
from hf_model_guide.engine.sandbox.running import run_job
from hf_model_guide.engine.sandbox.seeding import SeedOnImport
from hf_model_guide.engine.sandbox.streams import Route
from hf_model_guide.engine.sandbox.supervise import Children


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


def serve(
    root: Path,
    preload: list[str],
    protocol,
    stdout: Route,
    stderr: Route,
    parent: int | None = None,
) -> None:
    for name in preload:
        preload_one(name)
    perturb.install()  # only when the build checks for noise (perturb.PERTURB_ENV)
    display_capture.install()
    sys.meta_path.insert(0, SeedOnImport())
    can_fork = hasattr(os, "fork")
    if can_fork:
        reaper.not_dumpable()
        reaper.become_subreaper()  # what a killed guard leaves is reparented here

    def send(obj: dict) -> None:
        protocol.write(json.dumps(obj, ensure_ascii=False) + "\n")
        protocol.flush()

    children = Children(root, protocol.fileno(), stdout, stderr) if can_fork else None

    def stop(signum, frame):  # the build was stopped: so is every run, with its processes
        if children is not None:
            children.kill_all()
        os._exit(128 + signum)

    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, stop)

    send({"ready": True, "pid": os.getpid(), "fork": can_fork, "preloaded": preload})
    saved = list(sys.path), os.getcwd()
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("exit"):
            break
        jobs = deque(Job.from_json(job) for job in request["jobs"])
        parallel = max(1, int(request.get("parallel", 1)))
        if children is None:  # no fork (Windows): one after another, without a hard limit
            _run_inline(jobs, root, stdout, stderr, send, saved)
        else:
            _run_forked(jobs, parallel, children, send, lambda: _orphaned(parent, stop))
        send({"done": True})
    if children is not None:
        children.groups.close()  # the folder of this worker's cgroups


def _orphaned(parent: int | None, stop) -> None:
    if parent is not None and os.getppid() != parent:  # the build died: stop too
        stop(signal.SIGTERM, None)


def _run_inline(
    jobs: deque[Job], root: Path, stdout: Route, stderr: Route, send, saved: tuple[list, str]
) -> None:
    """Each job in this process, with what it changed undone before the next."""
    saved_path, saved_cwd = saved
    for job in jobs:
        before = set(sys.modules)
        try:
            send(clean_text({"id": job.id, **run_job(job, root, stdout, stderr).to_json()}))
        finally:
            sys.path[:] = saved_path
            os.chdir(saved_cwd)
            _purge(root, before)


def _run_forked(jobs: deque[Job], parallel: int, children: Children, send, check) -> None:
    """Each job in a forked child, ``parallel`` at a time; results sent as runs end."""
    while jobs or children.running:
        while jobs and len(children.running) < parallel:
            children.start(jobs.popleft())
        children.wait(children.next_timeout())
        for result in children.finished():
            send(result)
        check()
    reaper.kill_descendants()  # no run is going on: anything below us is left over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.engine.sandbox.worker")
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
    stdout, stderr = Route("stdout", real_err), Route("stderr", real_err)
    sys.stdout, sys.stderr = stdout, stderr
    preload = [name for name in args.preload.split(",") if name]
    serve(args.root.resolve(), preload, protocol, stdout, stderr, parent=args.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
