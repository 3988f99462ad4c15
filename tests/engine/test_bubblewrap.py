"""Where bubblewrap cannot run, a local build runs snippets unsandboxed and says so in one
line; CI refuses (engine/bubblewrap.py). The sandbox's layout, as its command line says."""

from __future__ import annotations

from pathlib import Path

import pytest

from hf_model_guide.engine import bubblewrap


def unavailable(monkeypatch):
    monkeypatch.setattr(bubblewrap, "why_unavailable", lambda: "bwrap is not installed")


def test_a_local_build_without_bubblewrap_says_so_in_one_line(monkeypatch):
    unavailable(monkeypatch)
    said = []
    assert bubblewrap.usable({}, warn=said.append) is False
    assert said == ["snippets: running without a sandbox: bwrap is not installed"]


@pytest.mark.parametrize("environ", [{"CI": "true"}, {"CI": "1", "HF_MODEL_GUIDE_SANDBOX": "off"}])
def test_ci_refuses_to_run_snippets_unsandboxed(monkeypatch, environ):
    unavailable(monkeypatch)
    with pytest.raises(bubblewrap.SandboxUnavailable, match="not run unsandboxed with CI="):
        bubblewrap.usable(environ)


@pytest.mark.skipif(bubblewrap.executable() is None, reason="no bwrap here")
def test_the_project_is_read_only_git_hidden_and_nothing_shared(tmp_path):
    (tmp_path / ".git").mkdir()
    args = bubblewrap.command(["python"], root=tmp_path, network=False)
    line = " ".join(args)
    assert f"--ro-bind {tmp_path} {tmp_path}" in line
    assert f"--tmpfs {tmp_path / '.git'} --remount-ro {tmp_path / '.git'}" in line
    for option in ("--unshare-user", "--unshare-pid", "--unshare-net", "--disable-userns"):
        assert option in args
    assert "--bind" not in args and str(Path.home()) not in args
    assert args[-4:] == ["--chdir", str(tmp_path), "--", "python"]
