"""Shared fixtures. The site is built once per test session, strictly, into a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from project_root import ROOT

# Tests never reach past 127.0.0.1: no telemetry, no MkDocs 2 advert.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    log: str


def build_site(
    site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of the real site into ``site_dir``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=ROOT,
        check=False,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(site_dir)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return BuiltSite(site_dir, log)


@pytest.fixture(scope="session")
def standin_folder() -> Path:
    """The offline stand-in model, built once (and cached in the project cache across runs)."""
    from hf_model_guide import standin

    return standin.ensure()
