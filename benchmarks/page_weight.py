"""Bytes a reader's browser receives for the article, before the demo is clicked. Not a test
(tests/browser/test_page_weight.py enforces the 600 KB budget).

    python benchmarks/page_weight.py [--top 10]

Builds the site (the developer's snippet cache, as the tests do), serves it on 127.0.0.1
gzipped as a web host sends it, and also plain, and weighs the article in each language with
Chromium and an empty cache (tests/kit/browser.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from buildkit import ROOT, build

sys.path.insert(0, str(ROOT / "tests"))
from kit.browser import chromium, serving, transferred_bytes  # the browser tests' helpers

BUDGET = 600 * 1000
PAGES = {"zh": "article/", "en": "en/article/"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=8, help="largest responses to list")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as name:
        site = Path(name) / "site"
        build(ROOT, site, {**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        with chromium() as browser:
            for compress in (True, False):
                with serving(site, compress=compress) as base:
                    for lang, path in PAGES.items():
                        total, shares = transferred_bytes(browser, base + path)
                        if compress:
                            verdict = "within" if total <= BUDGET else "OVER"
                            print(
                                f"article ({lang}), transferred (gzipped): {total:,} bytes in "
                                f"{len(shares)} responses ({verdict} the {BUDGET:,} budget)"
                            )
                        else:
                            # What DevTools calls "resources" beside "transferred": for
                            # reference; the budget is on bytes transferred.
                            print(
                                f"article ({lang}), decoded (served uncompressed): {total:,} "
                                f"bytes in {len(shares)} responses"
                            )
                        if compress:
                            for url, size in shares[: args.top]:
                                print(f"  {size:>9,}  {url.removeprefix(base)}")
            if browser.outside:
                sys.exit(f"requests beyond 127.0.0.1: {browser.outside}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
