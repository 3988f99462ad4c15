"""The article's live demo, end to end, on 127.0.0.1 only.

The demo app (``python -m hf_model_guide.demo``, the project's model resolution) runs in a
subprocess; the real site is built with ``extra.demo`` pointed at it (and gradio.js at the
app's own entry module, standing in for Gradio's CDN) and served over http under its
site_url path; Chromium opens the article in both languages. Screenshots go to
test-artifacts/demo/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from kit.browser import chromium, needs_chromium, serving
from kit.demo import (
    ARTICLE_SENTENCES,
    ARTIFACTS,
    build_site,
    closed_port_url,
    running_demo,
)
from kit.root import ROOT

pytestmark = pytest.mark.build

LANGS = ["zh", "en"]
TIMEOUT = 10  # extra.demo.timeout for the live site: enough for a loaded 2-core machine


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with running_demo(tmp_path_factory.mktemp("demo-app")) as app:
        yield app


# Both builds are the real site's: when it does not build, its own failure says why
# (tests/kit/site_build.py) and these tests skip rather than fail a second time.
@pytest.fixture(scope="module")
def live_site(built_site, demo, tmp_path_factory):
    site = build_site(
        tmp_path_factory.mktemp("live"),
        {
            "space_url": demo.url,
            "gradio_js": demo.gradio_js,
            "gradio_version": demo.version,
            "timeout": TIMEOUT,
            "runtime_api": "",  # the Hub's word on the Space: not asked
        },
    )
    with serving(site) as base:
        yield base


@pytest.fixture(scope="module")
def dead_site(built_site, tmp_path_factory):
    dead = closed_port_url()
    site = build_site(
        tmp_path_factory.mktemp("dead"),
        {
            "space_url": dead,
            "gradio_js": f"{dead}/assets/index-never.js",
            "timeout": 3,
            "runtime_api": closed_port_url(),  # the Hub does not answer either
        },
    )
    with serving(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        yield context
        outside = list(context.outside)
    assert not outside, f"requests beyond 127.0.0.1: {outside}"


def open_article(browser, base: str, lang: str, *, dark: bool = False):
    page = browser.new_page()
    page.emulate_media(color_scheme="dark" if dark else "light")
    # Material remembers the palette in localStorage (shared by the profile): start from the
    # reader's system scheme every time.
    page.add_init_script("localStorage.clear()")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base + ("en/" if lang == "en" else "") + "article/")
    page.wait_for_load_state("networkidle")
    return page, requests


def state(page) -> str:
    return page.locator("[data-demo-embed]").get_attribute("data-demo-state")


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("[data-demo-embed]").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_demo_loads_only_on_click_and_answers(lang, demo, live_site, browser):
    dark = lang == "zh"  # zh starts dark (the reader's system); en switches with Material's toggle
    page, requests = open_article(browser, live_site, lang, dark=dark)
    root = page.locator("[data-demo-embed]")
    root.scroll_into_view_if_needed()
    assert state(page) == "idle"
    assert root.locator("[data-demo-load]").is_visible()

    # Before the click: nothing from the demo, no component, no frame; only the site itself.
    assert not [u for u in requests if origin(u) == demo.url], requests
    assert all(origin(u) == origin(live_site) for u in requests), requests
    assert page.locator("gradio-app, iframe").count() == 0
    assert not page.evaluate("Boolean(customElements.get('gradio-app'))")
    shot(page, f"{lang}-before-click")

    root.locator("[data-demo-load]").click()
    page.wait_for_function(
        "document.querySelector('[data-demo-embed]').dataset.demoState !== 'loading'",
        timeout=(TIMEOUT + 20) * 1000,
    )
    assert state(page) == "shown", "the demo did not render in time (fallback shown)"
    assert demo.gradio_js in requests
    assert root.locator("[data-demo-fallback]").is_hidden()
    assert root.locator("[data-demo-answers]").is_hidden()  # the app answers for itself now

    app = root.locator("gradio-app")
    app.locator("textarea").first.fill("I love you.")
    app.get_by_role("button", name="Submit").click()
    label = app.get_by_test_id("label-output-value")
    label.wait_for(timeout=30_000)
    page.wait_for_function(
        "el => el.innerText.trim() !== ''", arg=label.element_handle(), timeout=30_000
    )
    assert label.inner_text().strip() == "POSITIVE"
    for name in ("POSITIVE", "NEGATIVE"):  # top_k=None: both classes, with a probability
        assert re.search(
            rf"{name}\s+\d+%", app.get_by_test_id(f"{name}-confidence-set").inner_text()
        )

    # Dark mode follows Material's palette, at load and when the reader toggles it.
    def app_is_dark() -> bool:
        return page.evaluate(
            "() => document.querySelector('gradio-app .gradio-container')"
            ".parentElement.classList.contains('dark')"
        )

    assert app_is_dark() == dark
    if not dark:
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.wait_for_function(
            "() => document.querySelector('gradio-app .gradio-container')"
            ".parentElement.classList.contains('dark')"
        )
    shot(page, f"{lang}-answered")
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in requests)
    page.close()


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("lang", LANGS)
def test_fallback_when_the_space_does_not_answer(lang, dead_site, browser):
    page, requests = open_article(browser, dead_site, lang)
    root = page.locator("[data-demo-embed]")
    root.scroll_into_view_if_needed()
    assert root.locator("[data-demo-fallback]").is_hidden()
    root.locator("[data-demo-load]").click()
    page.wait_for_function(
        "document.querySelector('[data-demo-embed]').dataset.demoState === 'fallback'",
        timeout=15_000,
    )
    fallback = root.locator("[data-demo-fallback]")
    assert fallback.is_visible()
    text = fallback.inner_text()
    assert "python -m hf_model_guide.demo" in text
    assert "sentiment-analysis" in text
    space_url = page.evaluate(
        "JSON.parse(document.getElementById('demo-config').textContent).space_url"
    )
    assert fallback.locator("a[data-demo-space-link]").get_attribute("href") == space_url
    assert page.locator("gradio-app").count() == 0
    assert not [u for u in requests if "/assets/index-" in u], "gradio.js loaded for a dead Space"
    assert root.locator("[data-demo-load]").is_enabled()  # the reader can try again
    assert root.locator("[data-demo-stage]").is_hidden()  # no word from the Hub, none said
    assert root.locator("[data-demo-answers]").is_visible()  # the build's answers
    shot(page, f"{lang}-fallback")
    page.close()


@pytest.mark.browser
@needs_chromium
def test_fallback_when_gradio_js_fails(demo, live_site, browser):
    page, _ = open_article(browser, live_site, "en")
    page.route(demo.gradio_js, lambda route: route.abort())
    page.locator("[data-demo-load]").click()
    page.wait_for_function(
        "document.querySelector('[data-demo-embed]').dataset.demoState === 'fallback'",
        timeout=15_000,
    )
    assert page.locator("[data-demo-fallback]").is_visible()
    page.close()


def test_gradio_client_labels_the_article_sentences(demo):
    from gradio_client import Client

    client = Client(demo.url, verbose=False)
    # The article's result, with the stand-in as with the real checkpoint.
    for sentence, expected in zip(ARTICLE_SENTENCES, ["POSITIVE", "NEGATIVE"], strict=True):
        result = client.predict(sentence, api_name="/classify")
        assert result["label"] == expected, (sentence, result)
        labels = {c["label"]: c["confidence"] for c in result["confidences"]}
        assert set(labels) == {"POSITIVE", "NEGATIVE"}
        assert sum(labels.values()) == pytest.approx(1.0, abs=1e-4)
        assert result["label"] == max(labels, key=labels.get)


def test_the_readmes_api_example_calls_classify(demo):
    # snippets/demo_api/classify.py is what the README points to for calling /classify.
    done = subprocess.run(
        [sys.executable, str(ROOT / "snippets" / "demo_api" / "classify.py"), demo.url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("POSITIVE {"), done.stdout
