"""The number check: no number in a page's prose is typed from an output.

A number a reader sees in prose must come from a run or be a labelled quotation, so each one
in a page is either:

- a placeholder's: ``{= snippets/x.py | expr =}`` (this build's run) or ``{" article.KEY "}``
  (a quotation of the 2023 article or a fact about the real repository, kept with its source
  in ``snippets/article/quoted.toml``);
- code: in a code span or a fenced block (``torch==2.13.0``, ``127.0.0.1:7860``);
- 0 or 1 alone: the ends of a probability, an index, a mask's values, never a measurement;
- part of a name (``MiniLM-L6-v2``, ``SST-2``, ``UTF-8``, ``H1``), a version (``3.11.7``,
  ``Python 3.11``, ``v2``), a date or time (``2023``, ``2026-11-25``, ``5 月``, ``May 5``,
  ``13:11:49``), a list's or
  heading's numbering, or markup around the prose: a heading anchor ``{ #id }``, a link (its
  text names what it links to, "chapter 2"), an HTML tag.

Everything else is reported as ``page:line:column`` with how to fix it. Used by the build
(``plugins.translation_notices``: a warning, so ``mkdocs build --strict`` fails, shown on the page under
``mkdocs serve``), by pre-commit (``python -m hf_model_guide.checks.numbers``) and by the tests. No
MkDocs import here.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from hf_model_guide.engine.directives import CODE_SPAN, fence_marks
from hf_model_guide.engine.text import NotUtf8Error, read_utf8

HOW_TO_FIX = (
    "show a run's value with {{= snippets/PATH.py | EXPRESSION =}}, quote the 2023 article or "
    'the real repository with {{" KEY "}} (snippets/article/quoted.toml), or put code in `backticks`'
)

# What is blanked out before looking for numbers (each replaced by spaces, so columns stay).
_MASKS = [
    re.compile(r"\{=.*?=\}"),  # a run's value
    re.compile(r'\{"[ \t]+[^"{}]*?[ \t]+"\}'),  # a quotation from the data file
    re.compile(r"\{\*.*?\*\}"),  # an include
    CODE_SPAN,  # a code span (any number of backticks), as the directives read it
    re.compile(r"<!--.*?-->"),  # an HTML comment (on one line)
    re.compile(r"</?[A-Za-z][^<>]*>"),  # an HTML tag, with its attributes
    re.compile(r"&#?\w+;"),  # an HTML entity
    re.compile(r"\{:?[ \t]*[#.][^{}]*\}"),  # attr_list: { #anchor .class }
    re.compile(r"\[[^\[\]]*\]\([^)\s]*(?:[ \t]+\"[^\"]*\")?\)"),  # a link: its title and address
    re.compile(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$"),  # a reference link's definition
    re.compile(r"<?\b(?:https?|ftp|mailto):[^\s<>)]+>?"),  # a bare address
    re.compile(r"\[\^[^\]]+\]"),  # a footnote reference
    re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\d+[.)](?=[ \t])"),  # an ordered list's number
    re.compile(r"^[ \t]*#{1,6}[ \t]+(?:\d+[.)]?)+(?=[ \t])"),  # a heading's numbering
    re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w -]+"),  # an admonition's kind
    re.compile(r"\(\d+\)!"),  # a code annotation marker
    re.compile(r"(?<![\d:])\d{1,2}:\d\d(?::\d\d)?(?:[ \t]*[+-]\d{4})?(?![\d:])"),  # a time
]

# A number, with what may cling to it: a sign, decimals, grouping, a percent sign.
_NUMBER = re.compile(
    # ASCII letters only around it: Chinese prose sets numbers right against its characters.
    r"(?<![A-Za-z0-9_.\-/:#@])(?P<number>[-+−]?\d+(?:[.,]\d+)*(?:\.\d+)?)"
    r"(?P<percent>[ \t]?[%％‰])?(?![A-Za-z0-9_\-]*[A-Za-z])"
)
_NAME_CHAR = re.compile(r"[A-Za-z_]")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
# Names a version number follows in prose ("Python 3.11", "MkDocs 2", "Material 9.8").
VERSIONED = {
    "python",
    "mkdocs",
    "material",
    "gradio",
    "torch",
    "pytorch",
    "transformers",
    "tensorflow",
    "node",
    "node.js",
    "debian",
    "ubuntu",
    "chromium",
    "lighthouse",
    "mermaid",
    "jupyter",
    "ipython",
    "numpy",
    "pandas",
    "matplotlib",
    "tqdm",
    "html",
    "css",
    "es",
    "unicode",
    "version",
    "版本",
}


@dataclass(frozen=True)
class Finding:
    page: str
    line: int
    column: int
    number: str

    def message(self) -> str:
        return (
            f"{self.page}:{self.line}:{self.column}: the number {self.number!r} is typed into "
            f"the prose; {HOW_TO_FIX.format()}"
        )


def _blank(line: str) -> str:
    for mask in _MASKS:
        line = mask.sub(lambda m: " " * len(m.group()), line)
    return line


def _is_date_or_version(line: str, start: int, end: int, number: str) -> bool:
    before = line[:start].rstrip()
    after = line[end:]
    digits = number.lstrip("+-−")
    if re.fullmatch(r"\d+(?:\.\d+){2,}", digits):  # 3.11.7, 9.8.2: a version
        return True
    if re.fullmatch(r"(?:19|20)\d\d", digits):  # a year
        return True
    if re.match(r"-\d\d(?:-\d\d)?\b", after) and re.fullmatch(r"\d{4}", digits):  # 2026-11-25
        return True
    if re.match(r"[ \t]*(?:年|月|日|号)", after):  # 2023 年 5 月 1 日
        return True
    word = re.search(r"([\w.]+)[ \t]*$", before)
    if word:
        previous = word.group(1)
        if previous.lower() in VERSIONED and "%" not in after[:2]:
            return True
        if previous in _MONTHS:  # May 5
            return True
    return bool(re.match(r"[ \t]+(?:" + "|".join(_MONTHS) + r")\b", after))  # 5 May


def check_text(text: str, page: str) -> list[Finding]:
    """Every number typed into the prose of ``text`` (a page's Markdown)."""
    lines = text.split("\n")
    offset = 0
    if lines and lines[0] == "---":  # front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line == "---"), None)
        if end is not None:
            offset = end + 1
    findings: list[Finding] = []
    body = lines[offset:]
    for index, (raw, mark) in enumerate(zip(body, fence_marks(body), strict=True)):
        if mark:
            continue
        line = _blank(raw)
        for match in _NUMBER.finditer(line):
            number = match.group("number")
            start, end = match.span("number")
            if _NAME_CHAR.search(raw[start - 1 : start]):  # "v2", "H1", "L6"
                continue
            if _is_date_or_version(line, start, end, number):
                continue
            if number in {"0", "1"} and not match.group("percent"):  # "between 0 and 1", "index 0"
                continue
            shown = match.group().strip()
            findings.append(Finding(page, offset + index + 1, start + 1, shown))
    return findings


def check_file(path: Path, name: str | None = None) -> list[Finding]:
    name = name or path.as_posix()
    return check_text(read_utf8(path, name), name)


def check_docs(root: Path, docs_dir: str = "docs") -> list[Finding]:
    """Every page of ``root/docs_dir`` (names relative to ``root``)."""
    root = Path(root)
    findings: list[Finding] = []
    for path in sorted((root / docs_dir).rglob("*.md")):
        findings += check_file(path, path.relative_to(root).as_posix())
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hf_model_guide.checks.numbers",
        description="Report numbers typed into the pages' prose (they must come from a run or "
        "a labelled quotation).",
    )
    parser.add_argument("pages", nargs="*", type=Path, help="pages to check (default: docs/)")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder")
    args = parser.parse_args(argv)
    try:
        if args.pages:
            findings = [f for page in args.pages for f in check_file(page)]
        else:
            findings = check_docs(args.root)
    except NotUtf8Error as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for finding in findings:
        print(finding.message(), file=sys.stderr)
    print(f"numbers: {len(findings)} typed into prose")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
