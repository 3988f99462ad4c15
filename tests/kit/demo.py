"""What the demo tests share: the demo app in a subprocess and the site built around it.

Everything listens on 127.0.0.1; nothing here reaches another host.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Chromium and the site server are every browser test's: kit/browser.py.
from kit import in_process
from kit.browser import ARTIFACTS as ALL_ARTIFACTS
from kit.network import free_port
from kit.root import ROOT
from kit.site_build import error_lines

ARTIFACTS = ALL_ARTIFACTS / "demo"
ARTICLE_SENTENCES = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
DEMO_CSS = "assets/stylesheets/demo-embed.css"
DEMO_JS = "assets/javascripts/demo-embed.js"


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"


def _get(url: str, timeout: float = 2.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


# -- the demo app -----------------------------------------------------------------------------


@dataclass
class DemoApp:
    url: str
    gradio_js: str  # the app's own entry module, standing in for the CDN's gradio.js
    version: str
    log: Path


def _demo_env() -> dict[str, str]:
    # The stand-in, always: a test never asks the Hub (it is built once into the project cache).
    return {
        **os.environ,
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_MODEL_GUIDE_MODEL_SOURCE": "offline",
        "PYTHONUNBUFFERED": "1",
    }


@contextmanager
def running_demo(tmp: Path, startup_timeout: float = 900.0):
    """``python -m hf_model_guide.demo`` on a free port; yields a DemoApp once it answers.

    The first run on a machine builds the stand-in model (minutes); later runs load it (seconds).
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp / "demo.log"
    env = _demo_env()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hf_model_guide.demo", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + startup_timeout
        config = None
        while config is None:
            if process.poll() is not None:
                raise RuntimeError(f"the demo exited ({process.returncode}):\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the demo did not answer in {startup_timeout}s:\n{log.read_text()}"
                )
            try:
                config = json.loads(_get(f"{url}/config"))
            except (OSError, ValueError):
                time.sleep(0.5)
        page = _get(f"{url}/").decode()
        entry = re.search(r"""["'(]\.?/?(assets/index-[\w-]+\.js)["')]""", page)
        assert entry, f"no assets/index-*.js in the app's page:\n{page[:2000]}"
        yield DemoApp(url, f"{url}/{entry.group(1)}", config["version"], log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- the site ---------------------------------------------------------------------------------


def _yaml_loader():
    from mkdocs.utils.yaml import get_yaml_loader

    return get_yaml_loader()


def project_config() -> dict:
    """The project's mkdocs.yml, parsed as MkDocs parses it (``!ENV`` resolved)."""
    import yaml

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_yaml_loader())


def build_site(workdir: Path, demo: dict) -> Path:
    """The project's site with ``extra.demo`` set to ``demo``; returns the built folder.

    A mkdocs.yml in ``workdir`` INHERITs the project's, beside links to its docs/, snippets/
    and overrides/, so the build is the real site's. The demo's CSS and JS are added to the
    project's lists if mkdocs.yml does not list them yet. Snippets are not run (the embed
    does not depend on them): RUN_SNIPPETS=false.
    """
    import yaml

    workdir.mkdir(parents=True, exist_ok=True)
    for name in ("docs", "snippets", "overrides"):
        link = workdir / name
        if not link.exists():
            link.symlink_to(ROOT / name, target_is_directory=True)
    base = project_config()
    css = list(base.get("extra_css") or [])
    js = list(base.get("extra_javascript") or [])
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "extra_css": css + [DEMO_CSS] * (DEMO_CSS not in css),
        "extra_javascript": js + [DEMO_JS] * (DEMO_JS not in js),
        "extra": {"demo": demo},
    }
    (workdir / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
    )
    site = workdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    code, log = in_process.mkdocs(
        ["build", "--strict", "--site-dir", str(site)],
        workdir,
        {**os.environ, "RUN_SNIPPETS": "false", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert code == 0, "mkdocs build failed:\n" + "\n".join(error_lines(log))
    return site
