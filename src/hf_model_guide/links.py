"""Links of a built site: internal ones checked, external ones listed.

``check`` reads every HTML file of a built site (both languages: ``site/`` and ``site/en/``)
and reports each internal link whose target file is missing or whose ``#anchor`` names no
element of the target page. It works on the built HTML rather than the Markdown because that
is what readers follow: links written in templates, in raw HTML blocks and by plugins (the
language selector, the stand-in notice) are checked along with the pages' own.

``external`` lists the links that leave the site, with the pages that hold them; ``--check``
then asks each one. That needs the internet, so it is a command, never part of the tests.

    python -m hf_model_guide.links check site
    python -m hf_model_guide.links external site [--check]
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from hf_model_guide import mkdocs_yml

# Not followed: what only a browser or another program opens.
SKIPPED_SCHEMES = {"mailto", "tel", "javascript", "data", "blob"}


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href of <a>, <link>; src of <img>, <script>


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        url = (
            values.get("href")
            if tag in ("a", "link")
            else values.get("src")
            if tag in ("img", "script", "iframe", "source")
            else None
        )
        if url:
            self.page.links.append(url.strip())


def read_site(site: Path) -> dict[str, _Page]:
    """Each HTML file, by its path relative to ``site``."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        collector = _Collector()
        collector.feed(path.read_text(encoding="utf-8", errors="replace"))
        pages[path.relative_to(site).as_posix()] = collector.page
    return pages


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def _internal(url: str, site_url: str) -> str | None:
    """A link within the site, made relative to the site's root ("/..."); None if external.

    ``site_url`` (mkdocs.yml's) is where the site is served: a link to an address under it,
    or to a path under its path (``/hf-model-guide/en/``), is a link within the site."""
    base = urlsplit(site_url)
    prefix = base.path if base.path.endswith("/") else base.path + "/"
    if site_url and url.startswith(urljoin(site_url, prefix)):
        url = url[len(urljoin(site_url, prefix)) - 1 :]
    elif is_external(url):
        return None
    elif url.startswith("/") and prefix != "/":
        if not url.startswith(prefix):
            return url  # outside the site's path: reported as a missing file
        url = url[len(prefix) - 1 :]
    return url


def _target(site: Path, page: str, url: str) -> tuple[str | None, str]:
    """The file a link points at (relative to ``site``), and its fragment."""
    parts = urlsplit(urljoin("/" + page, url))
    path = unquote(parts.path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    elif (site / path).is_dir():
        path += "/index.html"
    return (path if (site / path).is_file() else None), unquote(parts.fragment)


def check(site: Path, site_url: str = "") -> list[str]:
    """Every broken internal link of a built site, as ``page: link: what is wrong``."""
    site = Path(site)
    pages = read_site(site)
    problems = []
    for name, page in pages.items():
        for url in page.links:
            if urlsplit(url).scheme in SKIPPED_SCHEMES or url == "#":
                continue
            internal = _internal(url, site_url)
            if internal is None:
                continue
            target, fragment = _target(site, name, internal)
            if target is None:
                problems.append(f"{name}: link {url!r}: no such file in the site")
            elif fragment and target in pages and fragment not in pages[target].ids:
                problems.append(
                    f"{name}: link {url!r}: {target} has no element with id {fragment!r}"
                )
    return problems


def external(site: Path, site_url: str = "") -> dict[str, list[str]]:
    """Every external URL of a built site, with the pages that link to it."""
    found: dict[str, set[str]] = defaultdict(set)
    for name, page in read_site(Path(site)).items():
        for url in page.links:
            if _internal(url, site_url) is None and urlsplit(url).scheme in ("http", "https", ""):
                found[urljoin("https:", url)].add(name)
    return {url: sorted(names) for url, names in sorted(found.items())}


def probe(url: str, timeout: float = 10.0) -> str:
    """The status a URL answers with (HEAD, then GET for servers that refuse HEAD)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": "hf-model-guide link check"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return str(response.status)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return str(exc.code)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return f"unreachable ({getattr(exc, 'reason', exc)})"
    return "unreachable"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hf_model_guide.links",
        description="Check or list the links of a built site.",
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
    ext = sub.add_parser(
        "external", parents=[common], help="list external links (with --check, ask each one)"
    )
    ext.add_argument("--check", action="store_true", help="request each URL (needs internet)")
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
    if args.command == "check":
        problems = check(args.site, site_url)
        for problem in problems:
            print(problem)
        print(f"links: {len(problems)} broken")
        return 1 if problems else 0
    failed = 0
    for url, pages in external(args.site, site_url).items():
        status = f"{probe(url)}  " if args.check else ""
        failed += bool(args.check and not status.startswith(("2", "3")))
        print(f"{status}{url}  ({', '.join(pages[:3])}{', ...' if len(pages) > 3 else ''})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
