"""A run started by root gives up the capabilities that would undo its limits.

Root's ``CAP_SYS_RESOURCE`` raises any rlimit back (``resource.setrlimit``), ``CAP_SYS_ADMIN``
lifts limits of its own (and mounts, e.g. a cgroup hierarchy), ``CAP_SYS_PTRACE`` attaches to
any process and reads its memory (the build's, with its secrets). A run drops the three from
its bounding set (so a program it executes does not get them back, as a root exec otherwise
would) and from its own sets. It does not hide ``/proc/<pid>/environ`` (on this project's
kernel a same-user run still reads it): ``environment.hide_environment_block`` does that. A
build that is not root has none of these: nothing to do.
"""

from __future__ import annotations

import ctypes
import os
import sys

CAP_SYS_PTRACE = 19
CAP_SYS_ADMIN = 21
CAP_SYS_RESOURCE = 24
DROPPED = (CAP_SYS_PTRACE, CAP_SYS_ADMIN, CAP_SYS_RESOURCE)

PR_CAPBSET_DROP = 24
_CAPABILITY_VERSION_3 = 0x20080522


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop() -> bool:
    """Drop ``DROPPED`` from this process; False where there is nothing to drop or no way."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    for number in DROPPED:
        if libc.prctl(PR_CAPBSET_DROP, number, 0, 0, 0) != 0:
            return False
    header = _Header(_CAPABILITY_VERSION_3, 0)
    data = (_Data * 2)()  # version 3: capabilities 0-31, then 32-63
    if libc.capget(ctypes.byref(header), data) != 0:
        return False
    mask = ~sum(1 << number for number in DROPPED) & 0xFFFFFFFF
    data[0].effective &= mask
    data[0].permitted &= mask
    data[0].inheritable &= mask
    return libc.capset(ctypes.byref(header), data) == 0
