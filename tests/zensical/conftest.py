"""The session's one Zensical build (README "The stack"), made after its MkDocs build from the
same checkout, for every test of this folder that compares or reads it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from kit.root import ROOT
from kit.zensical_build import ZensicalBuild, zensical_build

from hf_model_guide import paths


def _runs(folder: Path) -> dict[str, int]:
    """The run cache's entries by inode: a run that executes writes its entry anew."""
    return {p.name: p.stat().st_ino for p in folder.glob("*.json")}


@pytest.fixture(scope="session")
def zensical_site(built_site, tmp_path_factory) -> tuple[ZensicalBuild, dict, dict]:
    """The Zensical build, after the session's MkDocs build, and the run cache around it."""
    pytest.importorskip("zensical_i18n", reason="the zensical extra: pip install -e '.[zensical]'")
    runs = paths.cache_dir(ROOT) / "runs"
    before = _runs(runs)
    site = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp(), prefix="zensical-"))
    built = zensical_build(ROOT, site / "site")
    assert built.code == 0, built.log
    return built, before, _runs(paths.cache_dir(ROOT) / "runs")
