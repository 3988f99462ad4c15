"""The real site, built once per test session: one mistake in a page gives one failure.

It is built as a CI matrix builds a course (issue 35): the snippets a build would run (none
when the run cache holds them all, as a contributor's second session) are split into
``SHARDS`` shards, each run by ``hf-model-guide runs run`` in a process of its own
into a cache folder of its own, side by side; ``runs merge`` merges them into the project's
run cache; then ``RUN_SNIPPETS=cached-only mkdocs build --strict`` builds the site, running
nothing (a missing run fails it). tests/machines builds the same site on one machine, from an
empty run cache, and compares the output manifests.

Every test that reads the built site asks for the ``built_site`` fixture (tests/conftest.py).
The build itself is a test item of its own, put first in the run whenever a collected test
needs the site: when ``mkdocs build --strict`` fails, that item is the one failure, and its
message is the build's WARNING and ERROR lines, not the whole log (hundreds of lines); every
test that needed the site is skipped, pointing at it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from kit import in_process
from kit.root import ROOT

ITEM_NAME = "the site builds (mkdocs build --strict)"
SHARDS = 3
# MkDocs' log lines, and the line MkDocs ends an aborted build with.
_PROBLEM = re.compile(r"^(WARNING|ERROR)\b|^Aborted with|^\w*(Error|Exception)\b")


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    log: str  # the cached-only build's
    runs_log: str = ""  # the shards' logs, one after the other, then the merge's


def project() -> Path:
    """The project whose site the session builds: this checkout, or the throwaway site a test
    of this module names in ``HF_MODEL_GUIDE_TEST_SITE``."""
    return Path(os.environ.get("HF_MODEL_GUIDE_TEST_SITE") or ROOT)


def build_site(
    site_dir: Path, *extra: str, env: dict[str, str] | None = None, own_process: bool = False
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of the real site into ``site_dir``: in this process unless
    ``own_process`` (kit/in_process.py says when each is right)."""
    args = ["build", "--strict", "--site-dir", str(site_dir), *extra]
    environ = {**os.environ, **(env or {})}
    if not own_process:
        code, log = in_process.mkdocs(args, project(), environ)
        return subprocess.CompletedProcess(args, code, stdout=log)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project(),
        check=False,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one log, in the order MkDocs wrote it
        text=True,
    )


def error_lines(log: str) -> list[str]:
    """The build's problems: WARNING/ERROR lines with their indented continuation lines.

    A build that died without such a line (a crash) gives the log's last lines instead."""
    lines = log.splitlines()
    picked: list[str] = []
    keep = False
    for line in lines:
        if _PROBLEM.match(line):
            keep = True
        elif not line.startswith((" ", "\t")):
            keep = False
        if keep:
            picked.append(line)
    return picked or lines[-20:]


class SiteBuildFailed(Exception):
    """The strict build failed; its message is the build's error lines."""


class _Build:
    """The session's one build, made on first use and shared by the item and the fixture."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.site: BuiltSite | None = None
        self.errors: list[str] | None = None

    def run(self) -> None:
        if self.site is not None or self.errors is not None:
            return
        folder = Path(tempfile.mkdtemp(prefix="hf-model-guide-site-"))
        self.config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        ran = run_shards(folder)
        if ran.returncode != 0:
            # A snippet that failed in its shard: its error lines, as the build would log them.
            self.errors = ["runs run / runs merge failed:", *error_lines(ran.stdout)]
            return
        # As a contributor runs it, and as the publish workflow's last job does.
        result = build_site(folder / "site", env={"RUN_SNIPPETS": "cached-only"}, own_process=True)
        log = result.stdout
        if result.returncode == 0:
            self.site = BuiltSite(folder / "site", log, ran.stdout)
        else:
            self.errors = error_lines(log)


def hf_model_guide(*args: str) -> list[str]:
    return [sys.executable, "-m", "hf_model_guide", *args]


def run_shards(folder: Path, shards: int = SHARDS) -> subprocess.CompletedProcess:
    """As the publish workflow: the plan; when it lists runs, the site's snippets run as
    ``shards`` shards in processes of their own, side by side, each into a cache folder of
    its own under ``folder``, then merged into the project's run cache. One log: the plan's
    line, the shards' logs one after the other, the merge's. The plan and the merge are made
    in this process (``hf_model_guide.runs``, as the commands make them): no interpreter to
    start for them."""
    from hf_model_guide.runs import merge, plan
    from hf_model_guide.runs.project import Project

    site = Project.at(project())
    count = len(plan.make(site, shards).snippets)
    log = f"runs plan: {count} snippets to run\n"
    if not count:  # as the workflow skips its matrix
        return subprocess.CompletedProcess([], 0, stdout=log)
    into = [folder / f"shard-{i}" for i in range(1, shards + 1)]
    running = [
        subprocess.Popen(
            hf_model_guide("runs", "run", "--shard", f"{i}/{shards}", "--into", str(dir_)),
            cwd=project(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for i, dir_ in enumerate(into, 1)
    ]
    log += "".join(process.communicate(timeout=1800)[0] for process in running)
    failed = next((p.returncode for p in running if p.returncode), 0)
    if failed:
        return subprocess.CompletedProcess([], failed, stdout=log)
    try:
        done = merge.merge(into, site.cache_folder())
    except merge.MergeError as exc:
        return subprocess.CompletedProcess([], 1, stdout=f"{log}error: runs merge: {exc}\n")
    log += f"runs merge: {done.added} runs from {done.shards} shard folder(s)\n"
    return subprocess.CompletedProcess([], 0, stdout=log)


def session_build(config: pytest.Config) -> _Build:
    build = config.stash.get(_BUILD, None)
    if build is None:
        build = config.stash[_BUILD] = _Build(config)
    return build


_BUILD = pytest.StashKey[_Build]()


class SiteBuildItem(pytest.Item):
    """The build as a test: the one failure a broken page gives, with the error lines."""

    def runtest(self) -> None:
        build = session_build(self.config)
        build.run()
        if build.errors is not None:
            raise SiteBuildFailed("\n".join(build.errors))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, SiteBuildFailed):
            return f"mkdocs build --strict failed:\n{excinfo.value}"
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return ROOT / "mkdocs.yml", None, ITEM_NAME


def needs_site(item: pytest.Item) -> bool:
    return "built_site" in getattr(item, "fixturenames", ())


# The hook and the fixture, imported by tests/conftest.py.


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected what they do not run
def pytest_collection_modifyitems(session, config, items):
    """Put the build first when a collected test needs the site."""
    if any(needs_site(item) for item in items):
        item = SiteBuildItem.from_parent(session, name=ITEM_NAME, nodeid=f"tests::{ITEM_NAME}")
        item.add_marker(pytest.mark.build)
        items.insert(0, item)


@pytest.fixture(scope="session")
def built_site(pytestconfig) -> BuiltSite:
    """The session's built site; skips the asking test when the build failed."""
    build = session_build(pytestconfig)
    build.run()
    if build.site is None:
        pytest.skip(f"the site does not build: see the failure of '{ITEM_NAME}'")
    return build.site
