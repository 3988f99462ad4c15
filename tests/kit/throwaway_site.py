"""A throwaway bilingual Material site (zh default, en) using the run-snippets plugin."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from kit import in_process
from kit.files import write
from kit.network import free_port

MKDOCS_YML = """\
site_name: test site
site_url: https://example.invalid/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
  features: [content.code.annotate]
plugins:
  - run-snippets:
      enabled: !ENV [RUN_SNIPPETS, true]
      preload: []
      model_source: none
      parallel: 2
      timeout: 60
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false
      languages:
        - locale: zh
          default: true
          name: 中文
          build: true
        - locale: en
          name: English
          build: true
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.snippets:
      base_path: [snippets]
      check_paths: true
  - pymdownx.superfences
"""


@dataclass
class Build:
    code: int
    log: str
    site: Path

    def page(self, lang: str = "zh", name: str = "") -> BeautifulSoup:
        prefix = "en/" if lang == "en" else ""
        html = (self.site / prefix / name / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    def summary(self) -> tuple[int, int, int]:
        found = re.findall(r"snippets: (\d+) executed, (\d+) from cache, (\d+) failed", self.log)
        assert len(found) == 1, f"expected one summary line:\n{self.log}"
        return tuple(int(n) for n in found[0])  # type: ignore[return-value]


class Site:
    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache
        (root / "docs").mkdir(parents=True, exist_ok=True)
        (root / "snippets").mkdir(exist_ok=True)
        (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")

    def set_option(self, name: str, value: object) -> None:
        """Set one of the run-snippets plugin's options in this site's mkdocs.yml."""
        yml = self.root / "mkdocs.yml"
        text = yml.read_text(encoding="utf-8")
        line = re.compile(rf"^      {name}: .*$", re.MULTILINE)
        if line.search(text):
            text = line.sub(f"      {name}: {value}", text)
        else:
            text = text.replace("      timeout: ", f"      {name}: {value}\n      timeout: ", 1)
        yml.write_text(text, encoding="utf-8")

    def write(self, rel: str, text: str) -> Path:
        return write(self.root, rel, text)

    def environ(self, env: dict[str, str] | None = None) -> dict[str, str]:
        """The environment a build of this site runs in (its own cache folder)."""
        environ = {
            **os.environ,
            "HF_MODEL_GUIDE_CACHE": str(self.cache),
            "NO_MKDOCS_2_WARNING": "1",
            **(env or {}),
        }
        return environ

    def build(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        strict: bool = True,
        own_process: bool = False,
    ) -> Build:
        """``mkdocs build`` of this site, in this process unless ``own_process`` (for tests of
        what the build's process itself does)."""
        site = self.root / "site"
        environ = self.environ(env)
        command = ["build", "--site-dir", str(site), *args]
        if strict:
            command.append("--strict")
        if not own_process:
            code, log = in_process.mkdocs(command, self.root, environ)
            return Build(code, log, site)
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", *command],
            check=False,
            cwd=self.root,
            env=environ,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return Build(done.returncode, done.stdout + done.stderr, site)


@dataclass
class Served:
    """A running ``mkdocs serve``; ``log`` is its output, read once it has stopped."""

    base: str
    process: subprocess.Popen
    log: str = ""

    def get(self, path: str = "", timeout: float = 5) -> str:
        with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
            return response.read().decode("utf-8")

    def wait_for(self, path: str, predicate, seconds: float) -> tuple[str | None, float]:
        """The page once ``predicate(html)`` holds, and how long it took; None past ``seconds``."""
        start = time.monotonic()
        while time.monotonic() - start < seconds and self.process.poll() is None:
            try:
                html = self.get(path, timeout=seconds)
                if predicate(html):
                    return html, time.monotonic() - start
            except OSError:
                pass
            time.sleep(0.2)
        return None, time.monotonic() - start


@contextmanager
def serving(site: Site, *args: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``mkdocs serve`` of ``site`` on a free port, stopped (with anything it started) after."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *args],
        cwd=site.root,
        env=site.environ(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: stopped as one, workers included
    )
    served = Served(f"http://127.0.0.1:{port}/", process)
    try:
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            served.log = process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            served.log = process.communicate()[0]
