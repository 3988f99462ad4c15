"""The weekly freshness run: does the site still show the same with today's releases?

``python -m hf_model_guide.outputs.freshness requirements`` prints the pip requirements that
move the watched libraries (those the manifest records: transformers, torch,
huggingface_hub, gradio, MkDocs and its plugins...) to the newest releases the project allows: ``pyproject.toml``'s bounds without its
exact pins (``mkdocs>=1.6.1,<2`` keeps ``<2``; ``transformers==5.24.0`` becomes
``transformers``). The workflow installs them over the project.

``python -m hf_model_guide.outputs.freshness run [--dry-run]`` then builds the site strictly
(so a DeprecationWarning from a snippet fails it), compares its output manifest with the
last published one (``<site_url>/outputs.json``), and the Hub's newest revision of the
checkpoint with the one the published outputs came from, and writes one report. Changed or
failed: it opens the repository's one open issue titled ``ISSUE_TITLE``, or updates it; all
the same: it closes that issue. ``--dry-run`` prints the report and what it would do with
the issue, with the libraries installed here, and touches nothing. ``--report DIR`` writes
the report (``report.md``) and the verdict (``status``: ``changed`` or ``same``) there and
files nothing: the weekly workflow builds with no token, and a job that runs no project code
files the issue from those two files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement

from hf_model_guide.model import source as model_source
from hf_model_guide.outputs import diff, manifest

ISSUE_TITLE = "Weekly freshness report: outputs with the newest releases"
# The libraries the manifest records, which can change what a page shows or how it is built.
WATCHED = manifest.PACKAGES
LOG_TAIL = 60  # lines of a failed build's log in the report


def _normal(name: str) -> str:
    return name.lower().replace("_", "-")


def requirements(pyproject: Path) -> list[str]:
    """The watched dependencies as pip requirements, exact pins lifted, other bounds kept."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    found = []
    for line in data["project"]["dependencies"]:
        req = Requirement(line)
        if _normal(req.name) not in WATCHED:
            continue
        kept = ",".join(str(s) for s in sorted(req.specifier, key=str) if s.operator != "==")
        found.append(f"{req.name}{kept}")
    return found


@dataclass
class Build:
    ok: bool
    log: str
    manifest: dict[str, Any] | None


def build_site(root: Path, site_dir: Path) -> Build:
    """``mkdocs build --strict`` of the project into ``site_dir``."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    log = done.stdout + done.stderr
    try:
        built = manifest.load(site_dir) if done.returncode == 0 else None
    except manifest.ManifestError as exc:
        return Build(False, f"{log}\n{exc}", None)
    return Build(done.returncode == 0, log, built)


def published_manifest(where: str) -> tuple[dict[str, Any] | None, str]:
    """The last published manifest from a URL or a path, or None and why not."""
    if "://" not in where:
        try:
            return manifest.load(Path(where)), ""
        except manifest.ManifestError as exc:
            return None, str(exc)
    try:
        with urllib.request.urlopen(where, timeout=30) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, f"{where}: {exc}"
    if not isinstance(data, dict) or data.get("manifest") != manifest.MANIFEST_VERSION:
        return None, f"{where}: not an output manifest of version {manifest.MANIFEST_VERSION}"
    return data, ""


@dataclass
class Report:
    text: str
    changed: bool


def report(
    build: Build,
    published: dict[str, Any] | None,
    published_why: str,
    latest_revision: str | None,
    today: str,
) -> Report:
    lines = [f"# {ISSUE_TITLE}", ""]
    changed = False
    env = (build.manifest or {}).get("environment", {})
    versions = ", ".join(f"{k} {v}" for k, v in sorted(env.get("packages", {}).items()) if v)
    lines += [f"Run of {today}" + (f" with {versions}." if versions else "."), ""]
    if build.ok:
        lines += ["## Build", "", "The strict build passed.", ""]
    else:
        changed = True
        tail = "\n".join(build.log.splitlines()[-LOG_TAIL:])
        lines += [
            "## Build",
            "",
            "**The strict build failed.** The end of its log:",
            "",
            "```text",
            tail.replace("```", "'''"),
            "```",
            "",
        ]
    lines += ["## The Hub checkpoint", ""]
    pinned = ((published or {}).get("environment", {}).get("model", {}) or {}).get("revision")
    checkpoint = model_source.CHECKPOINT
    if latest_revision is None:
        lines.append(f"`{checkpoint}`: the Hub did not answer; its revision was not checked.")
    elif pinned and latest_revision != pinned:
        changed = True
        lines.append(
            f"`{checkpoint}` has a **new revision**: `{latest_revision}` on the Hub, the published "
            f"outputs came from `{pinned}`."
        )
    elif pinned:
        lines.append(
            f"`{checkpoint}` is still at `{pinned}`, the revision the site was built with."
        )
    else:
        lines.append(
            f"`{checkpoint}` is at `{latest_revision}`; the published site names no revision "
            "(its outputs came from the offline stand-in, or no manifest was found)."
        )
    lines += ["", "## Compared with the published site", ""]
    if published is None:
        changed = True
        lines.append(f"No published manifest to compare with: {published_why}")
    elif build.manifest is None:
        lines.append("Nothing to compare: the build made no manifest.")
    else:
        compared = diff.compare(published, build.manifest)
        changed = changed or compared.changed
        # One level down: the diff's own title becomes a section of this report.
        lines += ["#" + line if line.startswith("#") else line for line in compared.lines[2:]]
    return Report("\n".join(lines).rstrip("\n") + "\n", changed)


class GitHub:
    """The few calls the run makes, with the workflow's token (``issues: write``)."""

    def __init__(self, repo: str, token: str, api: str = "https://api.github.com") -> None:
        self.repo, self.token, self.api = repo, token, api.rstrip("/")

    def call(self, method: str, path: str, body: dict | None = None) -> Any:
        request = urllib.request.Request(
            f"{self.api}/repos/{self.repo}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode("utf-8") or "null")

    def open_issue(self) -> dict | None:
        for issue in self.call("GET", "/issues?state=open&per_page=100"):
            if issue.get("title") == ISSUE_TITLE and "pull_request" not in issue:
                return issue
        return None


def file_report(github: GitHub, result: Report) -> str:
    """Open, update or close the one issue; returns what was done, for the log."""
    issue = github.open_issue()
    if result.changed:
        if issue:
            github.call("PATCH", f"/issues/{issue['number']}", {"body": result.text})
            return f"updated issue #{issue['number']}"
        created = github.call("POST", "/issues", {"title": ISSUE_TITLE, "body": result.text})
        return f"opened issue #{created['number']}"
    if issue:
        github.call("POST", f"/issues/{issue['number']}/comments", {"body": result.text})
        github.call("PATCH", f"/issues/{issue['number']}", {"state": "closed"})
        return f"closed issue #{issue['number']}: all the same again"
    return "nothing to file: all the same"


def default_published(root: Path) -> str:
    from hf_model_guide import mkdocs_yml

    site_url = str(mkdocs_yml.read(root / "mkdocs.yml").get("site_url") or "")
    return site_url.rstrip("/") + "/" + manifest.FILENAME


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.outputs.freshness")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the project (mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("requirements", help="pip requirements for the newest allowed releases")
    run = sub.add_parser("run", help="build, compare, and file the report")
    run.add_argument("--dry-run", action="store_true", help="print the report; file nothing")
    run.add_argument("--site", type=Path, help="a site already built (skips the build)")
    run.add_argument("--published", help="the last published manifest: URL or path")
    run.add_argument("--report", type=Path, help="write report.md and status here; file nothing")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "requirements":
        print("\n".join(requirements(root / "pyproject.toml")))
        return 0
    today = dt.datetime.now(dt.UTC).date().isoformat()
    with tempfile.TemporaryDirectory(prefix="freshness-") as scratch:
        if args.site:
            built = Build(True, "", manifest.load(args.site))
        else:
            print("freshness: building the site (mkdocs build --strict)...", file=sys.stderr)
            built = build_site(root, Path(scratch) / "site")
    published, why = published_manifest(args.published or default_published(root))
    result = report(built, published, why, model_source.latest_revision(timeout=10), today)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and not args.dry_run:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(result.text)
    if args.report:
        args.report.mkdir(parents=True, exist_ok=True)
        (args.report / "report.md").write_text(result.text, encoding="utf-8")
        verdict = "changed" if result.changed else "same"
        (args.report / "status").write_text(verdict + "\n", encoding="utf-8")
        print(f"freshness: {verdict}; report in {args.report}")
        return 0
    if args.dry_run:
        action = "open or update" if result.changed else "close (if open)"
        print(f"Dry run: would {action} the issue {ISSUE_TITLE!r} with this report:\n")
        print(result.text)
        return 0
    github = GitHub(
        os.environ["GITHUB_REPOSITORY"],
        os.environ["GITHUB_TOKEN"],
        os.environ.get("GITHUB_API_URL", "https://api.github.com"),
    )
    print(f"freshness: {file_report(github, result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
