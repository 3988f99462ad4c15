"""Commit the Colab notebooks to the branch "Open in Colab" opens, and push it.

    python3 .github/publish_notebooks.py FOLDER REMOTE [--branch notebooks] [--source SHA]

FOLDER holds the notebooks the publish workflow's build job made with the real checkpoint
(``python -m hf_model_guide.notebooks --model-source hub --out FOLDER``), received here as an
artifact. The branch gets one commit on top of its last one whose tree is exactly FOLDER's
notebooks and a README saying what they are; nothing is pushed when they did not change. The
push is a plain one (never forced), so a run that lost a race fails instead of undoing another.

This runs in a job that holds ``contents: write`` and runs no project code: standard library
and git only, no import of the project. A test runs it against a local bare repository
(tests/contributing/test_publish_notebooks.py).

It refuses, naming the file: a folder without notebooks, a file that is not a notebook, and a
notebook whose metadata does not say its numbers came from the real checkpoint ("hub") or from
no model ("none"): a stand-in build must never become what Colab readers open.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ALLOWED_MODELS = ("hub", "none")
README = """\
# The article's notebooks, for Colab

Made by the publish workflow from `main`{source}: the site built with the real checkpoint, then
`python -m hf_model_guide.notebooks --model-source hub`. Each notebook stores no outputs (a
reader's own run prints them); the numbers in its text come from that build.

Do not edit this branch: every publish replaces its files. Change the pages and snippets on
`main` instead.
"""


class Refused(Exception):
    """The folder is not something to publish; the message names the file."""


def notebooks(folder: Path) -> list[Path]:
    """The notebooks to publish, checked (see the module's doc)."""
    if not folder.is_dir():
        raise Refused(f"{folder}: no such folder")
    found = sorted(p for p in folder.rglob("*") if p.is_file())
    if not found:
        raise Refused(f"{folder}: no notebook to publish")
    for path in found:
        if path.suffix != ".ipynb":
            raise Refused(f"{path}: not a notebook (.ipynb)")
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            model = notebook["metadata"]["hf_model_guide"]["model"]
            cells = notebook["cells"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise Refused(f"{path}: not a notebook of the project ({exc!r})") from exc
        if model not in ALLOWED_MODELS:
            raise Refused(
                f"{path}: made with the model {model!r}, not the real checkpoint: "
                "build with HF_MODEL_GUIDE_MODEL_SOURCE=hub"
            )
        if any(cell.get("outputs") for cell in cells if cell.get("cell_type") == "code"):
            raise Refused(f"{path}: stores outputs (the Colab copies have none)")
    return found


def git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=check,
        text=True,
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )


def publish(folder: Path, remote: str, branch: str = "notebooks", source: str = "") -> bool:
    """Push FOLDER's notebooks to ``remote``'s ``branch``; True when a commit was pushed."""
    files = notebooks(folder)
    with tempfile.TemporaryDirectory(prefix="publish-notebooks-") as tmp:
        work = Path(tmp)
        git("init", "--quiet", cwd=work)
        git("config", "user.name", "github-actions[bot]", cwd=work)
        git(
            "config",
            "user.email",
            "41898282+github-actions[bot]@users.noreply.github.com",
            cwd=work,
        )
        fetched = git(
            "fetch", "--quiet", "--depth=1", remote, f"refs/heads/{branch}", cwd=work, check=False
        )
        if fetched.returncode == 0:
            git("checkout", "--quiet", "-B", branch, "FETCH_HEAD", cwd=work)
        elif (
            git(
                "ls-remote", "--exit-code", "--heads", remote, branch, cwd=work, check=False
            ).returncode
            == 2
        ):
            git("checkout", "--quiet", "--orphan", branch, cwd=work)  # the branch's first publish
        else:
            raise RuntimeError(f"cannot read {branch!r} from the remote:\n{fetched.stderr.strip()}")
        for old in git("ls-files", "-z", cwd=work).stdout.split("\0"):
            if old:
                (work / old).unlink()
        for path in files:
            target = work / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        at = f" at {source}" if source else ""
        (work / "README.md").write_text(README.format(source=at), encoding="utf-8")
        git("add", "--all", cwd=work)
        if (
            git(
                "diff", "--cached", "--quiet", "--", ".", ":!README.md", cwd=work, check=False
            ).returncode
            == 0
            and fetched.returncode == 0
        ):
            print(f"{branch}: the notebooks did not change; nothing pushed")
            return False
        git("commit", "--quiet", "-m", f"Notebooks for Colab, built from main{at}", cwd=work)
        git("push", "--quiet", remote, f"HEAD:refs/heads/{branch}", cwd=work)
        names = ", ".join(p.relative_to(folder).as_posix() for p in files)
        print(f"{branch}: pushed {names}")
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("remote", help="a git remote: a URL, or a local repository's path")
    parser.add_argument("--branch", default="notebooks")
    parser.add_argument("--source", default=os.environ.get("GITHUB_SHA", ""), help="main's commit")
    args = parser.parse_args(argv)
    try:
        publish(args.folder, args.remote, args.branch, args.source)
    except Refused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"git {' '.join(exc.cmd[1:2])} failed:\n{exc.stderr}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
