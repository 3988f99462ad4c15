"""Which translations are older than their original page, by git history.

A translation is *possibly out of date* when the last commit that touched its original page
comes after (is a descendant of) the last commit that touched the translation. Commits are
compared by ancestry, not by date, so rebases and clocks do not matter; a translation
committed together with its original, or later, is current. Uncommitted edits do not count:
the notice follows what was published.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outdated:
    source: str  # paths relative to the project root
    translation: str
    source_commit: str
    source_date: str  # YYYY-MM-DD
    translation_commit: str

    def describe(self) -> str:
        return (
            f"{self.translation} (its original {self.source} changed in "
            f"{self.source_commit[:8]} on {self.source_date}, after the translation's last "
            f"change {self.translation_commit[:8]})"
        )


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )


def last_commit(root: Path, path: str) -> tuple[str, str] | None:
    """(commit, date) of the last commit that touched ``path``, following renames."""
    done = _git(root, "log", "-1", "--follow", "--format=%H %cs", "--", path)
    if done.returncode != 0 or not done.stdout.strip():
        return None
    commit, date = done.stdout.split()
    return commit, date


def find_outdated(root: Path, pairs: list[tuple[str, str]]) -> tuple[list[Outdated], str]:
    """The outdated (original, translation) pairs, and a note when history could not be read."""
    try:
        inside = _git(root, "rev-parse", "--is-inside-work-tree")
    except OSError:
        return [], "git is not installed: outdated translations were not looked for"
    if inside.returncode != 0:
        return [], "not a git checkout: outdated translations were not looked for"
    note = ""
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        # A shallow clone (CI's default) sees too few commits to tell which side is newer.
        note = "shallow clone: history is partial, fetch it all (fetch-depth: 0) to be sure"
    outdated = []
    for source, translation in pairs:
        src, tr = last_commit(root, source), last_commit(root, translation)
        if src is None or tr is None or src[0] == tr[0]:
            continue
        if _git(root, "merge-base", "--is-ancestor", tr[0], src[0]).returncode == 0:
            outdated.append(Outdated(source, translation, src[0], src[1], tr[0]))
    return outdated, note
