"""One forked snippet run, seen from the worker: its pipes, its deadline, what it sent, and
its result when it did not deliver one (stopped, crashed or exited)."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from hf_model_guide.engine.sandbox.framing import (
    STATUS_MARK,
    BadFrame,
    control_escaped,
    read_frames,
    write_all,
)
from hf_model_guide.engine.sandbox.job import Job

# The worker's own modules: their frames are left out of a dumped traceback, which starts
# in the snippet as its own tracebacks do.
WORKER_FILES = tuple(
    str(Path(__file__).with_name(f"{name}.py"))
    for name in ("worker", "supervise", "running", "streams", "seeding", "framing")
)


class Child:
    """One forked snippet run, seen from the worker: its pipes, its deadline, what it sent.
    ``pid`` is the run's guard (see ``supervise.Children._guard``), which leads its process group."""

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
        self.partial = bytearray()  # the last line logged, until it ends
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
        output limit with what it printed, and passed on to the build's log up to it, each
        line prefixed with the snippet's path and its control characters escaped (no fake
        build line, no terminal escape sequence)."""
        cap = self.job.max_output
        self.printed += len(data)
        room = len(data) if not cap else max(0, cap - self.logged)
        if room:
            self.logged += min(room, len(data))
            self.partial += data[:room]
            *lines, rest = self.partial.split(b"\n")
            self.partial = bytearray(rest[-4096:])  # a line without its end: held, bounded
            self._log(lines)
        if cap and self.printed > cap and self.logged == cap:
            self.logged += 1  # said once
            self._log([f"[output past {cap} characters left out]".encode()])

    def flush_log(self) -> None:
        if self.partial:
            self._log([bytes(self.partial)])
            self.partial.clear()

    def _log(self, lines: list[bytes] | list[bytearray]) -> None:
        prefix = f"{self.job.path}: "
        text = "".join(
            prefix + control_escaped(line.decode("utf-8", "replace")) + "\n" for line in lines
        )
        if text:
            write_all(2, text.encode("utf-8", "backslashreplace"))

    def take_frames(self) -> str | None:
        """Take the whole frames received; a malformed one: why (the run is then stopped)."""
        try:
            for message in read_frames(self.fds[self.messages_fd]):
                self._take(message)
        except BadFrame as exc:
            self.fds[self.messages_fd].clear()
            return str(exc)
        return None

    def _take(self, message: tuple) -> None:
        if message[0] == "result":
            # Its outputs and values only: which job it is, is the worker's to say.
            self.result = {**message[1], "id": self.job.id}
            return
        if message[0] == "w":
            cap = self.job.max_output
            if cap and self.printed >= cap:
                self.printed += len(message[2])
                return  # past the output limit: counted, not kept
            self.printed += len(message[2])
            if cap and self.printed > cap:  # keep what fits
                message = (*message[:2], message[2][: len(message[2]) - (self.printed - cap)])
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
        why = self._why(status)
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
            if not any(own in text for own in WORKER_FILES) and "<frozen runpy>" not in text
        )
        if line is not None:
            source = self.job.source_line(line)
            if source:
                fault = f"{fault}\n\n{path}, line {line}:\n    {source}".strip()
        error = _failure(f"{where}: {why}", line, fault)
        return {"id": self.job.id, "ok": False, "error": error, "chunks": chunks, "values": []}

    def _why(self, status: int | None) -> str:
        """Why the run ended without its result, from its wait status."""
        if self.stopping:
            return self.stopping
        if status is not None and os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            why = f"the process running it was killed by signal {number} ({_signal_name(number)})"
            if number == signal.SIGXFSZ:
                why += f" ({self.job.limits.named('max_file_size')})"
            return why
        code = os.waitstatus_to_exitcode(status) if status is not None else "?"
        return (
            f"the process running it ended with exit status {code} before finishing "
            "(os._exit, or a crash in native code)"
        )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown"


def _failure(message: str, line: int | None, detail: str = "") -> dict:
    """A ``RunError`` in its JSON form (``results.RunError.to_json``)."""
    text = f"{message}\n{detail}".rstrip("\n") if detail else message
    return {"message": message, "line": line, "type": "WorkerDied", "traceback": text}
