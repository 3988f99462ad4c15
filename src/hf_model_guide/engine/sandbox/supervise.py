"""The forked runs of one batch, supervised by the worker: each started in a child forked
from the warm worker, its pipes read, its limits enforced, its result collected, and nothing
it started left running after it."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import selectors
import signal
import sys
import time
import traceback
from pathlib import Path

from hf_model_guide.engine.sandbox import limits as run_limits
from hf_model_guide.engine.sandbox import reaper, scratch
from hf_model_guide.engine.sandbox.child import Child
from hf_model_guide.engine.sandbox.framing import STATUS_MARK, clean_text, framed_writer, write_all
from hf_model_guide.engine.sandbox.job import Job
from hf_model_guide.engine.sandbox.limits import ProcessGroups
from hf_model_guide.engine.sandbox.running import run_job
from hf_model_guide.engine.sandbox.streams import Route

# What is kept of a run's faults pipe (faulthandler's traceback, its guard's report): a run
# writing gigabytes into it must not grow the worker.
MAX_FAULTS = 1 << 20


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Children:
    """The forked runs of one batch. Each run is a guard process (a child subreaper, see
    ``reaper``) and below it the process running the snippet. A run that passes its time
    limit (or prints past the output limit) is killed by its guard with every process it
    started, which it cannot catch or escape (``setsid()`` included); and whatever a
    finished run left running in the background (a server, a ``sleep``) is killed with it,
    so nothing outlives its snippet."""

    def __init__(self, root: Path, protocol_fd: int, stdout: Route, stderr: Route) -> None:
        self.root = root
        self.protocol_fd = protocol_fd
        self.stdout, self.stderr = stdout, stderr
        self.running: dict[int, Child] = {}
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
        child = Child(job, filename, pid, (messages_r, faults_r, output_r), limit)
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
        folder = None
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
            folder = scratch.create()
            run = os.fork()
            if run == 0:
                scratch.enter(folder)
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
            scratch.remove(folder)
            write_all(faults_w, f"{STATUS_MARK}{status}\n".encode())
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
            send = framed_writer(messages_w)
            self.stdout.tee = self.stderr.tee = send

            def exit_now(status: int, _exit=real_exit) -> None:  # os._exit, saying from where
                caller = sys._getframe(1)
                with contextlib.suppress(BaseException):
                    send(("exit", caller.f_code.co_filename, caller.f_lineno))
                _exit(status)

            os._exit = exit_now  # type: ignore[assignment]  # same call, typed NoReturn upstream
            outcome = run_job(job, self.root, self.stdout, self.stderr)
            self.stdout.tee = self.stderr.tee = None
            # No id (the worker adds the job's, Child._take) and not cleaned here: the frame's
            # JSON escapes lone surrogates, and the worker cleans every result it passes on.
            send(("result", outcome.to_json()))
        except BaseException:  # noqa: BLE001 - reported as the job's failure
            with contextlib.suppress(BaseException):
                traceback.print_exc()
            code = 70
        finally:
            real_exit(code)

    def wait(self, timeout: float) -> None:
        """Read what the children sent, reap the ended ones, enforce limits."""
        self._read(timeout)
        now = time.monotonic()
        self._reap(now)
        for child in self.running.values():
            if child.status is None:
                self._enforce(child, now)

    def _read(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            child: Child = key.data
            try:
                data = os.read(key.fd, 1 << 16)
            except OSError:
                data = b""
            if data and key.fd == child.output_fd:
                child.log_output(data)
            elif data:
                buffer = child.fds[key.fd]
                buffer += data
                if key.fd == child.messages_fd:
                    bad = child.take_frames()
                    if bad and child.stopping is None:
                        self._stop(child, f"sent the worker {bad}: stopped")
                elif len(buffer) > MAX_FAULTS:  # its head, and the guard's report at its end
                    del buffer[MAX_FAULTS // 2 : len(buffer) - MAX_FAULTS // 2]
            else:
                if key.fd == child.output_fd:
                    child.flush_log()
                self.selector.unregister(key.fd)
                os.close(key.fd)
                child.open.discard(key.fd)

    def _reap(self, now: float) -> None:
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

    def _enforce(self, child: Child, now: float) -> None:
        """Its time and output limits: told to stop, then its guard ends it, then SIGKILL."""
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

    def _stop(self, child: Child, why: str) -> None:
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
            done.append(clean_text(result))
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
