"""The driver side of the worker: start it, hand it jobs, read results, stop it.

One long-lived worker process imports torch and transformers once; it forks a child per
snippet (see ``worker`` and ``supervise``), up to ``parallel`` at a time. The worker is
started on first use and kept until ``close()`` (MkDocs' ``on_shutdown``, or interpreter exit), so
``mkdocs serve`` rebuilds reuse it. A worker whose environment (the model source's
variables) no longer matches is replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from hf_model_guide.kernels import REPRODUCIBLE_ENV
from hf_model_guide.paths import cache_dir

from . import bubblewrap, environment
from .results import Outcome
from .sandbox import reaper
from .sandbox.framing import control_escaped
from .sandbox.job import Job
from .text import page_safe

# Fixed, so results never depend on the machine or on how many snippets run side by side:
# the CPU kernels too (one thread, the same code on every processor: hf_model_guide.kernels).
BASE_ENV = {
    **REPRODUCIBLE_ENV,
    "PYTHONHASHSEED": "0",
    "PYTHONUNBUFFERED": "1",
    "PYTHONIOENCODING": "utf-8",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TQDM_DISABLE": "1",
    "NO_COLOR": "1",
    # Snippets importing each other must not write __pycache__ into snippets/.
    "PYTHONDONTWRITEBYTECODE": "1",
}

# Defaults the caller's environment may change. A Hub that accepts a connection and never
# answers must not hold a snippet until its hard limit: huggingface_hub (2.x reads these
# names) gives up on a silent metadata or download read after this many seconds.
DEFAULT_ENV = {
    "HF_HUB_ETAG_TIMEOUT": "10",
    "HF_HUB_DOWNLOAD_TIMEOUT": "30",
}


# What the worker imports once. transformers imports lazily, so naming the classes the site's
# snippets use is what actually loads the modeling code, which a snippet otherwise pays for
# itself (benchmarks/README.md, "Latest figures": the worker's preload).
DEFAULT_PRELOAD = (
    "torch",
    "transformers",
    "transformers.AutoConfig",
    "transformers.AutoTokenizer",
    "transformers.AutoModel",
    "transformers.AutoModelForSequenceClassification",
    "transformers.pipeline",
    "transformers.BertModel",
    "transformers.DistilBertForSequenceClassification",
)


class WorkerError(RuntimeError):
    pass


# Beyond the longest time limit of a batch's runs: the worker's own delays (the kill, a
# traceback) before it reports the end.
SILENCE_GRACE = 15.0


def _outcome(job: Job, message: dict) -> Outcome:
    try:
        return Outcome.from_json(page_safe(message))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        why = f"{job.path}: the snippet worker sent a malformed result ({type(exc).__name__})"
        return Outcome.failed(why, type="WorkerDied")


def _relay(stream) -> None:
    """The worker's standard error (what snippets wrote below ``sys.stdout``, each line
    prefixed with its path by the worker) to the build's, control characters escaped: no
    terminal escape sequence, no carriage return over a build line, whatever was sent."""
    for line in iter(stream.readline, ""):
        text = control_escaped(line.rstrip("\n"))
        with contextlib.suppress(ValueError, OSError):  # the build's stream closed
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
    stream.close()


WORKER_MODULE = b"hf_model_guide.engine.sandbox.worker"


def _resume_stopped(process: subprocess.Popen, every: float = 0.25) -> None:
    """While the worker lives: any process of it (the worker, a run's guard, a run: forks of
    the worker) found stopped (SIGSTOP from a snippet) is continued. The worker then ends the
    snippet that did it at its time limit, as any run out of time; a worker stopped for good
    would have held the build forever. A snippet's own subprocesses are left alone."""
    said = False
    while process.poll() is None:
        time.sleep(every)
        for pid in reaper.descendants(process.pid):
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                if state not in ("T", "t"):
                    continue
                if WORKER_MODULE in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGCONT)
                    if not said:
                        said = True
                        _say("snippets: a snippet stopped the snippet worker (SIGSTOP): resumed")
            except (OSError, IndexError):
                continue


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def machine_cores() -> int:
    """The cores this process may run on: how many snippets run side by side by default."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


class Worker:
    def __init__(
        self,
        root: Path,
        *,
        env: dict[str, str] | None = None,
        preload: Iterable[str] = DEFAULT_PRELOAD,
        parallel: int | None = None,  # None: machine_cores()
        python: str = sys.executable,
        hub: bool = False,  # the model source is the Hub: HF_TOKEN may pass
        pass_env: Iterable[str] = (),  # more names snippets may see (the plugin's pass_env)
        sandbox: bool | None = None,  # None: bubblewrap where it runs (``bubblewrap.usable``)
        scratch: int | None = None,  # bytes of the sandbox's /tmp and /dev/shm, each
    ) -> None:
        self.root = Path(root).resolve()
        self.env = dict(env or {})
        self.hub = hub
        self.pass_env = tuple(pass_env)
        self.preload = list(preload)
        self.parallel = max(1, parallel or machine_cores())
        self.python = python
        self.process: subprocess.Popen | None = None
        self.starts = 0  # how many processes were started (tests and benchmarks read it)
        self.sandbox = sandbox
        self.scratch = scratch or bubblewrap.DEFAULT_SCRATCH
        self.stalled: str | None = None  # why the worker was killed for its silence
        self.group: bubblewrap.WorkerGroup | None = None  # the sandbox's pids cgroup
        self._lock = threading.Lock()
        atexit.register(self.close)

    def matches(
        self, env: dict[str, str], preload: Iterable[str], hub: bool = False, pass_env=()
    ) -> bool:
        return (self.env, self.preload, self.hub, self.pass_env) == (
            dict(env),
            list(preload),
            hub,
            tuple(pass_env),
        )

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.alive:
            return
        # An allow-list of the build's variables (see ``environment``), and the build's own
        # environment block blanked first: a snippet can read its ancestors' block in /proc.
        allowed = environment.for_snippets(os.environ, hub=self.hub, passed=self.pass_env)
        environment.hide_environment_block()
        environ = {**DEFAULT_ENV, **allowed, **BASE_ENV, **self.env}
        src = str(Path(__file__).resolve().parents[2])
        environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (src, environ.get("PYTHONPATH", "")) if p
        )
        command = [
            self.python,
            "-m",
            "hf_model_guide.engine.sandbox.worker",
            "--root",
            str(self.root),
            "--preload",
            ",".join(self.preload),
        ]
        if self.sandbox is None:
            try:
                self.sandbox = bubblewrap.usable(os.environ, warn=_say)
            except bubblewrap.SandboxUnavailable as exc:  # every snippet fails, saying why
                raise WorkerError(str(exc)) from None
        if self.sandbox:
            command = self._sandboxed(command, environ)
        else:  # the sandbox's PID namespace does this for a sandboxed worker
            command += ["--parent", str(os.getpid())]
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,  # relayed, escaped (``_relay``)
            cwd=self.root,
            env=environ,
            text=True,
            encoding="utf-8",
            errors="backslashreplace",  # what a snippet wrote need not be UTF-8
            bufsize=1,
            # Its own session: a Ctrl-C in the terminal reaches the build, which stops the
            # worker in order (close()), rather than every process at once.
            start_new_session=True,
        )
        self.starts += 1
        threading.Thread(target=_relay, args=(self.process.stderr,), daemon=True).start()
        threading.Thread(target=_resume_stopped, args=(self.process,), daemon=True).start()
        ready = self._read()
        if not ready or not ready.get("ready"):
            self.close()
            raise WorkerError("the snippet worker did not start (see the messages above)")

    def _sandboxed(self, command: list[str], environ: dict[str, str]) -> list[str]:
        """The worker's command inside bubblewrap; ``environ`` adjusted to its folders."""
        readable = [Path(environ[name]) for name in ("HF_MODEL_GUIDE_CACHE",) if name in environ]
        readable.append(Path(__file__).resolve().parents[2])  # this package (PYTHONPATH)
        readable += [Path(value) for value in self.env.values() if os.path.isabs(value)]
        if self.hub:  # fetched now, read offline in the sandbox (see ``bubblewrap``)
            from hf_model_guide.model import source as model_source

            try:
                hub_cache = model_source.prefetch(self.root)
            except model_source.ModelSourceError as exc:  # the snippets that load it fail
                _say(f"snippets: {exc}")
                hub_cache = model_source.user_hub_cache()
            readable.append(hub_cache)
            environ.update({"HF_HUB_CACHE": str(hub_cache), "HF_HUB_OFFLINE": "1"})
        readable += bubblewrap.link_targets(readable)
        # matplotlib's font list, read-only, in a configuration folder it may write to
        fonts = cache_dir(self.root) / "matplotlib"  # where sandbox/figures.py writes it
        environ["MPLCONFIGDIR"] = f"{bubblewrap.SCRATCH}/matplotlib"
        files = {f"{bubblewrap.SCRATCH}/matplotlib/{p.name}": p for p in fonts.glob("*.json")}
        self.group = bubblewrap.WorkerGroup(self.parallel)
        return bubblewrap.command(
            command,
            root=self.root,
            readable=readable,
            files=files,
            group=self.group,
            scratch=self.scratch,
        )

    def _read(self) -> dict | None:
        assert self.process is not None and self.process.stdout is not None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None

    def run(self, jobs: list[Job]) -> Iterator[tuple[str, Outcome]]:
        """Run jobs; yield (job id, outcome) as each finishes (any order). Never raises for a job."""
        if not jobs:
            return
        with self._lock:
            self.start()
            assert self.process is not None and self.process.stdin is not None
            waiting = {job.id: job for job in jobs}
            try:
                self.process.stdin.write(
                    json.dumps(
                        {"jobs": [job.to_json() for job in jobs], "parallel": self.parallel},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                self.process.stdin.flush()
                while True:
                    message = self._read_within(self._silence(jobs))
                    if message is None:
                        break
                    if message.get("done"):
                        waiting.clear()
                        break
                    job = waiting.pop(str(message.get("id")), None)
                    if job is not None:  # what the worker says is data: checked, never trusted
                        yield job.id, _outcome(job, message)
            except (BrokenPipeError, OSError, ValueError):
                pass
            if waiting:  # the worker died under us, or stopped answering
                why = self.stalled or "the snippet worker stopped while running it"
                self.close()
                for job in waiting.values():
                    yield job.id, Outcome.failed(f"{job.path}: {why}", type="WorkerDied")

    @staticmethod
    def _silence(jobs: list[Job]) -> float:
        """How long the worker may say nothing while running ``jobs``: a run ends (or is
        killed) within its time limit, and every end is said at once."""
        if not jobs or any(not job.timeout for job in jobs):
            return 0  # a run without a time limit: no bound on the silence either
        return max(job.timeout for job in jobs) + SILENCE_GRACE

    def _read_within(self, seconds: float) -> dict | None:
        """The next message; past ``seconds`` of silence (a stopped worker: SIGSTOP), the
        worker is killed and None returned, with ``stalled`` saying why."""
        self.stalled = None
        if not seconds:
            return self._read()
        process = self.process

        def stall() -> None:
            self.stalled = (
                f"the snippet worker said nothing for {seconds:g} s, longer than any run may "
                "take (stopped, e.g. by a snippet's SIGSTOP): treated as a timeout, worker "
                "killed"
            )
            if process is not None:
                process.kill()

        timer = threading.Timer(seconds, stall)
        timer.daemon = True
        timer.start()
        try:
            return self._read()
        finally:
            timer.cancel()

    def close(self) -> None:
        """Stop the worker: asked politely, then SIGTERM (it kills the runs' process
        groups on its way out), then SIGKILL."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if process.poll() is None and process.stdin:
                process.stdin.write(json.dumps({"exit": True}) + "\n")
                process.stdin.close()
            process.wait(timeout=2)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            try:
                process.terminate()
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        finally:
            if process.stdout:
                process.stdout.close()
            if self.group is not None:
                self.group.remove()
                self.group = None
