"""Long work shows progress on a terminal (a pseudo-terminal here) and stays quiet when piped:
a cold build's snippets as they run, the stand-in's build steps with a bar. Why each snippet
runs is logged on both."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from kit.throwaway_site import Site

SNIPPET = "import time\ntime.sleep(0.2)\nprint({n})\n"


def on_terminal(
    command: list[str], *, cwd: Path, env: dict[str, str], until: str | None = None, seconds=300
) -> str:
    """What ``command`` writes to a 80x24 pseudo-terminal (stdout and stderr), until it ends,
    or until ``until`` appears (then it is stopped with its process group)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the other side closed: the command ended
                    break
                if not data:
                    break
                out += data
                if until and until in out.decode("utf-8", "replace"):
                    break
            elif process.poll() is not None:
                break
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    return out.decode("utf-8", "replace").replace("\r\n", "\n")


def snippet_site(tmp_path: Path) -> Site:
    site = Site(tmp_path / "project", tmp_path / "cache")
    for n in (1, 2, 3):
        site.write(f"snippets/s{n}.py", SNIPPET.format(n=n))
    page = "\n\n".join(f"{{* snippets/s{n}.py *}}" for n in (1, 2, 3))
    site.write("docs/index.md", f"# 页\n\n{page}\n")
    site.write("docs/index.en.md", f"# Page\n\n{page}\n")
    return site


@pytest.mark.build
def test_a_cold_build_shows_each_snippet_on_a_terminal(tmp_path):
    site = snippet_site(tmp_path)
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "out")]
    shown = on_terminal(command, cwd=site.root, env=site.environ())
    assert "running 3 snippets" in shown, shown
    for n in (1, 2, 3):
        assert f"ran snippets/s{n}.py (" in shown, shown
        assert f"snippets: running snippets/s{n}.py: new" in shown, shown
    assert "(3/3)" in shown and "snippets: 100%" in shown, shown  # the bar, finished
    assert "snippets: 3 executed, 0 from cache, 0 failed" in shown


@pytest.mark.build
def test_piped_the_build_logs_why_each_snippet_ran_and_its_summary_but_no_progress(tmp_path):
    site = snippet_site(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "out")],
        cwd=site.root,
        env=site.environ(),
        capture_output=True,
        text=True,
        check=True,
    )
    log = done.stdout + done.stderr
    assert "snippets: 3 executed, 0 from cache, 0 failed" in log
    assert all(f"snippets: running snippets/s{n}.py: new" in log for n in (1, 2, 3)), log
    assert "ran snippets/" not in log and "running 3" not in log and "%|" not in log, log
    assert "model source: none" in log  # the build says which model it used


@pytest.mark.build
def test_the_stand_in_build_shows_its_steps_and_a_bar_on_a_terminal(tmp_path):
    # A cold stand-in build takes minutes: watched until its training bar moves, then stopped
    # (it writes its folder only at the end, so nothing is left half-written).
    env = {**os.environ, "HF_MODEL_GUIDE_CACHE": str(tmp_path / "cache")}
    shown = on_terminal(
        [sys.executable, "-m", "hf_model_guide", "standin"],
        cwd=tmp_path,
        env=env,
        until="batch/s]",
        seconds=600,
    )
    assert "building the offline stand-in model into" in shown, shown
    assert "stand-in 1/4: converting all-MiniLM-L6-v2 to DistilBERT" in shown, shown
    assert "stand-in 2/4: fine-tuning on" in shown, shown
    assert "fine-tuning:" in shown and "batch/s]" in shown, shown
    assert not any((tmp_path / "cache" / "standin").glob("*/config.json"))
