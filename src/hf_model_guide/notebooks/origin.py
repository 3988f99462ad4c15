"""The notebook's first cell: which model produced its stored outputs (or, in the committed
copies, that it stores none), and what a run with the real checkpoint should print (the 2023
article's values, from snippets/article/quoted.toml).

A reader opening the notebook in Colab runs the real checkpoint; the stored outputs, and the
numbers in the text, may come from the offline stand-in. Saying so first keeps the two apart.
"""

from __future__ import annotations

from pathlib import Path

from hf_model_guide.engine import directives as d
from hf_model_guide.model.source import CHECKPOINT
from hf_model_guide.pages import quoted

TEXT = {
    "zh": {
        "standin": (
            "**这个笔记本里保存的输出来自离线替身模型**，不是 Hugging Face Hub 上的原模型"
            "（参见[替身模型的模型卡]({url})）。"
        ),
        "hub": (
            "**这个笔记本里保存的输出来自 Hugging Face Hub 上的真实 checkpoint** `{checkpoint}`。"
        ),
        "none": "这个笔记本里没有保存输出。",
        "unrun": (
            "**这个笔记本不保存输出**：运行它（在 Colab 或 Jupyter 中），每个单元格会打印你的环境"
            "得到的结果。"
        ),
        "unrun_standin": (
            "正文中的数字来自生成这个文件时的运行，用的是离线替身模型"
            "（参见[替身模型的模型卡]({url})），不是真实 checkpoint。"
        ),
        "unrun_hub": "正文中的数字来自生成这个文件时用真实 checkpoint `{checkpoint}` 的运行。",
        "unrun_none": "",
        "expect": (
            "用真实 checkpoint 重新运行时，应当得到 2023 年原文（真实 checkpoint，TensorFlow）"
            "打印的值，logits 和概率的差别在 0.001 以内："
        ),
    },
    "en": {
        "standin": (
            "**The outputs stored in this notebook come from the offline stand-in model**, not "
            "the original model on the Hugging Face Hub (see [the stand-in's model card]({url}))."
        ),
        "hub": (
            "**The outputs stored in this notebook come from the real checkpoint** "
            "`{checkpoint}` on the Hugging Face Hub."
        ),
        "none": "This notebook holds no stored outputs.",
        "unrun": (
            "**This notebook stores no outputs**: run it (in Colab or Jupyter) and each cell "
            "prints what your environment gives."
        ),
        "unrun_standin": (
            "The numbers in the text come from the run that made this file, with the offline "
            "stand-in model (see [the stand-in's model card]({url})), not the real checkpoint."
        ),
        "unrun_hub": (
            "The numbers in the text come from the run that made this file, with the real "
            "checkpoint `{checkpoint}`."
        ),
        "unrun_none": "",
        "expect": (
            "Re-run with the real checkpoint, it should print what the 2023 article printed "
            "(real checkpoint, TensorFlow), logits and probabilities within 0.001:"
        ),
    },
}


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
