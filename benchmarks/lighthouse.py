"""Lighthouse over every page of the site, mobile and desktop, beside a plain Material site
built from the same text. Not a test: the figures are noisy on a shared machine.

    python benchmarks/lighthouse.py [--runs 3] [--pages article/ en/article/]

Builds the site (the developer's snippet cache, as the tests do) and a plain Material 9.8.2 site
in a temporary folder from the English pages' text (the pages' includes and quoted values left
out, Mermaid blocks as code, no notebooks: what Material does with no plugin of ours), serves
both on 127.0.0.1 gzipped as a web host does, and runs npm's lighthouse 12.2.3 (through npx,
which keeps it in npm's cache; version 13 needs Node 22) with Debian's Chromium, the median of
``--runs`` runs per page and form factor. Prints one row a page: performance, accessibility,
best practices, SEO and cumulative layout shift, mobile then desktop.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from buildkit import ROOT, build

sys.path.insert(0, str(ROOT / "tests"))
from browser.sitepages import LANGS, built_pages  # the browser tests' page list
from kit.browser import CHROMIUM, serving

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORMS = ("mobile", "desktop")
PLAIN_YML = """\
site_name: Using a Hugging Face Model
site_url: https://example.invalid/plain/
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
"""
# The engine's directives: an include line ({* … *}) and a quoted value ({= … =}).
INCLUDE = re.compile(r"^\s*\{\*.*\*\}\s*$", re.M)
VALUE = re.compile(r"\{=.*?=\}")


def plain_site(tmp: Path) -> Path:
    """A plain Material site from the English text of our pages; returns its built folder."""
    docs = tmp / "plain" / "docs"
    docs.mkdir(parents=True)
    for page in sorted((ROOT / "docs").glob("*.en.md")):
        text = page.read_text(encoding="utf-8")
        text = VALUE.sub("…", INCLUDE.sub("", text))
        (docs / page.name.replace(".en.md", ".md")).write_text(text, encoding="utf-8")
    (tmp / "plain" / "mkdocs.yml").write_text(PLAIN_YML, encoding="utf-8")
    site = tmp / "plain" / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=tmp / "plain",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"plain Material build failed:\n{done.stdout}{done.stderr}")
    return site


def lighthouse(url: str, form: str, out: Path) -> dict[str, float]:
    """One Lighthouse run: each category's score (0-100) and the layout shift."""
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if form == "desktop":
        command.append("--preset=desktop")
    # Its own process group: if this script stops (Ctrl-C, a timeout), Lighthouse and the
    # Chromium it started go with it instead of running on.
    run = subprocess.Popen(
        command,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    if run.returncode or not out.is_file():
        sys.exit(f"lighthouse failed on {url} ({form}):\n{err[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def median(url: str, form: str, runs: int, tmp: Path) -> dict[str, float]:
    results = []
    for i in range(runs):
        print(f"  lighthouse {form} {i + 1}/{runs}: {url}", file=sys.stderr, flush=True)
        results.append(lighthouse(url, form, tmp / f"run-{i}.json"))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def cells(scores: dict[str, float]) -> str:
    return " / ".join(f"{scores[c]:.0f}" for c in CATEGORIES) + f" / {scores['cls']:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page and form (median)")
    parser.add_argument("--pages", nargs="*", help="only these pages (site paths, e.g. en/)")
    parser.add_argument("--site", type=Path, help="a site already built (skips our build)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as name:
        tmp = Path(name)
        site = args.site or tmp / "site"
        print("building the site and a plain Material site…", file=sys.stderr, flush=True)
        if args.site is None:
            build(ROOT, site, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        plain = plain_site(tmp)
        ours = [LANGS[lang] + page for lang, pages in built_pages(site).items() for page in pages]
        ours.sort(key=lambda page: not page.startswith("en/"))  # those with a plain twin first
        plain_pages = {p.removeprefix("en/") for p in ours if p.startswith("en/")}
        if args.pages:
            ours = [p for p in ours if p in args.pages]
        print(
            f"Lighthouse {LIGHTHOUSE.split('@')[1]}, median of {args.runs}; "
            "each cell: performance / accessibility / best practices / SEO / CLS"
        )
        print("| page | ours, mobile | ours, desktop | plain Material, mobile | plain, desktop |")
        print("|---|---|---|---|---|")
        with (
            serving(site, compress=True) as base,
            serving(plain, "/plain/", compress=True) as pbase,
        ):
            for page in ours:
                row = [median(base + page, form, args.runs, tmp) for form in FORMS]
                twin = page.removeprefix("en/")
                if page.startswith("en/") and twin in plain_pages and (plain / twin).is_dir():
                    row += [median(pbase + twin, form, args.runs, tmp) for form in FORMS]
                shown = [cells(r) for r in row] + ["—"] * (4 - len(row))
                print(f"| {page or '/'} | " + " | ".join(shown) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
