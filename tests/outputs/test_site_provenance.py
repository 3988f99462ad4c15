"""The real site: its manifest ships with it, and the article says in both languages how its
outputs were made, linking that manifest and the stand-in's card when the stand-in made them."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from hf_model_guide.outputs import manifest

pytestmark = pytest.mark.build


def note(site, page: str):
    html = (site.path / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("div.snippet-provenance")


def test_the_manifest_is_in_the_built_site(built_site):
    data = manifest.load(built_site.path)
    assert {"docs/article.md", "docs/article.en.md"} <= data["pages"].keys()
    shown = {ref.split("#")[0] for ref in data["pages"]["docs/article.md"]["snippets"]}
    assert shown <= data["snippets"].keys() and all(data["snippets"][p]["ok"] for p in shown)
    assert data["environment"]["model"]["checkpoint"].endswith("sst-2-english")
    assert (built_site.path / "outputs.json").read_text(encoding="utf-8") == manifest.dumps(data)


@pytest.mark.parametrize(
    ("page", "title", "href"),
    [
        ("article", "这些输出是怎么来的", "../outputs.json"),
        ("en/article", "How these outputs were made", "../../outputs.json"),
    ],
)
def test_the_article_says_how_its_outputs_were_made(built_site, page, title, href):
    data = json.loads((built_site.path / "outputs.json").read_text(encoding="utf-8"))
    env = data["environment"]
    found = note(built_site, page)
    assert found is not None and title in found.text
    text = " ".join(found.text.split())
    assert data["built"] in text
    for name, shown in (("torch", "torch"), ("transformers", "transformers")):
        assert f"{shown} {env['packages'][name]}" in text
    assert f"huggingface_hub {env['packages']['huggingface-hub']}" in text
    assert f"Python {env['python']}" in text
    links = {a.text: a["href"] for a in found.select("a")}
    assert links["outputs.json"] == href
    assert (built_site.path / page / href).resolve() == (built_site.path / "outputs.json")
    model = env["model"]
    if model["source"] == "standin":
        assert model["fingerprint"] in text
        assert any(h.endswith("standin/") for h in links.values())  # the card's page
    else:
        assert model["revision"][:7] in text


def test_pages_without_outputs_have_no_note(built_site):
    assert note(built_site, "") is None  # the home page shows no snippet
