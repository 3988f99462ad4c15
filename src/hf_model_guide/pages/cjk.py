"""Chinese soft line breaks: a line break inside a Chinese sentence is no space.

Markdown turns a line break inside a paragraph into a space, which is right between English
words and wrong between two Chinese characters ("改为 PyTorch， 页面上的"). ``join`` removes
such a break (with the next line's indentation) when the characters on both sides are CJK
ideographs or CJK punctuation, or when the line ends in full-width punctuation whatever comes
next ("样子。 pretrained" would show a space no Chinese typesetter puts after "。"); code
(fenced or indented inside fences) is left alone.

- ``CjkSoftBreaks``, a Python-Markdown extension (``markdown_extensions: [hf_model_guide.pages.cjk]``),
  applies it to every page at render time, after pymdownx.snippets and before block parsing;
- ``soft_breaks`` finds them in a source, for the check that keeps Chinese pages free of them;
- the notebooks join their Markdown cells the same way (Jupyter renders breaks as spaces too).
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

from hf_model_guide.engine.directives import fence_marks

# CJK punctuation (、。「」…), ideographs, kana, and the full-width forms (，：！？（）).
CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
ENDS_CJK = re.compile(f"[{CJK}]$")
# CJK symbols and punctuation (。、「」) and the full-width forms (，：！？（）): they carry their
# own spacing, so a break after them is no space even before Latin text.
ENDS_FULL_WIDTH = re.compile("[\u3000-\u303f\uff00-\uffef]$")
# Lines that start a block of their own rather than continue a paragraph: a list item, a
# heading, a table row, a quote, an admonition, an include or quotation, HTML, a fence.
ENDS_BLOCK = re.compile(r"^[ \t]*(?:#|\|)")  # a heading or table row ends at its line's end
STARTS_BLOCK = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|\||>|!!!|\?\?\?|\{[*\"]|<|```|~~~)")
STARTS_CJK = re.compile(f"^[ \t]*[{CJK}]")


def _breaks(lines: list[str]) -> list[int]:
    """Indexes of lines whose break to the next line shows as a space it should not: between
    two CJK characters, or after full-width punctuation."""
    marks = list(fence_marks(lines))
    return [
        i
        for i in range(len(lines) - 1)
        if not marks[i]
        and not marks[i + 1]
        and lines[i + 1].strip()
        and (
            (
                ENDS_FULL_WIDTH.search(lines[i])
                and not STARTS_BLOCK.match(lines[i + 1])
                and not ENDS_BLOCK.match(lines[i])
            )
            or (ENDS_CJK.search(lines[i]) and STARTS_CJK.match(lines[i + 1]))
        )
    ]


def soft_breaks(text: str) -> list[int]:
    """1-based numbers of the lines that end in a soft break between two CJK characters."""
    return [i + 1 for i in _breaks(text.split("\n"))]


def join_lines(lines: list[str]) -> list[str]:
    joined = set(_breaks(lines))
    out: list[str] = []
    for i, line in enumerate(lines):
        if i - 1 in joined:
            out[-1] += line.lstrip(" \t")
        else:
            out.append(line)
    return out


def join(text: str) -> str:
    return "\n".join(join_lines(text.split("\n")))


class _JoinCjkLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return join_lines(lines)


class CjkSoftBreaks(Extension):
    def extendMarkdown(self, md) -> None:
        # After pymdownx.snippets (32) inserted its text, before superfences and the blocks.
        md.preprocessors.register(_JoinCjkLines(md), "cjk_soft_breaks", 31)


def makeExtension(**kwargs) -> CjkSoftBreaks:
    return CjkSoftBreaks(**kwargs)
