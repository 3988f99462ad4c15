"""Hard limits: nothing a snippet does can hang a build or leave a process behind (issue 13)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kit.throwaway_site import Site, serving

# Ignores every catchable signal, starts a process that would outlive it, then waits on a
# server that accepts the connection and never answers (a hung Hub).
HANG = """
import os, signal, socket, subprocess, sys, time
from pathlib import Path

for number in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGHUP):
    signal.signal(number, signal.SIG_IGN)
name = Path(__file__).stem
Path(f"{name}.started").write_text(f"{time.time()} {os.getpid()}")
sleeper = subprocess.Popen(["sleep", "1000"])
Path(f"{name}.child").write_text(str(sleeper.pid))
print("waiting for the Hub")
connection = socket.create_connection(("127.0.0.1", int(Path("port").read_text())))
connection.recv(1)
"""


# They watch the worker's processes from outside (tests/engine/conftest.py).
pytestmark = pytest.mark.usefixtures("unsandboxed")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not looked


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.1)
    return False


def pids_of(root: Path, name: str) -> list[int]:
    started = (root / f"{name}.started").read_text().split()
    return [int(started[1]), int((root / f"{name}.child").read_text())]


@pytest.fixture
def silent_server():
    """A server that accepts connections (the kernel's backlog) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def hanging_site(tmp_path: Path, port: int, timeout: float) -> Site:
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.set_option("timeout", timeout)
    site.write("port", str(port))
    site.write("snippets/hang.py", HANG)
    return site


@pytest.mark.build
def test_a_hanging_snippet_is_killed_at_its_limit_with_everything_it_started(
    tmp_path, silent_server
):
    site = hanging_site(tmp_path, silent_server, timeout=2)
    site.write("snippets/hang_longer.py", HANG)
    page = "# 页\n\n{* snippets/hang.py *}\n\n{* snippets/hang_longer.py timeout=3 *}\n"
    site.write("docs/index.md", page)
    site.write("docs/index.en.md", page.replace("页", "Page"))
    build = site.build(strict=False)
    ended = time.time()
    assert build.code == 0, build.log
    # mkdocs.yml's limit for one, the include's own for the other; each names the line reached
    assert "snippets/hang.py:12: still running after 2 s: stopped" in build.log
    assert "snippets/hang_longer.py:12: still running after 3 s: stopped" in build.log
    first_start = min(
        float((site.root / f"{n}.started").read_text().split()[0]) for n in ("hang", "hang_longer")
    )
    # The limit, then the rest of the build (rendering both languages): a few seconds on an
    # idle machine, more when the test suite shares it with other work.
    assert ended - first_start < 3 + 15, "the build did not end soon after the limit"
    assert gone_within(pids_of(site.root, "hang") + pids_of(site.root, "hang_longer"), 3)
    failure = build.page("en").select(".admonition.failure")[0].text
    assert "still running after 2 s" in failure and "connection.recv(1)" in failure
    assert "waiting for the Hub" in build.page("en").select_one(".snippet-output").text


@pytest.mark.build
def test_a_snippet_leaving_a_process_behind_does_not_hold_the_build(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write(
        "snippets/background.py",
        """
        import subprocess
        from pathlib import Path

        sleeper = subprocess.Popen(["sleep", "1000"])  # would keep the build's stderr open
        Path("background.child").write_text(str(sleeper.pid))
        print("started")
        """,
    )
    site.write("docs/index.md", "# 页\n\n{* snippets/background.py *}\n")
    site.write("docs/index.en.md", "# Page\n\n{* snippets/background.py *}\n")
    started = time.monotonic()
    build = site.build()
    assert build.code == 0, build.log
    assert time.monotonic() - started < 60
    assert not alive(int((site.root / "background.child").read_text()))


def worker_pids(root: Path) -> list[int]:
    """The snippet workers of the site at ``root``."""
    found = subprocess.run(
        ["pgrep", "-f", f"engine.sandbox.worker --root {root}"],
        check=False,
        capture_output=True,
        text=True,
    )
    return [int(pid) for pid in found.stdout.split()]


def wait_for(path: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.1)


@pytest.mark.build
@pytest.mark.parametrize("command", ["build", "serve"])
def test_sigterm_to_the_build_ends_the_worker_and_the_running_snippet(
    tmp_path, silent_server, command
):
    site = hanging_site(tmp_path, silent_server, timeout=60)
    site.write("docs/index.md", "# 页\n\n{* snippets/hang.py *}\n")
    site.write("docs/index.en.md", "# Page\n\n{* snippets/hang.py *}\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    extra = ["-a", f"127.0.0.1:{port}"] if command == "serve" else []
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", command, *extra],
        cwd=site.root,
        env=site.environ({"TMPDIR": str(scratch)}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(site.root / "hang.child", 60)
        snippet, sleeper = pids_of(site.root, "hang")
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        assert gone_within([snippet, sleeper], 5), "the snippet or what it started survived"
        assert gone_within(worker_pids(site.root), 5), "the worker survived"
        assert not list(scratch.glob("snippet-worker-*"))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.build
def test_serve_answers_while_a_snippet_hangs_then_shows_it_stopped(tmp_path, silent_server):
    site = hanging_site(tmp_path, silent_server, timeout=60)
    site.write("snippets/quick.py", "print('quick one')\n")
    site.write("docs/index.md", "# 页\n\n{* snippets/hang.py timeout=8 *}\n")
    page = "# Page\n\n{* snippets/hang.py timeout=8 *}\n\n{* snippets/quick.py *}\n"
    site.write("docs/index.en.md", page)
    with serving(site) as served:
        html, _ = served.wait_for("en/", lambda h: "admonition info" in h, 60)
        assert html is not None, "serve did not answer while the snippet ran"
        snippet, sleeper = pids_of(site.root, "hang")
        assert alive(snippet), "the page came after the run, not during it"
        assert "Running" in html and "still running" in html
        html, _ = served.wait_for("en/", lambda h: "quick one" in h and "stopped" in h, 30)
        assert html is not None, "the page never showed the run's end"
        assert "snippets/hang.py:12: still running after 8 s: stopped" in html
        assert gone_within([snippet, sleeper], 3)
    assert served.process.returncode is not None
