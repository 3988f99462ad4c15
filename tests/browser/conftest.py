"""Fixtures of the browser tests: the built site (tests/conftest.py's ``built_site``) served
on 127.0.0.1, and one Chromium that reaches nothing else."""

from __future__ import annotations

import pytest
from kit.browser import chromium, serving


@pytest.fixture(scope="session")
def site_base(built_site):
    """The site's base URL, served under its site_url path as it is published."""
    with serving(built_site.path) as base:
        yield base


@pytest.fixture(scope="session")
def reader(site_base):
    """One Chromium for the suite; at the end, not one request may have left 127.0.0.1."""
    with chromium() as context:
        yield context
        outside = list(context.outside)
    assert not outside, f"requests beyond 127.0.0.1: {outside}"
