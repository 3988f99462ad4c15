"""Throwaway bilingual sites (kit/throwaway_site.py) with the translation check and MkDocs'
anchor validation switched on as in the real mkdocs.yml, and git history to go with them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kit.root import ROOT
from kit.throwaway_site import MKDOCS_YML, Site

CHECKED_YML = (
    MKDOCS_YML.replace("  - i18n:\n", "  - translation-notices:\n      guide: ''\n  - i18n:\n", 1)
    + "validation:\n  anchors: warn\n"
)


def checked_site(root: Path, cache: Path) -> Site:
    assert "translation-notices" in CHECKED_YML, "throwaway_site's mkdocs.yml no longer has i18n"
    site = Site(root, cache)
    site.write("mkdocs.yml", CHECKED_YML)
    # The status page's stubs, as the real site has them (the extension fills them).
    for name in ("translation-status.md", "translation-status.en.md"):
        site.write(f"docs/{name}", (ROOT / "docs" / name).read_text(encoding="utf-8"))
    return site


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def commit(root: Path, message: str) -> None:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
