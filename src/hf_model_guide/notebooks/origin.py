"""The notebook's first cell: which model produced its stored outputs (or, in the Colab
copies, that it stores none), and what a run with the real checkpoint should print (the 2023
article's values, from snippets/article/quoted.toml).

A reader opening the notebook in Colab runs the real checkpoint; the stored outputs, and the
numbers in the text, may come from the offline stand-in. Saying so first keeps the two apart.
"""

from __future__ import annotations

from pathlib import Path

from hf_model_guide import labels
from hf_model_guide.engine import directives as d
from hf_model_guide.model.source import CHECKPOINT
from hf_model_guide.pages import quoted

TEXT = labels.table("notebook_origin")


def cell(root: Path, *, kind: str, lang: str, standin_url: str, stored: bool = True) -> str:
    """The Markdown of the first cell; ``kind``: "standin", "hub" or "none" (the model the
    page's snippets ran); ``stored``: whether the notebook keeps their outputs."""
    text = TEXT[d.language(lang)]
    said = [text[kind]] if stored else [text["unrun"], text[f"unrun_{kind}"]]
    joined = ("" if d.language(lang) == "zh" else " ").join(s for s in said if s)
    lines = [joined.format(url=standin_url, checkpoint=CHECKPOINT)]
    expected = [e for e in quoted.load(root).values() if e.kind == "article"]
    if expected:
        lines += ["", text["expect"], ""]
        lines += [f"- `{e.key.split('.', 1)[1]}`: `{e.value!r}`" for e in expected]
    return "\n".join(lines)
