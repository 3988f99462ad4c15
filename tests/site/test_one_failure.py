"""One mistake in a page, one failure: the session's site build (tests/kit/site_build.py) fails
once, with the build's error lines, and the tests that read the site are skipped."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from kit.site_build import ITEM_NAME, error_lines
from kit.sites import checked_site

TESTS = Path(__file__).resolve().parents[1]

READERS = """
def test_reads_the_home_page(built_site):
    assert (built_site.path / "index.html").is_file()


def test_reads_the_english_home_page(built_site):
    assert (built_site.path / "en" / "index.html").is_file()


def test_needs_no_site():
    pass
"""


def run_session(tmp_path: Path, site_root: Path, cache: Path) -> subprocess.CompletedProcess:
    """A pytest session of two tests reading ``site_root``'s built site, and one that does not."""
    session = tmp_path / "session"
    session.mkdir()
    (session / "conftest.py").write_text(
        textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(TESTS)!r})
            from kit.site_build import built_site, pytest_collection_modifyitems  # noqa: F401
        """),
        encoding="utf-8",
    )
    (session / "test_readers.py").write_text(READERS, encoding="utf-8")
    env = {
        **os.environ,
        "HF_MODEL_GUIDE_TEST_SITE": str(site_root),
        "HF_MODEL_GUIDE_CACHE": str(cache),
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs", str(session)],
        cwd=session,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.build
def test_a_broken_page_is_one_failure_holding_the_error_lines(tmp_path):
    site = checked_site(tmp_path / "site", tmp_path / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n\n## 新的一节 { #new }\n")  # original first
    site.write("docs/index.en.md", "# Home { #home }\n")
    done = run_session(tmp_path, site.root, site.cache)
    out = done.stdout
    assert done.returncode == 1, out
    assert "1 failed, 1 passed, 2 skipped" in out, out
    assert f"FAILED tests::{ITEM_NAME}" in out, out
    # The message is the error lines: the mismatch, named by file; not MkDocs' INFO chatter.
    assert "docs/index.en.md: no heading with anchor #new, which docs/index.md:3 has" in out
    assert "INFO" not in out, out
    # Once in the failures, not once per test. (The short summary repeats the message after
    # them, in full under CI=true, where pytest does not shorten summary lines.)
    failures = out.split("short test summary info")[0]
    assert failures.count("no heading with anchor #new") == 1, out
    assert "the site does not build: see the failure of" in out, out


@pytest.mark.build
def test_a_site_that_builds_is_one_passing_item_more(tmp_path):
    site = checked_site(tmp_path / "site", tmp_path / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n")
    site.write("docs/index.en.md", "# Home { #home }\n")
    done = run_session(tmp_path, site.root, site.cache)
    assert done.returncode == 0, done.stdout
    assert "4 passed" in done.stdout, done.stdout


def test_error_lines_keep_problems_and_their_continuation_only():
    log = textwrap.dedent("""\
        INFO    -  Building documentation...
        WARNING -  [translation-notices] docs/a.en.md: no heading with anchor #x
        ERROR   -  Error reading page 'a.md': boom
          Traceback line one
        INFO    -  Cleaning site directory
        Aborted with 1 warnings in strict mode!
        """)
    assert error_lines(log) == [
        "WARNING -  [translation-notices] docs/a.en.md: no heading with anchor #x",
        "ERROR   -  Error reading page 'a.md': boom",
        "  Traceback line one",
        "Aborted with 1 warnings in strict mode!",
    ]
    assert error_lines("one\ntwo") == ["one", "two"]  # a crash without such lines: the tail
