"""Shared fixtures. The site is built once per test session, strictly, into a temp folder:
a broken build is one failing item (tests/site_build.py), not an error in every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from site_build import built_site, pytest_collection_modifyitems  # noqa: F401 (pytest's)

# Tests never reach past 127.0.0.1: no telemetry, no MkDocs 2 advert.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="session")
def standin_folder() -> Path:
    """The offline stand-in model, built once (and cached in the project cache across runs)."""
    from hf_model_guide.model import standin

    return standin.ensure()
