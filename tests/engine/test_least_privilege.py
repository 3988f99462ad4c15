"""A pull request's snippet gets nothing it should not (issue 25): no secret of the build's
environment, bounded memory, file size and processes, nothing left running, capped output.
The bounds a sandboxed run meets (memory, processes, output) are checked in the one build of
test_sandbox_attacks.py; these are the worker's own, watched from outside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from kit.throwaway_site import Site
from test_limits import alive, gone_within, wait_for, worker_pids

SECRET = "planted-secret-7c1e9a"

# Prints what it can find of the build's environment: its own, and every ancestor's block.
LOOK_FOR_SECRETS = """
import os
from pathlib import Path

print("own:", {k: v for k, v in os.environ.items() if "SECRET" in k or k == "HF_TOKEN"})
pid = os.getppid()
while pid > 1:
    try:
        block = Path(f"/proc/{pid}/environ").read_bytes()
        print(pid, "environ:", block.replace(b"\\0", b" ").decode(errors="replace"))
        pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError as exc:
        print(pid, "unreadable:", exc)
        break
print("PASSED_ON =", os.environ.get("PASSED_ON"))
"""


def page(*includes: str) -> tuple[str, str]:
    body = "\n\n".join(f"{{* {include} *}}" for include in includes)
    return f"# 页\n\n{body}\n", f"# Page\n\n{body}\n"


def site_with(tmp_path: Path, snippets: dict[str, str], *includes: str) -> Site:
    site = Site(tmp_path / "project", tmp_path / "cache")
    for name, text in snippets.items():
        site.write(f"snippets/{name}", text)
    site.write("snippets/next.py", "print('the next snippet ran')\n")
    zh, en = page(*includes, "snippets/next.py")
    site.write("docs/index.md", zh)
    site.write("docs/index.en.md", en)
    return site


def failures(build) -> list[str]:
    return [box.text for box in build.page("en").select(".admonition.failure")]


def assert_next_ran(build) -> None:
    outputs = [box.text for box in build.page("en").select(".snippet-output")]
    assert any("the next snippet ran" in text for text in outputs), build.log


@pytest.mark.usefixtures("unsandboxed")  # the build's own environment block, from a snippet
def test_a_snippet_sees_no_secret_of_the_builds_environment(tmp_path):
    site = site_with(tmp_path, {"look.py": LOOK_FOR_SECRETS}, "snippets/look.py")
    site.set_option("pass_env", "[PASSED_ON]")
    planted = {
        "DEPLOY_SECRET": SECRET,
        "HF_TOKEN": SECRET + "-hf",
        "GITHUB_TOKEN": SECRET + "-gh",
        "HF_MODEL_GUIDE_API_TOKEN": SECRET + "-prefixed",  # an allowed prefix, a secret's name
        "PASSED_ON": "asked for in mkdocs.yml",
    }
    build = site.build(env=planted, own_process=True)  # the build process's environ is tested
    assert build.code == 0, build.log
    shown = build.page("en").select_one(".snippet-output").text
    assert "environ:" in shown, "the snippet could not read its ancestors' environment blocks"
    published = "".join(f.read_text(errors="replace") for f in build.site.rglob("*") if f.is_file())
    assert SECRET not in published and SECRET not in build.log
    assert "PASSED_ON = asked for in mkdocs.yml" in shown


@pytest.mark.usefixtures("unsandboxed")  # watched from outside
def test_a_snippet_past_the_file_size_limit_fails_and_the_next_one_runs(tmp_path):
    write = "from pathlib import Path\n\nPath('big.bin').write_bytes(bytes(3 << 20))\n"
    site = site_with(tmp_path, {"write.py": write}, "snippets/write.py")
    site.set_option("max_file_size", "1MiB")  # in mkdocs.yml this time
    build = site.build(strict=False)
    assert build.code == 0, build.log
    assert "snippets/write.py:3: OSError: [Errno 27] File too large" in build.log
    assert "file-size limit max_file_size=1 MiB reached" in build.log
    assert (site.root / "big.bin").stat().st_size == 1 << 20
    assert_next_ran(build)


DETACH = """
import os, subprocess, time
from pathlib import Path

sleeper = subprocess.Popen(["sleep", "1000"], start_new_session=True)
if os.fork() == 0:  # a daemon: its own session, then a second fork its parent leaves
    os.setsid()
    if os.fork() == 0:
        Path("daemon.tmp").write_text(str(os.getpid()))
        os.rename("daemon.tmp", "daemon.pid")  # whole when it appears
        time.sleep(1000)
    os._exit(0)
Path("sleeper.tmp").write_text(str(sleeper.pid))
os.rename("sleeper.tmp", "sleeper.pid")
while not Path("daemon.pid").exists():
    time.sleep(0.05)
print("detached")
"""


@pytest.mark.usefixtures("unsandboxed")  # watched from outside
def test_a_snippet_that_calls_setsid_leaves_no_process_once_the_build_ends(tmp_path):
    site = site_with(tmp_path, {"detach.py": DETACH}, "snippets/detach.py")
    build = site.build()
    assert build.code == 0, build.log
    assert "detached" in build.page("en").select_one(".snippet-output").text
    pids = [int((site.root / name).read_text()) for name in ("sleeper.pid", "daemon.pid")]
    assert gone_within(pids, 3), [pid for pid in pids if alive(pid)]


@pytest.mark.usefixtures("unsandboxed")  # watched from outside
def test_nothing_a_snippet_started_outlives_a_killed_worker(tmp_path):
    hold = DETACH.replace('print("detached")', 'print("detached")\ntime.sleep(1000)')
    site = site_with(tmp_path, {"hold.py": hold}, "snippets/hold.py")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=site.root,
        env=site.environ(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for name in ("sleeper.pid", "daemon.pid"):
            wait_for(site.root / name, 60)
        pids = [int((site.root / name).read_text()) for name in ("sleeper.pid", "daemon.pid")]
        os.kill(worker_pids(site.root)[0], signal.SIGKILL)
        assert gone_within(pids, 5), [pid for pid in pids if alive(pid)]
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_snippet_cannot_raise_its_limits_back(tmp_path):
    # As root too: the run gave up CAP_SYS_RESOURCE (engine/sandbox/capabilities.py).
    lift = "import resource\n\nresource.setrlimit(resource.RLIMIT_DATA, (resource.RLIM_INFINITY,) * 2)\n"
    site = site_with(tmp_path, {"lift.py": lift}, "snippets/lift.py")
    build = site.build(strict=False)
    assert build.code == 0, build.log
    assert "snippets/lift.py:3: ValueError: not allowed to raise maximum limit" in build.log
    assert_next_ran(build)


STOP_THE_GUARD = """
import os, signal, subprocess, time
from pathlib import Path

os.kill(os.getppid(), signal.SIGSTOP)  # the run's guard, which would end it at its limit
sleeper = subprocess.Popen(["sleep", "1000"], start_new_session=True)
Path("sleeper.tmp").write_text(str(sleeper.pid))
os.rename("sleeper.tmp", "sleeper.pid")
time.sleep(1000)
"""


@pytest.mark.usefixtures("unsandboxed")  # watched from outside
def test_a_snippet_that_stops_its_guard_is_still_ended_with_what_it_started(tmp_path):
    site = site_with(tmp_path, {"stop.py": STOP_THE_GUARD}, "snippets/stop.py timeout=2")
    build = site.build(strict=False)
    assert build.code == 0, build.log
    assert "snippets/stop.py" in build.log and "still running after 2 s: stopped" in build.log
    assert gone_within([int((site.root / "sleeper.pid").read_text())], 3)
    assert_next_ran(build)
