"""The provenance note at the foot of every page with outputs, in the page's language.

It says how the outputs were made — the build's date, the library versions, the model and
its revision (or the offline stand-in, linked to its card) — and links to the build's
output manifest. Everything in it comes from the manifest's ``environment``, so the page and
``outputs.json`` can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hf_model_guide import labels
from hf_model_guide.engine import directives as d
from hf_model_guide.engine.results import RunResult

CSS_CLASS = "snippet-provenance"

TEXT = labels.table("provenance")

# Shown in this order, under the names readers install them by.
SHOWN_PACKAGES = (
    ("torch", "torch"),
    ("transformers", "transformers"),
    ("huggingface-hub", "huggingface_hub"),
)


def versions_text(lang: str, env: Mapping[str, Any]) -> str:
    packages = env.get("packages", {})
    parts = [f"Python {env.get('python')}"]
    parts += [f"{shown} {packages[name]}" for name, shown in SHOWN_PACKAGES if packages.get(name)]
    return ("、" if lang == "zh" else ", ").join(parts)


def model_text(lang: str, model: Mapping[str, Any], card_url: str) -> str:
    text = TEXT[lang]
    checkpoint = f"`{model.get('checkpoint')}`"
    if model.get("source") == "hub":
        revision = model.get("revision")
        if not revision:
            return text["hub_unpinned"].format(checkpoint=checkpoint)
        url = f"https://huggingface.co/{model['checkpoint']}/tree/{revision}"
        return text["hub"].format(checkpoint=checkpoint, revision=f"[`{revision[:7]}`]({url})")
    if model.get("source") == "standin":
        return text["standin"].format(
            card=card_url, fingerprint=f"`{model.get('fingerprint')}`", checkpoint=checkpoint
        )
    return ""


def note(
    lang: str | None,
    manifest: Mapping[str, Any],
    *,
    manifest_url: str,
    card_url: str,
    uses_model: bool,
) -> list[str]:
    """The note's Markdown lines: a block of its own, put at the page's end.

    The manifest link is raw HTML: ``outputs.json`` is written after the pages, so it is not
    a document MkDocs could check a Markdown link against.
    """
    lang = d.language(lang)
    text = TEXT[lang]
    env = manifest["environment"]
    body = text["body"].format(
        date=manifest["built"],
        versions=versions_text(lang, env),
        model=model_text(lang, env.get("model", {}), card_url) if uses_model else "",
    )
    link = f'<a href="{manifest_url}"><code>outputs.json</code></a>'
    return [
        f'<div class="{CSS_CLASS}" markdown>',
        "",
        f"**{text['title']}**",
        "",
        body + ("" if lang == "zh" else " ") + text["manifest"].format(link=link),
        "",
        "</div>",
    ]


def uses_model(markdown: str, results: Mapping[str, RunResult]) -> bool:
    """Whether a snippet this page shows loads a model (its outputs depend on the source)."""
    for path in d.parse(markdown).paths:
        result = results.get(path)
        if result is not None and result.uses_model:
            return True
    return False
