"""Issue 33: what a malicious pull request's snippets tried, on a throwaway site with planted
secrets (random values), is held. One build runs every attack side by side (each a snippet
that prints what it got); the tests then read that build's pages, log, and the files around it.

Held by the sandbox (engine/bubblewrap.py), the worker's checks (engine/sandbox/) and the
build's (engine/runner.py), each named in its test."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from kit.throwaway_site import Build, Site

from hf_model_guide.engine import bubblewrap

pytestmark = [
    pytest.mark.build,
    pytest.mark.skipif(bubblewrap.why_unavailable() is not None, reason="no bubblewrap here"),
]

SECRET = secrets.token_hex(12)  # planted everywhere; appears nowhere after
MARKER = f"{secrets.randbelow(10**6)}.{secrets.randbelow(10**6)}"  # a sleep's argument

ATTACKS = {
    # -- forge outputs ----------------------------------------------------------------------
    "forge_cache.py": """
import os
from pathlib import Path

cache = Path(os.environ.get("HF_MODEL_GUIDE_CACHE", ".cache"))
for target in [cache / "runs" / "planted.json", *cache.rglob("*.json")]:
    try:
        target.write_text("FORGED-CACHE")
        print("wrote", target)
    except OSError as exc:
        print("cache:", exc.strerror)
""",
    "forge_frame.py": """
import os
import sys

forged = {"ok": True, "chunks": [{"first_line": 1, "sections": [], "out": "FORGED output",
          "err": "", "all": "FORGED output"}], "values": []}
sys.stdout.tee(("result", {"id": "snippets/victim.py", **forged}))
os._exit(0)
""",
    "bad_frame.py": """
import os
import sys

fd = next(c.cell_contents for c in sys.stdout.tee.__closure__
          if isinstance(c.cell_contents, int))
os.write(fd, (1 << 31).to_bytes(4, "big") + b"garbage")
import time
time.sleep(30)
""",
    "plant_pyc.py": """
import sys
from pathlib import Path

folder = Path("snippets/__pycache__")
try:
    folder.mkdir(exist_ok=True)
    (folder / f"helper.{sys.implementation.cache_tag}.pyc").write_bytes(b"forged")
    print("planted")
except OSError as exc:
    print("pyc:", exc.strerror)
""",
    "persist.py": """
import sys
from pathlib import Path

import hf_model_guide

targets = {
    "docs": Path("docs/index.md"),
    "snippet": Path("snippets/victim.py"),
    "mkdocs.yml": Path("mkdocs.yml"),
    "hook": Path(".git/hooks/pre-commit"),
    "src": Path(hf_model_guide.__file__),
    "venv": Path(sys.prefix) / "planted.pth",
}
for name, path in targets.items():
    try:
        with open(path, "a") as file:
            file.write("hooks: [evil.py]\\n")
        print(name, "written")
    except OSError as exc:
        print(name, "refused:", exc.strerror)
""",
    # -- read secrets -----------------------------------------------------------------------
    "read_secrets.py": """
import os
import subprocess
from pathlib import Path

seen = []
for proc in Path("/proc").iterdir():
    if proc.name.isdigit():
        for name in ("environ", "cmdline", "mem"):
            try:
                seen.append((proc / name).read_bytes()[:100000].decode(errors="replace"))
            except OSError:
                pass
home = Path.home()
for name in (".git-credentials", ".cache/huggingface/token", ".netrc"):
    try:
        seen.append((home / name).read_text())
    except OSError as exc:
        print(name, "unreadable:", exc.strerror)
from huggingface_hub import get_token
seen.append(str(get_token()))
fill = subprocess.run(["git", "credential", "fill"], input="protocol=https\\nhost=github.com\\n\\n",
                      capture_output=True, text=True, timeout=10)
seen.append(fill.stdout)
seen.append(os.environ.get("HTTPS_PROXY", ""))
print("processes seen:", len([p for p in Path("/proc").iterdir() if p.name.isdigit()]))
print("HTTPS_PROXY =", os.environ.get("HTTPS_PROXY"))
print("PASSED_ON =", os.environ.get("PASSED_ON"))
print("\\n".join(seen))
""",
    # -- persist or exhaust -----------------------------------------------------------------
    "cgroup.py": """
from pathlib import Path

for target in ("/sys/fs/cgroup/pids/cgroup.procs", "/sys/fs/cgroup/cgroup.procs"):
    try:
        Path(target).write_text("0")
        print("moved to", target)
    except OSError as exc:
        print("cgroup:", exc.strerror)
for group in Path("/sys/fs/cgroup/pids").rglob("pids.max"):
    try:
        group.write_text("max")
    except OSError:
        pass
""",
    "shared_memory.py": """
import mmap

shared = mmap.mmap(-1, 5 << 30, flags=mmap.MAP_SHARED)
""",
    "fault_pipe.py": """
import os
import sys
import time
from pathlib import Path

messages = next(c.cell_contents for c in sys.stdout.tee.__closure__
                if isinstance(c.cell_contents, int))
pipes = []
for fd in map(int, os.listdir("/proc/self/fd")):
    try:
        if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:") and fd not in (1, 2, messages):
            pipes.append(fd)
    except OSError:
        pass
block = b"x" * (1 << 20)
for _ in range(256):
    for fd in pipes:
        os.write(fd, block)
time.sleep(0.5)
guard = int(Path(f"/proc/{os.getppid()}/stat").read_text().rsplit(")", 1)[1].split()[1])
status = Path(f"/proc/{guard}/status").read_text()
peak = next(line for line in status.splitlines() if line.startswith("VmHWM"))
print("worker", peak.split()[1], "kB")
""",
    "fill_disk.py": """
import tempfile
from pathlib import Path

written = 0
for number in range(4):
    try:
        Path(tempfile.gettempdir(), f"fill{number}").write_bytes(bytes(24 << 20))
        written += 1
    except OSError as exc:
        print("disk:", exc.strerror, "after", written, "files")
        break
""",
    "leave_daemon.py": f"""
import os
import subprocess

if os.fork() == 0:
    os.setsid()
    subprocess.Popen(["sleep", "{MARKER}"])
    os._exit(0)
print("daemon started")
""",
    "stop_worker.py": """
import os
import signal
import time
from pathlib import Path

guard = os.getppid()
worker = int(Path(f"/proc/{guard}/stat").read_text().rsplit(")", 1)[1].split()[1])
os.kill(worker, signal.SIGSTOP)
time.sleep(60)
""",
    "grow.py": """
chunks = []
while True:
    chunks.append(bytearray(64 << 20))
""",
    "spawn.py": """
import subprocess

sleepers = []
for _ in range(40):
    sleepers.append(subprocess.Popen(["sleep", "1000"]))
""",
    # -- output -----------------------------------------------------------------------------
    "loud.py": """
import os

os.write(1, b"z" * 5_000_000)
print("not reached")
""",
    "log_forge.py": """
import os

os.write(2, b"INFO    -  snippets: 0 executed, 99 from cache, 0 failed\\n")
os.write(2, b"\\x1b]52;c;ZXZpbA==\\x07 clipboard\\n")
print("printed\\x00with\\x07control\\x1b[31m characters")
""",
    "svg.py": """
from IPython.display import display


class Evil:
    def _repr_svg_(self):
        return '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


display(Evil())
""",
}

PAGE = """# Attacks

{includes}

{* snippets/victim.py *}

{* snippets/ceiling.py max_processes=100000 max_memory=1024GiB timeout=86399 *}

{* snippets/raise.py max_memory=5GiB *}

--8<-- "credentials.txt"

--8<-- "nested.txt"
"""

INCLUDE_OPTIONS = {
    "shared_memory.py": "max_memory=4GiB",
    "bad_frame.py": "timeout=20",
    "stop_worker.py": "timeout=1",
    "grow.py": "max_memory=512MiB",
    "spawn.py": "max_processes=8",
    "svg.py": 'alt="a made-up picture"',
}


@dataclass
class Attacked:
    build: Build
    site: Site
    page: str  # the page's Markdown
    before: dict[str, str]
    sleepers: str

    @functools.cached_property
    def english(self) -> BeautifulSoup:
        return self.build.page("en")

    def line(self, text: str) -> int:
        return self.page.split("\n").index(text) + 1

    def output(self, name: str) -> str:
        """What ``snippets/<name>`` showed on the English page: the elements after its code
        block (output, failure, display), up to the next snippet's code."""
        title = self.english.find("span", class_="filename", string=f"snippets/{name}")
        assert title is not None, name
        texts = []
        for element in title.find_parent("div", class_="highlight").find_next_siblings():
            label = element.find("span", class_="filename")
            if label is not None and label.get_text().startswith("snippets/"):
                break
            texts.append(str(element) if element.name == "figure" else element.get_text())
        return "\n".join(texts)


def digests(root: Path) -> dict[str, str]:
    files = [p for p in root.rglob("*") if p.is_file() and "site" not in p.relative_to(root).parts]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory) -> Attacked:
    tmp = tmp_path_factory.mktemp("attacks")
    home = tmp / "maintainer"  # the build's HOME, with the maintainer's tokens in it
    (home / ".cache" / "huggingface").mkdir(parents=True)
    (home / ".git-credentials").write_text(f"https://me:{SECRET}-git@github.com\n")
    (home / ".cache" / "huggingface" / "token").write_text(f"hf_{SECRET}")
    (home / ".gitconfig").write_text("[credential]\n\thelper = store\n")
    site = Site(tmp / "project", tmp / "cache")
    site.set_option("max_scratch", "64MiB")
    site.set_option("timeout", "20")
    site.set_option("pass_env", "[PASSED_ON]")
    for name, text in ATTACKS.items():
        site.write(f"snippets/{name}", text)
    site.write("snippets/victim.py", "print('victim output')\n")
    site.write("snippets/helper.py", "NAME = 'helper'\n")
    site.write("snippets/ceiling.py", "print('ceiling ran')\n")
    site.write("snippets/raise.py", "print('raise ran')\n")
    site.write(".git/hooks/README", "sample\n")
    (site.root / "snippets" / "credentials.txt").symlink_to(home / ".git-credentials")
    site.write("snippets/nested.txt", 'Included, and including:\n\n--8<-- "credentials.txt"\n')
    includes = "\n\n".join(
        f"{{* snippets/{name} {INCLUDE_OPTIONS.get(name, '')} *}}".replace("  ", " ")
        for name in ATTACKS
    )
    text = PAGE.replace("{includes}", includes)
    site.write("docs/index.md", text)
    site.write("docs/index.en.md", text)
    before = digests(site.root)
    environ = {
        bubblewrap.SWITCH_ENV: "on",  # never these attacks unsandboxed: they would succeed
        "HOME": str(home),
        "DEPLOY_SECRET": SECRET,
        "HF_TOKEN": f"hf_{SECRET}",
        "HTTPS_PROXY": f"http://me:{SECRET}@proxy.invalid:3128",
        "GITHUB_TOKEN": f"gh_{SECRET}",
        "HF_MODEL_GUIDE_API_TOKEN": f"prefixed_{SECRET}",  # an allowed prefix, a secret's name
        "PASSED_ON": "asked for in mkdocs.yml",
    }
    # A process of its own: the log is what reaches the build's descriptors, not only what
    # Python writes (a snippet's os.write(1, ...) must not pass the output cap unseen).
    build = site.build(env=environ, strict=False, own_process=True)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=False)
    return Attacked(build, site, text, before, ps.stdout)


def test_the_build_went_through_and_the_innocent_snippet_ran(attacked):
    assert attacked.build.code == 0, attacked.build.log
    assert "victim output" in attacked.output("victim.py")
    assert "FORGED" not in attacked.output("victim.py")


def test_no_secret_reaches_a_page_or_the_log(attacked):
    published = "".join(
        f.read_text(errors="replace") for f in attacked.build.site.rglob("*") if f.is_file()
    )
    shown = attacked.output("read_secrets.py")
    assert "processes seen:" in shown  # it ran, and found nothing
    assert SECRET not in published and SECRET not in attacked.build.log
    assert "HTTPS_PROXY = http://proxy.invalid:3128" in shown
    assert "PASSED_ON = asked for in mkdocs.yml" in shown  # what mkdocs.yml lets through


def test_a_symlinked_include_out_of_its_folder_is_refused_naming_page_and_line(attacked):
    line = attacked.line('--8<-- "credentials.txt"')
    assert f"docs/index.md:{line}: --8<-- include: credentials.txt leads out" in (
        attacked.build.log
    )
    line = attacked.line('--8<-- "nested.txt"')  # a file that includes the link itself
    assert f"docs/index.md:{line}: --8<-- include: nested.txt leads out" in attacked.build.log
    assert "Included, and including" not in attacked.english.get_text()


def test_the_cache_the_project_and_the_venv_are_read_only(attacked):
    assert "cache: Read-only file system" in attacked.output("forge_cache.py")
    assert "pyc: Read-only file system" in attacked.output("plant_pyc.py")
    persisted = attacked.output("persist.py")
    for name in ("docs", "snippet", "mkdocs.yml", "hook", "src", "venv"):
        assert f"{name} refused:" in persisted, persisted
    assert digests(attacked.site.root) == attacked.before
    cached = [p.read_text() for p in attacked.site.cache.rglob("*.json")]
    assert cached and not any("FORGED-CACHE" in text for text in cached)


def test_a_frame_naming_another_job_forges_only_its_own_output(attacked):
    assert "FORGED output" in attacked.output("forge_frame.py")  # its own, as printed
    assert "FORGED" not in attacked.output("victim.py")


def test_a_malformed_frame_fails_that_run_only(attacked):
    # named by the line the run had reached when stopped (the write, or the sleep after it)
    said = r"snippets/bad_frame\.py:[678]: sent the worker a frame of 2147483648 bytes"
    assert re.search(said, attacked.build.log), attacked.build.log
    assert "victim output" in attacked.output("victim.py")


def test_no_cgroup_to_escape_to_and_shared_memory_is_bounded(attacked):
    assert "moved to" not in attacked.output("cgroup.py")
    log = attacked.build.log
    assert "snippets/shared_memory.py:3: OSError: [Errno 12]" in log, log
    assert "memory limit max_memory=4 GiB reached" in log


def test_the_fault_pipe_does_not_grow_the_worker(attacked):
    shown = attacked.output("fault_pipe.py")
    peak = int(shown.split("worker", 1)[1].split()[0])
    assert peak < 200 * 1024, shown  # kB; it was sent 256 MiB


def test_scratch_space_is_capped(attacked):
    assert "disk: No space left on device after 2 files" in attacked.output("fill_disk.py")


def test_nothing_a_snippet_started_outlives_the_build(attacked):
    assert "daemon started" in attacked.output("leave_daemon.py")
    assert MARKER not in attacked.sleepers


def test_a_snippet_stopping_the_worker_is_a_timeout_of_its_own(attacked):
    log = attacked.build.log
    assert "snippets/stop_worker.py:9: still running after 1 s: stopped" in log, log


def test_the_log_gets_a_snippets_writes_prefixed_and_escaped(attacked):
    log = attacked.build.log
    assert "snippets/log_forge.py: INFO    -  snippets: 0 executed, 99" in log
    assert "\x1b" not in log and "\x07" not in log
    assert "snippets/log_forge.py: \\x1b]52;c;ZXZpbA==\\x07 clipboard" in log


def test_the_page_gets_no_control_character_and_no_active_svg(attacked):
    html = (attacked.build.site / "en" / "index.html").read_text(encoding="utf-8")
    assert "printed\ufffdwith\ufffdcontrol characters" in attacked.output("log_forge.py")
    assert not any(c in html for c in "\x00\x07\x1b")
    page = attacked.english
    assert not page.find_all("svg", attrs={"onload": True}) and not page.find_all(
        "script", string="alert(2)"
    )
    assert '<img alt="a made-up picture" src="data:image/svg+xml;base64,' in attacked.output(
        "svg.py"
    )


def test_includes_raise_limits_up_to_the_ceiling_only(attacked):
    log = attacked.build.log
    line = (
        PAGE.split("\n").index(
            "{* snippets/ceiling.py max_processes=100000 max_memory=1024GiB timeout=86399 *}"
        )
        + len(ATTACKS) * 2
        - 2
    )
    for refused in ("max_processes=100000", "max_memory=1024 GiB", "timeout=86399 s"):
        assert f"docs/index.md:{line + 1}: {refused} is above the site's ceiling" in log, log
    assert "snippets/raise.py: max_memory raised to 5 GiB (the site's: 4 GiB)" in log


def test_memory_processes_and_output_are_bounded_and_the_next_snippet_runs(attacked):
    log = attacked.build.log
    assert "snippets/grow.py:3: MemoryError (memory limit max_memory=512 MiB reached" in log, log
    assert "snippets/spawn.py:5: BlockingIOError: [Errno 11]" in log
    assert "process limit max_processes=8 reached" in log
    assert log.count("z") <= 1_000_000 + 1000, "the 5 MB went into the build log"
    assert "snippets/loud.py: [output past 1000000 characters left out]" in log
    assert "printed more than 1000000 characters: stopped" in attacked.output("loud.py")
    assert "not reached" not in attacked.output("loud.py")
    assert "victim output" in attacked.output("victim.py")
