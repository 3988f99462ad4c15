"""The sandbox the snippet worker runs in: bubblewrap (``bwrap``, Debian's ``bubblewrap``,
the sandbox Flatpak uses), around the whole worker process.

A snippet is code from a pull request. Inside the sandbox it has:

- new user, PID, mount, IPC, UTS and cgroup namespaces: it sees only its own processes (no
  ``/proc/<build>/environ`` or ``/proc/<build>/mem``), a private ``/proc``, no capability,
  and cannot make another user namespace;
- no network, in either model source: in hub mode the build fetches the checkpoints the
  pages load before the worker starts (``model.source.prefetch``), and the snippets read
  them from the Hugging Face cache, offline;
- the system's ``/usr``, a few files of ``/etc`` (the loader's cache, TLS certificates,
  ``passwd``), Python, the project and its cache folder, all read-only; not ``.git``, not
  the home folder;
- a fresh ``/tmp`` (``HOME`` is ``/tmp/home``, ``TMPDIR`` is ``/tmp``) and ``/dev/shm``, each a
  memory-backed file system of at most ``scratch`` bytes, gone with the worker (and each
  run's own scratch folder with the run: ``sandbox.scratch``).

Where bubblewrap cannot run (not Linux, not installed, user namespaces disabled), or with
``HF_MODEL_GUIDE_SANDBOX=off``, a local build says so in one line and runs snippets as before
(the allow-listed environment and the limits still apply); a build with ``CI`` set refuses
(``SandboxUnavailable``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

# Where the sandbox's scratch is, and how big it may grow (per file system: /tmp, /dev/shm).
SCRATCH = "/tmp"
HOME = "/tmp/home"
DEFAULT_SCRATCH = 1 << 30
# The run-time files of /etc a Python process, the loader and TLS need; nothing else of it.
ETC = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "alternatives",
    "ssl",
    "ca-certificates",
    "ca-certificates.conf",
    "passwd",
    "group",
    "nsswitch.conf",
    "localtime",
    "timezone",
    "mime.types",
    "fonts",
)
# The user id inside (nobody): the run is not root, even for a build that is.
UID = 65534
REQUIRED_ENV = "CI"  # CI sets it; a build with it refuses to run snippets unsandboxed
# "off": run snippets without the sandbox, as where it cannot run (refused with CI set too):
# the tests of the worker's own bounds (reaping, a killed guard) watch its processes from
# outside, which the sandbox's PID namespace hides.
SWITCH_ENV = "HF_MODEL_GUIDE_SANDBOX"
INSTALL_HINT = "install bubblewrap (Debian, Ubuntu: apt-get install bubblewrap)"


class SandboxUnavailable(RuntimeError):
    """Snippets would run unsandboxed where that is refused (CI, the publish workflow)."""


def executable() -> str | None:
    return shutil.which("bwrap") if sys.platform.startswith("linux") else None


@functools.cache
def why_unavailable() -> str | None:
    """None if bubblewrap runs here, else why not (one line)."""
    if not sys.platform.startswith("linux"):
        return f"bubblewrap is Linux only (this is {sys.platform})"
    bwrap = executable()
    if bwrap is None:
        return f"bwrap is not installed ({INSTALL_HINT})"
    probe = [
        bwrap,
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--ro-bind",
        "/",
        "/",
        "true",
    ]
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap does not run: {exc}"
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"bwrap cannot make a sandbox here (user namespaces disabled?): {said}"
    return None


def required(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get(REQUIRED_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def usable(environ: Mapping[str, str] = os.environ, warn=None) -> bool:
    """Whether to sandbox the worker: True where bubblewrap runs; False (said once, in one
    line) where it cannot, unless the build must not run snippets unsandboxed (CI)."""
    switch = environ.get(SWITCH_ENV, "").strip().lower()
    why = f"{SWITCH_ENV}={switch}" if switch in {"off", "0", "false", "no"} else why_unavailable()
    if why is None:
        return True
    if required(environ):
        raise SandboxUnavailable(
            f"snippets are not run unsandboxed with {REQUIRED_ENV}={environ[REQUIRED_ENV]}: {why}"
        )
    if warn is not None:
        warn(f"snippets: running without a sandbox: {why}")
    return False


def command(
    worker: list[str],
    *,
    root: Path,
    readable: Iterable[Path] = (),
    scratch: int = DEFAULT_SCRATCH,
    network: bool = False,
    files: Mapping[str, Path] | None = None,  # inside path -> a file bound there read-only
    group: WorkerGroup | None = None,
) -> list[str]:
    """``worker`` (a command line) run inside the sandbox, cwd the project root."""
    bwrap = executable()
    assert bwrap is not None, "usable() said so"
    args = [
        bwrap,
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--disable-userns",
        "--uid",
        str(UID),
        "--gid",
        str(UID),
        "--hostname",
        "snippets",
        "--die-with-parent",
        "--new-session",  # no TIOCSTI into the build's terminal
        "--cap-drop",
        "ALL",
        "--ro-bind",
        "/usr",
        "/usr",
    ]
    if not network:
        args.append("--unshare-net")
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        top = Path("/", name)
        if top.is_symlink():
            args += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            args += ["--ro-bind", str(top), str(top)]
    for name in ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    if network:
        args += ["--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf"]
        args += ["--ro-bind-try", "/etc/hosts", "/etc/hosts"]
    args += ["--proc", "/proc", "--dev", "/dev"]
    for folder in (SCRATCH, "/dev/shm"):
        args += ["--size", str(scratch), "--tmpfs", folder]
    args += ["--dir", HOME]
    for inside, outside in (files or {}).items():
        args += ["--ro-bind", str(outside), inside]
    for path in _readable(root, readable):
        args += ["--ro-bind", str(path), str(path)]
    git = root / ".git"  # its config may hold a remote's credentials; hooks would persist
    if git.is_dir():
        args += ["--tmpfs", str(git), "--remount-ro", str(git)]
    elif git.exists():
        args += ["--ro-bind", "/dev/null", str(git)]
    args += ["--setenv", "HOME", HOME, "--setenv", "TMPDIR", SCRATCH]
    args += ["--setenv", "HF_MODEL_GUIDE_SCRATCH", SCRATCH]  # sandbox.scratch: one a run
    # Few malloc arenas: each thread's reserves 64 MiB of address space, which the run's
    # address-space limit counts (sandbox.limits); no effect on any result.
    args += ["--setenv", "MALLOC_ARENA_MAX", "2"]
    if group is not None:
        args += group.binds()
    args += ["--remount-ro", "/"]  # the sandbox's own root: no file but in the scratch
    args += ["--chdir", str(root), "--", *worker]
    return group.command(args) if group is not None else args


# The processes a sandboxed worker may have in all, its runs' included, where the build may
# make a pids cgroup for it (root): the worker's own bound, out of the sandbox's reach.
PROCESSES_PER_RUN = 1024
GROUP_PREFIX = "hf-model-guide-sandbox-"


class WorkerGroup:
    """A pids cgroup around the sandboxed worker, made by the build, with a group inside it
    bound into the sandbox as its ``/sys/fs/cgroup/pids``: there the worker makes each run's
    group (``sandbox.limits.ProcessGroups``) as it does unsandboxed. A run may write its own
    group's ``pids.max``; the outer group's, which bounds them all, it cannot reach. The
    kernel applies ``RLIMIT_NPROC`` to no process of root, sandboxed or not: without this, a
    root build's runs would have no process bound."""

    def __init__(self, parallel: int) -> None:
        self.outer = _own_pids_group()
        self.inner: Path | None = None
        if self.outer is None:
            return
        _remove_stale(self.outer)
        self.outer = self.outer / f"{GROUP_PREFIX}{os.getpid()}-{id(self)}"
        try:
            self.outer.mkdir()
            (self.outer / "pids.max").write_text(f"{parallel * PROCESSES_PER_RUN + 64}\n")
            (self.outer / "inner").mkdir()
            self.inner = self.outer / "inner"
            # Its own processes file (the sh below writes it, as root, first) is not the
            # sandbox's: a run cannot move itself out of its run's group into the inner one.
            os.chown(self.inner / "cgroup.procs", UID, UID)
            os.chmod(self.inner / "cgroup.procs", 0o444)
        except OSError:
            self.remove()

    def command(self, command: list[str]) -> list[str]:
        """``command`` started in the inner group (a shell moves itself there, then execs)."""
        if self.inner is None:
            return command
        procs = str(self.inner / "cgroup.procs")
        return ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', procs, *command]

    def binds(self) -> list[str]:
        if self.inner is None:
            return []
        return ["--bind", str(self.inner), "/sys/fs/cgroup/pids"]

    def remove(self) -> None:
        """Once the worker is gone: the groups it left, innermost first."""
        if self.outer is not None:
            _remove_tree(self.outer)


def _remove_tree(folder: Path) -> None:
    """A cgroup folder and the groups below it, innermost first; its last processes (the
    sandbox's, killed with it) may take a moment to go."""
    for _ in range(20):
        if not folder.exists():
            return
        for below, _dirs, _files in os.walk(folder, topdown=False):
            with contextlib.suppress(OSError):
                os.rmdir(below)
        if not folder.exists():
            return
        time.sleep(0.05)


def _remove_stale(parent: Path) -> None:
    """The groups of builds that ended without removing theirs (killed)."""
    for stale in parent.glob(f"{GROUP_PREFIX}*"):
        pid = stale.name.removeprefix(GROUP_PREFIX).split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            _remove_tree(stale)


def _own_pids_group() -> Path | None:
    """This process's group in cgroup v1's pids hierarchy, if this build may write there."""
    if os.geteuid() != 0:
        return None
    try:
        mounts = Path("/proc/self/mountinfo").read_text().splitlines()
        groups = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    mount = next(
        (
            Path(left.split()[4])
            for left, _, right in (line.partition(" - ") for line in mounts)
            if right.split()[:1] == ["cgroup"] and "pids" in right.split()[2].split(",")
        ),
        None,
    )
    own = next((g.split(":", 2)[2] for g in groups if "pids" in g.split(":")[1].split(",")), None)
    if mount is None or own is None:
        return None
    folder = mount / own.lstrip("/")
    return folder if os.access(folder, os.W_OK) else None


def link_targets(folders: Iterable[Path], depth: int = 6) -> list[Path]:
    """The folders the symbolic links under ``folders`` point into (the Hugging Face cache's
    snapshots link to the stand-in's files): bound read-only too, so the links resolve and
    no write reaches what they point at."""
    found: set[Path] = set()
    for folder in folders:
        base = len(Path(folder).parts)
        for dirpath, dirnames, filenames in os.walk(folder):
            if len(Path(dirpath).parts) - base >= depth:
                dirnames.clear()
            for name in dirnames + filenames:
                path = Path(dirpath, name)
                if path.is_symlink() and path.exists():
                    target = path.resolve()
                    found.add(target if target.is_dir() else target.parent)
    return sorted(found)


def _readable(root: Path, extra: Iterable[Path]) -> list[Path]:
    """The folders bound read-only: Python's (where it is not under /usr), the project, and
    ``extra`` (the cache folder, the Hugging Face cache), each once, outer ones first."""
    wanted = {Path(p).resolve() for p in (sys.base_prefix, sys.prefix, sys.exec_prefix)}
    wanted |= {root.resolve()} | {Path(p).resolve() for p in extra if Path(p).exists()}
    wanted = {p for p in wanted if not _under(p, Path("/usr")) and p != Path("/")}
    kept = [p for p in sorted(wanted) if not any(_under(p, q) and p != q for q in wanted)]
    return kept


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
