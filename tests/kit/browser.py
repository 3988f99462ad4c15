"""What every browser test shares: Debian's Chromium driven by Playwright, a site served on
127.0.0.1 under its site_url path, and a record of what a page asked for and logged.

Never ``playwright install``: the browser is Debian's (``.ci/test`` installs it). Nothing here
reaches past 127.0.0.1: the context aborts any other request and keeps its URL for the test.
"""

from __future__ import annotations

import atexit
import functools
import gzip
import http.server
import io
import os
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kit.root import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITE_PREFIX = "/hf-model-guide/"  # the path of mkdocs.yml's site_url
# What a static web host (GitHub Pages among them) sends gzipped to a browser that accepts it.
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt")
ARTIFACTS = ROOT / "test-artifacts"  # ignored by git; CI keeps what the tests leave there

# In CI a missing Chromium is a failure (``.ci/test`` installs it); on a developer's machine
# without it, the browser tests are skipped with the reason.
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason=f"{CHROMIUM} is missing (Debian's chromium package; .ci/test installs it)",
)


@contextmanager
def serving(site: Path, prefix: str = SITE_PREFIX, *, compress: bool = False):
    """Serve ``site`` over http on 127.0.0.1 under ``prefix``; yields the base URL.

    Under the prefix, as the published site is: its absolute links (404.html's) work, and a
    link that escapes the prefix gets a 404 instead of landing on the site by luck.
    ``compress``: text files go gzipped, as a web host sends them (for weighing pages).
    """

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            path = path.split("?", 1)[0].split("#", 1)[0]
            inside = path.startswith(prefix)
            return super().translate_path(
                "/" + path[len(prefix) :] if inside else "/__outside_the_prefix__"
            )

        def send_head(self):
            file = Path(self.translate_path(self.path))
            if file.is_dir() and self.path.split("?", 1)[0].endswith("/"):
                file = file / "index.html"
            if not (
                compress
                and "gzip" in self.headers.get("Accept-Encoding", "")
                and file.is_file()
                and file.name.endswith(COMPRESSED)
            ):
                return super().send_head()
            body = gzip.compress(file.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


_driver = None


def playwright_driver():
    """The one Playwright of this process. Playwright's sync API refuses to start while another
    of its instances is running (the browser tests keep one Chromium for the whole session,
    and the demo tests open their own), so every Chromium comes from this driver."""
    global _driver
    if _driver is None:
        from playwright.sync_api import sync_playwright

        _driver = sync_playwright().start()
        atexit.register(_driver.stop)
    return _driver


@contextmanager
def chromium(**options):
    """A Chromium context with a fresh profile that only reaches 127.0.0.1.

    Yields the Playwright ``BrowserContext``; ``context.outside`` lists every URL it refused.
    ``options`` go to ``launch_persistent_context`` (viewport, permissions...).
    """
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        context = playwright_driver().chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            **{"viewport": {"width": 1100, "height": 900}, **options},
        )
        outside: list[str] = []

        def local_only(route):
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", local_only)
        context.outside = outside
        try:
            yield context
        finally:
            context.close()


@dataclass
class Visit:
    """One page opened in the browser, and all it asked for and logged since."""

    page: object  # playwright Page
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "URL: reason" (aborted, refused...)
    bad_status: list[str] = field(default_factory=list)  # "URL: status" for 4xx and 5xx
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


def visit(context, url: str, *, dark: bool = False, viewport: dict | None = None) -> Visit:
    """Open ``url`` in a new tab, record everything, and wait until the network is idle.

    The palette starts from the reader's system scheme (``dark``): Material remembers a toggled
    palette in localStorage, which the profile shares between tabs.
    """
    page = context.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    page.emulate_media(color_scheme="dark" if dark else "light")
    page.add_init_script("localStorage.clear()")
    seen = Visit(page)
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url}: {r.failure}"))
    page.on(
        "response", lambda r: r.status >= 400 and seen.bad_status.append(f"{r.url}: {r.status}")
    )
    page.on(
        "console",
        lambda m: m.type == "error" and seen.errors.append(f"console: {m.text} {m.location}"),
    )
    page.on("pageerror", lambda e: seen.errors.append(f"uncaught: {e}"))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return seen


REVEAL = """async () => {
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {  // no gap
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, 0);
  await frame();
}"""


def reveal_all(page) -> None:
    """Scroll ``page`` from top to bottom and back, so that what the site adds to an element
    only once it is seen (Material's ``content.lazy``: a code block's copy button and
    annotations) is in the page."""
    page.evaluate(REVEAL)


def transferred_bytes(context, url: str) -> tuple[int, list[tuple[str, int]]]:
    """Bytes that crossed the network to show ``url`` with an empty cache, once idle.

    Counted by Chromium itself (DevTools ``encodedDataLength``: headers and body as sent),
    for every response the page and its scripts fetched. Returns the total and each URL's share.
    """
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Scroll to the end and back: anything fetched as the reader scrolls counts too.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    page.close()
    shares = sorted(
        ((urls.get(rid, rid), size) for rid, size in sizes.items()), key=lambda item: -item[1]
    )
    return sum(size for _, size in shares), shares
