"""Which translations are older than their original page, by git history.

A translation is *possibly out of date* when the last commit that touched its original page
comes after (is a descendant of) the last commit that touched the translation. Commits are
compared by ancestry, not by date, so rebases and clocks do not matter; a translation
committed together with its original, or later, is current. Uncommitted edits do not count:
the notice follows what was published.

A translator who finds the translation still right after its original changed records it in
the translation's front matter, ``translation_checked: <commit>``, naming the original's
commit they checked against: the translation is current until the original changes again
after that commit.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

CHECKED = "translation_checked"


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
            f"change or check {self.translation_commit[:8]}; if it still says the same, add "
            f"`{CHECKED}: {self.source_commit[:8]}` to its front matter)"
        )


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    # UTF-8 whatever the locale: pages and their names are Chinese.
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def last_commit(root: Path, path: str) -> tuple[str, str] | None:
    """(commit, date) of the last commit that touched ``path``, following renames."""
    done = _git(root, "log", "-1", "--follow", "--format=%H %cs", "--", path)
    if done.returncode != 0 or not done.stdout.strip():
        return None
    commit, date = done.stdout.split()
    return commit, date


def resolve_commit(root: Path, name: str) -> str | None:
    """The full hash of the commit ``name`` (a hash or its prefix), None if there is none."""
    done = _git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
    return done.stdout.strip() if done.returncode == 0 else None


def find_outdated(
    root: Path, pairs: list[tuple[str, str]], checked: dict[str, str] | None = None
) -> tuple[list[Outdated], str]:
    """The outdated (original, translation) pairs, and a note when history could not be read.
    ``checked``: translation path → the original's commit it was checked against."""
    checked = checked or {}
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
        if _git(root, "merge-base", "--is-ancestor", tr[0], src[0]).returncode != 0:
            continue  # the translation changed last
        check = resolve_commit(root, checked[translation]) if translation in checked else None
        if check and _git(root, "merge-base", "--is-ancestor", src[0], check).returncode == 0:
            continue  # checked against the original as it still is
        # The later of the two: the translation was in line with its original there.
        base = tr[0]
        if check and _git(root, "merge-base", "--is-ancestor", tr[0], check).returncode == 0:
            base = check
        outdated.append(Outdated(source, translation, src[0], src[1], base))
    return outdated, note


def original_at(root: Path, path: str, commit: str) -> str | None:
    """The text of ``path`` as committed in ``commit``; None where it is not there. (The
    commits asked for are the translation's, which a rename of the pair touches too, so the
    original has its name of today in them.)"""
    shown = _git(root, "show", f"{commit}:{path}")
    return shown.stdout if shown.returncode == 0 else None
