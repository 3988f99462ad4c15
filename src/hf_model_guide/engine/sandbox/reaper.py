"""Nothing a snippet starts outlives its run, however it detaches.

A process group is not enough: ``setsid()`` or ``setpgid()`` leaves it, and a double fork
leaves the tree. The kernel's child subreaper (``prctl(PR_SET_CHILD_SUBREAPER)``, Linux 3.4)
closes both holes without privileges: a process orphaned anywhere below a subreaper is
reparented to it, not to init, so every descendant stays in the subreaper's tree, where it
can be found (``/proc/<pid>/task/<tid>/children``) and killed. Each run has a small guard
process that is its subreaper; the worker is one too, for what a killed guard leaves.
(A cgroup's ``cgroup.kill`` would do the same, but a build may not be allowed to create one.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper() -> bool:
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


PR_SET_DUMPABLE = 4


def not_dumpable() -> bool:
    """No process of the same user may attach to this one or read its memory
    (``/proc/<pid>/mem``, ptrace) without a capability; inherited by forked children, so a run
    can neither rewrite the worker nor another run."""
    return _prctl(PR_SET_DUMPABLE, 0)


def die_with_parent(number: int) -> None:
    """The kernel sends ``number`` to this process when its parent dies."""
    _prctl(PR_SET_PDEATHSIG, number)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as f:
                found.update(int(word) for word in f.read().split())
    return found


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def kill_descendants(keep: set[int] | None = None, seconds: float = 5.0) -> None:
    """SIGKILL every descendant of this process (except ``keep`` and theirs) and reap the
    ones that become its children. In rounds: a process forking meanwhile is caught by the
    next round, and those killed processes' children are reparented here (we are a
    subreaper), so the rounds end when nothing is left."""
    keep = keep or set()
    me = os.getpid()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        spared = set(keep)
        for kept in keep:
            spared |= descendants(kept)
        targets = descendants(me) - spared
        for pid in targets:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        reaped = _reap(spared)
        if not targets and not reaped:
            return
        if targets and not reaped:
            time.sleep(0.005)


def _reap(keep: set[int]) -> int:
    """Collect ended children that are not in ``keep``; how many."""
    count = 0
    for pid in children(os.getpid()) - keep:
        with contextlib.suppress(ChildProcessError):
            done, _ = os.waitpid(pid, os.WNOHANG)
            count += done == pid
    return count
