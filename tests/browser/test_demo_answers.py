"""The article's demo never leaves the reader with nothing: with the Space unreachable, the
page shows what the demo answers for its examples (this build's run, as outputs.json records
it) beside the local run instructions, says what state the Hub reports the Space in, and shows
the answers with JavaScript off too. Nothing leaves 127.0.0.1: the Space is refused, and the
Hub's runtime API answers from a route here (or is refused)."""

from __future__ import annotations

import json
import re

import pytest
from kit.browser import chromium, needs_chromium

from hf_model_guide import labels

from .sitepages import ARTICLE, LANGS, url

pytestmark = [pytest.mark.browser, needs_chromium]

SNIPPET = "snippets/demo/answers.py"
SPACE = re.compile(r"^https://[^/]+\.hf\.space/")
RUNTIME = re.compile(r"^https://huggingface\.co/api/spaces/[^/]+/[^/]+/runtime$")
ANSWERS_TABLE = "[data-demo-embed] [data-demo-answers] table"


def build_answers(site) -> list[list[str]]:
    """[sentence, label, probability] per example, as this build's manifest records them."""
    record = json.loads((site / "outputs.json").read_text(encoding="utf-8"))["snippets"][SNIPPET]
    values = record["values"]
    examples = len(record["stdout"].splitlines())  # the snippet prints one line an example
    assert examples >= 2
    return [
        [
            values[f'answers[{i}]["sentence"]'],
            values[f'answers[{i}]["label"]'],
            values[f'answers[{i}]["probability"] | .4f'],
        ]
        for i in range(examples)
    ]


def shown_answers(page) -> list[list[str]]:
    table = page.locator(ANSWERS_TABLE)
    assert table.is_visible()
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def caption(page) -> str:
    return page.locator("[data-demo-answers] .demo-embed__caption").inner_text()


def model_source(site) -> str:
    record = json.loads((site / "outputs.json").read_text(encoding="utf-8"))
    return record["environment"]["model"]["source"]


def wait_state(page, name: str) -> None:
    page.wait_for_function(
        f"document.querySelector('[data-demo-embed]').dataset.demoState === '{name}'",
        timeout=15_000,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_unreachable_space_shows_the_builds_answers_and_the_hubs_word(
    reader, site_base, built_site, lang
):
    expected = build_answers(built_site.path)
    page = reader.new_page()
    page.route(SPACE, lambda route: route.abort())
    runtime_asked: list[str] = []

    def sleeping(route):
        runtime_asked.append(route.request.url)
        route.fulfill(json={"stage": "SLEEPING", "hardware": {"current": None}})

    page.route(RUNTIME, sleeping)
    try:
        page.goto(url(site_base, lang, ARTICLE))
        page.wait_for_load_state("networkidle")
        root = page.locator("[data-demo-embed]")
        root.scroll_into_view_if_needed()
        # Before the click, the answers are there already, and nothing was asked of the Hub.
        assert shown_answers(page) == expected
        assert not runtime_asked
        # Labelled as every output is: by the model this build ran.
        said = labels.LABELS[lang]["snippets"]
        by = said["by_" + model_source(built_site.path)]
        assert caption(page) == f"{said['output']} · {by}"

        root.locator("[data-demo-load]").click()
        wait_state(page, "fallback")
        page.wait_for_function(
            "document.querySelector('[data-demo-embed]').dataset.demoStage === 'sleeping'",
            timeout=10_000,
        )
        stage = root.locator("[data-demo-stage]")
        assert stage.is_visible()
        assert stage.inner_text() == stage.get_attribute("data-sleeping")
        assert runtime_asked == [
            "https://huggingface.co/api/spaces/hf-model-guide/sentiment-demo/runtime"
        ]
        fallback = root.locator("[data-demo-fallback]")
        assert fallback.is_visible()
        assert "python -m hf_model_guide.demo" in fallback.inner_text()  # as before
        assert shown_answers(page) == expected

        # The Hub unreachable too: the fallback says nothing of the Space's state.
        page.unroute(RUNTIME)
        page.route(RUNTIME, lambda route: route.abort())
        root.locator("[data-demo-load]").click()
        wait_state(page, "fallback")
        page.wait_for_timeout(300)  # the refused request has settled
        assert stage.is_hidden() and stage.inner_text() == ""
        assert root.get_attribute("data-demo-stage") is None
        assert fallback.is_visible() and shown_answers(page) == expected
    finally:
        page.close()


def test_without_javascript_the_answers_show(built_site, site_base):
    expected = build_answers(built_site.path)
    with chromium(java_script_enabled=False) as context:
        page = context.new_page()
        for lang in LANGS:
            page.goto(url(site_base, lang, ARTICLE))
            assert shown_answers(page) == expected
            assert page.locator("[data-demo-load]").is_hidden()  # it needs JavaScript
        assert not context.outside
