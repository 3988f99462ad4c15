"""What one snippet run may use: memory, file size, processes. The defaults live here only.

A snippet is code from a pull request, and the build runs it. Each run gets, besides its time
limit and its output limit (``core.DEFAULT_TIMEOUT``, ``core.DEFAULT_MAX_OUTPUT``):

======================  ==========  ========================================================
option                  default     what it bounds
======================  ==========  ========================================================
``max_memory``          4 GiB       the data (heap and private mappings) of each process of
                                    the run, the warm worker's share it starts with included
``max_file_size``       1 GiB       the size of any one file the run writes
``max_processes``       128         the processes and threads the run may have at once
======================  ==========  ========================================================

Each is set in ``mkdocs.yml`` (the run-snippets plugin's option of that name) and per include
(``{* snippets/x.py max_memory=8GiB *}``); sizes take ``KiB``/``MiB``/``GiB`` or a number of
bytes. A run that passes one fails with ``snippets/x.py:N:`` and the option's name; the other
snippets and the build go on.

How each is enforced, and why that way (the kernel does the counting, so a snippet cannot
race it or patch it away):

- memory: ``RLIMIT_DATA``, set in the run's process and inherited by what it starts. It
  counts the heap and private writable mappings, where every allocation lands; a run starts
  with some of it used, torch and transformers being imported (measured with VmData:
  benchmarks/README.md, "Latest figures": the worker's preload). It does not count shared
  mappings (``MAP_SHARED``, ``/dev/shm``): ``RLIMIT_AS`` is set too, to the address space the
  run starts with that is not data (libraries, reservations that use no memory) plus the
  same ``max_memory`` (issue 33: a 5 GiB shared mapping passed). In the sandbox, where each
  thread's malloc arena would reserve 64 MiB of it, ``MALLOC_ARENA_MAX`` is 2. Past it an allocation fails (``MemoryError``, or
  torch's "can't allocate memory") instead of the kernel's OOM killer picking a victim,
  which could be the worker or the build. Not a cgroup's ``memory.max``: a build is not
  always allowed to create one (a GitHub runner's user is not). The sandbox's files (its
  ``/tmp``, ``/dev/shm``) are memory too: ``engine.bubblewrap`` caps their size.
- file size: ``RLIMIT_FSIZE`` with ``SIGXFSZ`` ignored, so the write fails with ``EFBIG`` at
  the snippet's line rather than the process dying without a traceback.
- processes: a cgroup's ``pids.max`` where the build may create one (cgroup v1's ``pids``
  hierarchy; root on this project's machines; in the sandbox, the group the build delegates
  to it, inside one that bounds them all: ``engine.bubblewrap.WorkerGroup``), else
  ``RLIMIT_NPROC``. ``RLIMIT_NPROC``
  counts every process of the user and the kernel never applies it to root, hence the cgroup
  first; as a non-root user it is set to the user's current count plus the bound.

A run cannot lift them: the hard limits are set too, and a root run gives up the
capabilities that would raise them (``capabilities``).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import capabilities

GIB = 1 << 30
DEFAULT_MAX_MEMORY = 4 * GIB
DEFAULT_MAX_FILE_SIZE = 1 * GIB
DEFAULT_MAX_PROCESSES = 128

# The option names, as mkdocs.yml and includes spell them, and what a message calls them.
OPTIONS = {
    "max_memory": "memory limit",
    "max_file_size": "file-size limit",
    "max_processes": "process limit",
}

_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)


class LimitError(ValueError):
    pass


def parse_size(value: object, name: str) -> int:
    """``4GiB``, ``512MiB``, ``1.5 GB`` or a number of bytes (units are powers of 1024)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        match = _SIZE.fullmatch(str(value))
        if not match:
            raise LimitError(f"{name}={value!r}: use a size like 4GiB, 512MiB or a number of bytes")
        number = int(float(match[1]) * _UNITS[match[2].lower()])
    if number <= 0:
        raise LimitError(f"{name}={value!r}: must be more than 0")
    return number


def parse_count(value: object, name: str) -> int:
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if number <= 0:
        raise LimitError(f"{name}={value!r}: use a whole number more than 0, like 64")
    return number


def show_size(number: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if number >= size and number % (size // 16) == 0:
            return f"{number / size:g} {unit}"
    return f"{number} bytes"


def _parser(name: str) -> Callable[[object, str], int]:
    """How a limit's value is read: a count of processes, else a size."""
    return parse_count if name == "max_processes" else parse_size


@dataclass(frozen=True)
class Limits:
    max_memory: int = DEFAULT_MAX_MEMORY
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_processes: int = DEFAULT_MAX_PROCESSES

    @classmethod
    def of(cls, **values: object) -> Limits:
        """From mkdocs.yml's or an include's values (None: the default)."""
        found = cls()
        for name, value in values.items():
            if value is None:
                continue
            if name not in OPTIONS:
                raise LimitError(f"unknown limit {name!r} (known: {', '.join(OPTIONS)})")
            found = replace(found, **{name: _parser(name)(value, name)})
        return found

    def to_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in OPTIONS}

    @classmethod
    def from_json(cls, data: dict | None) -> Limits:
        return cls(**{k: int(v) for k, v in (data or {}).items() if k in OPTIONS})

    def shown(self, name: str) -> str:
        return show_limit(name, getattr(self, name))

    def named(self, name: str) -> str:
        """What a failure says: which limit, its value, and how to raise it."""
        return (
            f"{OPTIONS[name]} {name}={self.shown(name)} reached (raise it with "
            f"{name}=... on the include, or the run-snippets plugin's {name} option)"
        )

    def explain(self, exc: BaseException) -> str | None:
        """The limit an exception raised in the run means it reached, if any."""
        if isinstance(exc, MemoryError):
            return self.named("max_memory")
        if isinstance(exc, RuntimeError) and "can't allocate memory" in str(exc):
            return self.named("max_memory")  # torch's CPU allocator
        if isinstance(exc, OSError) and exc.errno == errno.ENOMEM:
            return self.named("max_memory")  # mmap, a shared mapping included
        if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
            return self.named("max_file_size")
        if isinstance(exc, OSError) and exc.errno == errno.EAGAIN and _from_fork(exc):
            return self.named("max_processes")
        return None


def _from_fork(exc: BaseException) -> bool:
    """fork, posix_spawn or a thread start failed for lack of a process slot."""
    import traceback

    names = {frame.f_code.co_name for frame, _ in traceback.walk_tb(exc.__traceback__)}
    return bool(names & {"fork", "_fork_exec", "_execute_child", "_posix_spawn", "start"}) or (
        "fork" in str(exc) or "thread" in str(exc)
    )


def show_limit(name: str, value: float) -> str:
    if name == "timeout":
        return f"{value:g} s"
    return str(int(value)) if name == "max_processes" else show_size(int(value))


@dataclass(frozen=True)
class Ceilings:
    """How far an include may raise each limit (and its timeout): set in ``mkdocs.yml``
    (the run-snippets plugin's ``ceilings``) by a maintainer, never by a page."""

    timeout: float = 3600.0
    max_memory: int = 16 * GIB
    max_file_size: int = 4 * GIB
    max_processes: int = 1024

    @classmethod
    def of(cls, values: dict[str, object]) -> Ceilings:
        found = {}
        for name, value in values.items():
            if name == "timeout":
                try:
                    found[name] = float(str(value))
                except ValueError:
                    raise LimitError(f"ceilings: timeout={value!r}: a number of seconds") from None
            elif name in OPTIONS:
                found[name] = _parser(name)(value, f"ceilings: {name}")
            else:
                known = ", ".join(["timeout", *OPTIONS])
                raise LimitError(f"ceilings: unknown limit {name!r} (known: {known})")
        return cls(**found)  # type: ignore[arg-type]

    def refused(self, name: str, value: float) -> str:
        return (
            f"{name}={show_limit(name, value)} is above the site's ceiling of "
            f"{show_limit(name, getattr(self, name))}: the run gets the ceiling (a maintainer "
            f"raises it in mkdocs.yml: the run-snippets plugin's ceilings: {{{name}: ...}})"
        )


# -- enforcing them, in the run's own process (after the fork, before the snippet) -----------


def apply(limits: Limits, cgroup: Path | None) -> None:
    import resource
    import signal

    resource.setrlimit(resource.RLIMIT_DATA, (limits.max_memory, limits.max_memory))
    shared = _address_space_bound(limits.max_memory)
    if shared is not None:
        resource.setrlimit(resource.RLIMIT_AS, (shared, shared))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # inherited through exec, like the limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.max_file_size, limits.max_file_size))
    if cgroup is not None:
        (cgroup / "cgroup.procs").write_text("0\n")  # "0": this process
    elif os.geteuid() != 0:
        bound = _user_tasks() + limits.max_processes
        resource.setrlimit(resource.RLIMIT_NPROC, (bound, bound))
    capabilities.drop()  # last: root could raise every limit above again


def _address_space_bound(max_memory: int) -> int | None:
    """What ``RLIMIT_AS`` is set to: the address space the run starts with that is not data
    (libraries, reservations) plus ``max_memory``. It bounds shared mappings (``MAP_SHARED``,
    ``/dev/shm``), which ``RLIMIT_DATA`` does not count; data stays bounded by that."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    sizes = {}
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name in ("VmSize", "VmData"):
            sizes[name] = int(value.split()[0]) * 1024
    if len(sizes) < 2:
        return None
    return sizes["VmSize"] - sizes["VmData"] + max_memory


def _user_tasks() -> int:
    """The tasks (processes and threads) of this real user: what RLIMIT_NPROC counts."""
    uid, count = os.getuid(), 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid:
                count += len(os.listdir(f"/proc/{entry.name}/task"))
        except OSError:
            continue
    return count


class ProcessGroups:
    """cgroups bounding each run's processes, under one folder for this worker.

    Used where the build may create them; ``available`` is False elsewhere, and runs then
    get ``RLIMIT_NPROC`` instead (see the module's docstring)."""

    def __init__(self) -> None:
        self.base = _writable_pids_hierarchy()
        self.count = 0
        if self.base is not None:
            _remove_stale(self.base.parent)

    @property
    def available(self) -> bool:
        return self.base is not None

    def create(self, limits: Limits) -> Path | None:
        if self.base is None:
            return None
        self.count += 1
        group = self.base / f"run-{self.count}"
        try:
            group.mkdir(parents=True, exist_ok=True)
            (group / "pids.max").write_text(f"{limits.max_processes}\n")
        except OSError:
            return None
        return group

    @staticmethod
    def remove(group: Path | None) -> None:
        if group is not None:
            try:
                group.rmdir()
            except OSError:
                pass

    def close(self) -> None:
        if self.base is not None:
            for group in self.base.glob("run-*"):
                self.remove(group)
            self.remove(self.base)


PREFIX = "hf-model-guide-worker-"


def _writable_pids_hierarchy() -> Path | None:
    """``<pids mount>/<this process's group>/hf-model-guide-worker-<pid>``, if we may create it."""
    try:
        mounts = Path("/proc/self/mountinfo").read_text().splitlines()
        groups = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    mount = None
    for line in mounts:
        left, _, right = line.partition(" - ")
        kind, _, options = (right.split() + ["", "", ""])[:3]
        if kind == "cgroup" and "pids" in options.split(","):
            mount = Path(left.split()[4])
    if mount is None:
        return None
    own = next(
        (line.split(":", 2)[2] for line in groups if "pids" in line.split(":")[1].split(",")),
        None,
    )
    if own is None:
        return None
    base = mount / own.lstrip("/") / f"{PREFIX}{os.getpid()}"
    try:
        base.mkdir(exist_ok=True)
    except OSError:
        return None
    return base


def _remove_stale(folder: Path) -> None:
    """The folders of workers that were killed before they could remove theirs."""
    for stale in folder.glob(f"{PREFIX}*"):
        pid = stale.name.removeprefix(PREFIX)
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            for group in stale.glob("run-*"):
                ProcessGroups.remove(group)
            ProcessGroups.remove(stale)
