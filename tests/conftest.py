"""Shared fixtures. The site is built once per test session, strictly, into a temp folder:
a broken build is one failing item (tests/kit/site_build.py), not an error in every test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kit.in_process import _project_restored

# The built_site fixture, and the hook that puts the site's build first (tests/kit/site_build.py).
pytest_plugins = ["kit.site_build"]

# Tests never reach past 127.0.0.1: no telemetry, no MkDocs 2 advert.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(items):
    """A test that asks for the built site or the stand-in model builds, whatever its own
    marks say: ``-m "not build"`` leaves it out."""
    for item in items:
        if {"built_site", "standin_folder"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def standin_folder() -> Path:
    """The offline stand-in model, built once (and cached in the project cache across runs)."""
    from hf_model_guide.model import standin

    return standin.ensure()


@pytest.fixture(autouse=True)
def _project_of_this_test_only():
    """A test that builds or plans a throwaway project in this process sets the project whose
    cache every later ``cache_dir()`` names (paths.use_project); it must not outlive the test."""
    with _project_restored():
        yield
