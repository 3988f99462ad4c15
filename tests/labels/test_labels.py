"""Every language has every label (hf_model_guide.labels), with the same placeholders: a text
missing in one language would fail only on the page that needs it, in that language."""

from __future__ import annotations

import copy
import string
from pathlib import Path

from hf_model_guide import labels
from hf_model_guide.checks.translations import languages_from_mkdocs

ROOT = Path(__file__).resolve().parents[2]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def problems(table: dict[str, dict[str, dict[str, str]]]) -> list[str]:
    """What each language lacks or has in excess, against the first (the default)."""
    default, *others = table
    wanted = {(g, k): text for g, texts in table[default].items() for k, text in texts.items()}
    found = []
    for lang in others:
        have = {(g, k): text for g, texts in table[lang].items() for k, text in texts.items()}
        for (group, key), text in wanted.items():
            if (group, key) not in have:
                found.append(f"{lang}: no {group}.{key}")
            elif placeholders(have[group, key]) != placeholders(text):
                found.append(f"{lang}: {group}.{key} has other {{placeholders}} than {default}")
        found += [f"{lang}: {g}.{k} is not in {default}" for g, k in sorted(have.keys() - wanted)]
    return found


def test_every_language_of_the_site_has_a_block_and_no_other():
    site = languages_from_mkdocs(ROOT / "mkdocs.yml")
    assert list(labels.LABELS) == list(site.all)


def test_every_language_has_every_label_with_the_same_placeholders():
    assert problems(labels.LABELS) == []


def test_a_missing_or_different_label_is_named():
    broken = copy.deepcopy(labels.LABELS)
    del broken["en"]["snippets"]["output"]
    broken["en"]["snippets"]["standin"] = "See the card."  # its {url} gone
    broken["en"]["quoted"]["typo"] = "?"
    assert problems(broken) == [
        "en: no snippets.output",
        "en: snippets.standin has other {placeholders} than zh",
        "en: quoted.typo is not in zh",
    ]
