"""Fixtures of the engine's tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def unsandboxed(monkeypatch):
    """Builds run snippets without bubblewrap, as where it cannot run: for the tests of the
    worker's own bounds, which watch its processes and files from outside (the sandbox's PID
    namespace and read-only project hide them). CI is unset for them: CI refuses that."""
    monkeypatch.setenv("HF_MODEL_GUIDE_SANDBOX", "off")
    monkeypatch.delenv("CI", raising=False)
