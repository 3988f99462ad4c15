"""Chinese spacing: a line break inside a Chinese sentence is no space, and one rule for the
spaces between Chinese and Latin text, across bold, quotes, links and code.

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

The spacing rule (``space``, applied to every page's HTML by the same extension, after the
inline markup is rendered, so it sees across ``**``, links and code spans):

- no space next to full-width punctuation (。，：；！？、（）《》…): it carries its own spacing;
- no space between a Chinese character and a Chinese quotation mark (“” ‘’) on its side;
- no space between two Chinese characters (a line break the source kept);
- one space between a Chinese character and Latin text, a digit or inline code, where a tag
  edge (a link, bold, code) would otherwise glue them ("demo中" becomes "demo 中").

Code blocks, SVG, scripts and styles are left alone; inline code keeps its text.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
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


IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_WIDTH = "\u3000-\u303f\uff00-\uffef"
LATIN = "A-Za-z0-9"
# What a Chinese sentence's spacing must not keep, on the visible text (code as "`"):
# whitespace beside full-width punctuation, between an ideograph and the quotation mark on its
# side, between two ideographs.
NO_SPACE = re.compile(
    f"(?<=[{FULL_WIDTH}])\\s+|\\s+(?=[{FULL_WIDTH}])"
    f"|(?<=[{IDEOGRAPH}])\\s+(?=[“‘])|(?<=[”’])\\s+(?=[{IDEOGRAPH}])"
    f"|(?<=[{IDEOGRAPH}])\\s+(?=[{IDEOGRAPH}])"
)
GLUED = re.compile(f"(?<=[{IDEOGRAPH}])(?=[{LATIN}`])|(?<=[{LATIN}`])(?=[{IDEOGRAPH}])")
_TOKEN = re.compile(r"(<[^>]*>)")
_OPAQUE = {"pre", "svg", "script", "style", "textarea", "math"}  # their text is not prose
_INLINE = {"a", "strong", "b", "em", "i", "span", "sup", "sub", "code", "mark", "kbd", "abbr"}
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")


def _runs(tokens: list[str]) -> list[list[int]]:
    """Indexes of the text tokens that read as one line of prose: a block tag (p, li, br, td...)
    ends a run; an inline tag does not. Inline code is one token standing for its text."""
    runs: list[list[int]] = [[]]
    opaque = 0
    code = False
    for i, token in enumerate(tokens):
        tag = _TAG.fullmatch(token) if token.startswith("<") else None
        if tag is None:
            if token.startswith("<"):  # a comment or doctype
                continue
            if not opaque and not code and token:
                runs[-1].append(i)
            continue
        closing, name = tag[1] == "/", tag[2].lower()
        if name in _OPAQUE:
            opaque += -1 if closing else (0 if tag[3] else 1)
        elif name == "code" and not opaque:
            code = not closing
            if not closing:
                runs[-1].append(-1 - i)  # stands for the code's text: Latin at both edges
        elif name not in _INLINE and not opaque:
            runs.append([])
    return [run for run in runs if run]


def space(html: str) -> str:
    """``html`` with its Chinese prose spaced by the rule above (text between tags only)."""
    tokens = _TOKEN.split(html)
    for run in _runs(tokens):
        texts = ["`" if i < 0 else tokens[i] for i in run]
        line = "".join(texts)
        cuts = _cuts(line)
        if not cuts:
            continue
        start = 0
        for index, text in zip(run, texts):
            end = start + len(text)
            if index >= 0:
                tokens[index] = _apply(text, start, cuts)
            at = index if index >= 0 else -1 - index
            if (start, "+") in cuts:  # a space at a tag edge goes outside the tag (the link)
                while at > 0 and (tokens[at - 1] == "" or _opens_inline(tokens[at - 1])):
                    at -= 1
                tokens[at] = " " + tokens[at]
            start = end
    return "".join(tokens)


def _opens_inline(token: str) -> bool:
    tag = _TAG.fullmatch(token)
    return tag is not None and not tag[1] and tag[2].lower() in _INLINE - {"code"}


def _cuts(line: str) -> set[tuple[int, str]]:
    """(offset, "-") for each character of ``line`` to drop, (offset, "+") for a space to add."""
    cuts = {(i, "-") for m in NO_SPACE.finditer(line) for i in range(m.start(), m.end())}
    cuts |= {(m.start(), "+") for m in GLUED.finditer(line)}
    return cuts


def _apply(text: str, start: int, cuts: set[tuple[int, str]]) -> str:
    out = []
    for offset, char in enumerate(text, start):
        if (offset, "+") in cuts and offset > start:
            out.append(" ")
        if (offset, "-") not in cuts:
            out.append(char)
    return "".join(out)


class _Space(Postprocessor):
    def run(self, text: str) -> str:
        return space(text)


class _JoinCjkLines(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return join_lines(lines)


class CjkSoftBreaks(Extension):
    def extendMarkdown(self, md) -> None:
        # After pymdownx.snippets (32) inserted its text, before superfences and the blocks.
        md.preprocessors.register(_JoinCjkLines(md), "cjk_soft_breaks", 31)
        # After the raw HTML (code blocks, includes) is back in place (priority 30).
        md.postprocessors.register(_Space(md), "cjk_spacing", 5)


def makeExtension(**kwargs) -> CjkSoftBreaks:
    return CjkSoftBreaks(**kwargs)
