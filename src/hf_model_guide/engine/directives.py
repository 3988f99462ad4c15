"""The two Markdown directives a page uses to show code that the build runs.

Include and run a snippet — a line on its own (it may be indented, e.g. inside a tab)::

    {* snippets/article/tokenize.py *}
    {* snippets/article/forward.py section=logits *}
    {* snippets/article/forward.py section=logits hl=3,5-6 title="Step 2" *}

The path is relative to the project root (the folder holding ``mkdocs.yml``). Options:

- ``section=NAME`` shows only that section, marked in the file with pymdownx.snippets'
  own markers ``# --8<-- [start:NAME]`` … ``# --8<-- [end:NAME]``; the output shown is what
  that section's statements printed. The whole file always runs.
- ``hl=3,5-6`` highlights lines of the code shown (pymdownx.highlight ``hl_lines``).
- ``title=...`` replaces the code block's title (default: the snippet's path); quote it
  when it has spaces.
- ``stderr=true`` shows what went to stderr too (warnings, logging), interleaved.
- ``run=false`` shows the code without running it: for a program that does not end by
  itself, like the Gradio demo app (which has tests of its own instead).
- ``timeout=300`` gives the snippet that many seconds (default: the plugin's ``timeout``,
  120). Past it, the run and every process it started are killed, and the page shows
  the failure with the line it had reached.
- ``max_memory=8GiB``, ``max_file_size=2GiB``, ``max_processes=256`` raise (or lower) that
  snippet's limits (defaults and how each is enforced: ``engine.limits``).
- ``device=cuda`` says the snippet needs a GPU: ``hf-model-guide runs plan`` puts it in a shard
  of its own for a GPU runner, and a build on a machine without one shows its cached run or,
  without it, fails naming it (default ``device=cpu``).
- ``alt="..."`` is the text alternative of a picture the snippet shows with ``display()``,
  in the page's language; give it once per picture, in order (``alt="…" alt="…"``). A picture
  without one is an error.

It becomes a ``python`` code block (marker lines removed), then, if the code printed
anything, an output block labelled 输出 / Output (class ``snippet-output``). If a
numbered list follows the directive (Material code annotations for ``# (1)!`` comments),
the list stays right after the code block and the output block comes after the list.

A value in prose, inline::

    the probability is {= snippets/article/postprocess.py | predictions[0, 1].item() | .4f =}

``path | expression | format spec``: the expression is evaluated in the snippet's namespace
after it ran, then formatted with ``format(value, spec)`` (no spec: ``str(value)``). An
expression that itself contains ``|`` needs the spec field, even empty (``| =}``).

``{= path | @model =}`` is not evaluated: it names the model that produced the snippet's
outputs, as an output block's title does (离线替身模型 / offline stand-in, Hub 上的
checkpoint / the Hub's checkpoint), for outputs a page lays out itself (a table of values);
it is plain text in the page's language, not a value of the run.

Directives inside fenced code blocks and inline code spans are left alone, so pages can
show the syntax itself.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from hf_model_guide import labels

from .results import ValueKey
from .sandbox.limits import OPTIONS as LIMITS
from .sandbox.limits import LimitError, parse_count, parse_size

INCLUDE = re.compile(r"^(?P<indent>[ \t]*)\{\*[ \t]+(?P<body>.*?)[ \t]+\*\}[ \t]*$")
VALUE = re.compile(r"\{=[ \t]+(?P<body>.+?)[ \t]+=\}")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
# A code span as CommonMark reads it: it closes on a run of exactly as many backticks as opened
# it (`` a ` b `` is one span; `a`` opens none). What is inside is code, not a directive.
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
LIST_ITEM = re.compile(r"^[ \t]*\d+[.)][ \t]")

MESSAGES = labels.table("snippets")
MODEL = "@model"  # the value naming the model a snippet's outputs came from


def language(lang: str | None) -> str:
    """zh, zh_CN, zh-Hans → zh; anything else → en."""
    return "zh" if (lang or "").lower().startswith("zh") else "en"


def message(lang: str | None, key: str, **values: str) -> str:
    return MESSAGES[language(lang)][key].format(**values)


# What an include may need to run (``device=``).
DEVICES = ("cpu", "cuda")


class DirectiveError(ValueError):
    pass


@dataclass
class Include:
    line: int  # 1-based line in the page
    indent: str
    path: str
    section: str | None = None
    hl: str | None = None
    title: str | None = None
    stderr: bool = False
    run: bool = True
    timeout: float | None = None
    alt: tuple[str, ...] = ()  # one text alternative per picture shown, in order
    limits: dict[str, int] = field(default_factory=dict)  # max_memory=..., as given
    device: str = "cpu"  # what it needs to run: "cpu" (any machine) or "cuda" (a GPU)


@dataclass
class Value:
    line: int
    start: int  # offsets in that line
    end: int
    path: str
    expr: str
    spec: str = ""

    @property
    def key(self) -> ValueKey:
        return ValueKey(self.expr, self.spec)


@dataclass
class Parsed:
    includes: list[Include] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def paths(self) -> set[str]:
        return {d.path for d in self.includes} | {v.path for v in self.values}

    @property
    def paths_to_run(self) -> set[str]:
        return {d.path for d in self.includes if d.run} | {v.path for v in self.values}


_BOOLEANS = {
    "true": True,
    "yes": True,
    "on": True,
    "1": True,
    "false": False,
    "no": False,
    "off": False,
    "0": False,
}


def _parse_include(number: int, indent: str, body: str) -> Include:
    try:
        words = shlex.split(body)
    except ValueError as exc:
        raise DirectiveError(f"cannot read the include: {exc}") from None
    if not words:
        raise DirectiveError("an include needs a snippet path")
    include = Include(number, indent, words[0])
    for word in words[1:]:
        name, sep, value = word.partition("=")
        if not sep:
            raise DirectiveError(f"option {word!r} needs a value (name=value)")
        if name == "section":
            include.section = value
        elif name == "hl":
            if not re.fullmatch(r"\d+(-\d+)?(,\d+(-\d+)?)*", value):
                raise DirectiveError(f"hl={value!r}: use line numbers and ranges like 3,5-6")
            include.hl = value.replace(",", " ")
        elif name == "title":
            include.title = value
        elif name == "timeout":
            try:
                include.timeout = float(value)
            except ValueError:
                include.timeout = None
            if include.timeout is None or not 0 < include.timeout < 86400:
                raise DirectiveError(f"timeout={value!r}: use a number of seconds, like 300")
        elif name in LIMITS:
            parse = parse_count if name == "max_processes" else parse_size
            try:
                include.limits[name] = parse(value, name)
            except LimitError as exc:
                raise DirectiveError(str(exc)) from None
        elif name == "device":
            if value not in DEVICES:
                raise DirectiveError(f"device={value!r}: use {' or '.join(DEVICES)}")
            include.device = value
        elif name == "alt":
            if not value.strip():
                raise DirectiveError('alt="" is empty: describe the picture')
            include.alt = (*include.alt, value)
        elif name in ("stderr", "run"):
            if value.lower() not in _BOOLEANS:
                raise DirectiveError(f"{name}={value!r}: use true or false")
            setattr(include, name, _BOOLEANS[value.lower()])
        else:
            raise DirectiveError(
                f"unknown option {name!r} (known: section, hl, title, stderr, run, timeout, "
                f"device, alt, {', '.join(LIMITS)})"
            )
    return include


def _parse_value(number: int, match: re.Match) -> Value:
    body = match["body"]
    path, sep, rest = body.partition("|")
    if not sep or not rest.strip():
        raise DirectiveError("a value needs `path | expression` (and optionally `| format`)")
    expr, spec = rest, ""
    if "|" in rest:
        expr, _, spec = rest.rpartition("|")
    return Value(number, match.start(), match.end(), path.strip(), expr.strip(), spec.strip())


def fence_marks(lines: Iterable[str]) -> Iterator[str | None]:
    """For each line, where it stands in fenced code: ``"open"`` (the fence opening a block),
    ``"code"`` (inside a block, or the fence closing it) or None (outside code). A block
    closes on a fence of its own character, at least as long, with nothing after it."""
    fence: str | None = None
    for line in lines:
        m = FENCE.match(line)
        if fence is not None:
            if (
                m
                and m["fence"][0] == fence[0]
                and len(m["fence"]) >= len(fence)
                and not line.strip()[len(m["fence"]) :].strip()
            ):
                fence = None
            yield "code"
        elif m:
            fence = m["fence"]
            yield "open"
        else:
            yield None


def parse(markdown: str) -> Parsed:
    parsed = Parsed()
    lines = markdown.splitlines()
    for number, (line, mark) in enumerate(zip(lines, fence_marks(lines), strict=True), 1):
        if mark:
            continue
        include = INCLUDE.match(line)
        if include:
            try:
                parsed.includes.append(_parse_include(number, include["indent"], include["body"]))
            except DirectiveError as exc:
                parsed.errors.append((number, str(exc)))
            continue
        if "{=" not in line:
            continue
        spans = [(s.start(), s.end()) for s in CODE_SPAN.finditer(line)]
        for match in VALUE.finditer(line):
            if any(a <= match.start() < b for a, b in spans):
                continue
            try:
                parsed.values.append(_parse_value(number, match))
            except DirectiveError as exc:
                parsed.errors.append((number, str(exc)))
    return parsed


# ---------------------------------------------------------------------------------------------
# Rendering: pure functions from strings to Markdown.


def _fence_for(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def code_block(code: str, *, title: str, hl: str | None = None, indent: str = "") -> list[str]:
    fence = _fence_for(code)
    header = f'{fence} {{ .python title="{_attr(title)}"'
    if hl:
        header += f' hl_lines="{hl}"'
    header += " }"
    return [
        indent + header,
        *(indent + line if line else "" for line in code.split("\n")),
        indent + fence,
    ]


def output_block(text: str, lang: str | None, indent: str = "", by: str = "") -> list[str]:
    """The output, as a text block that highlight escapes (so ``<script>`` stays text); ``by``
    names the model that produced it (``by_standin``, ``by_hub``), shown in its title."""
    text = text.rstrip("\n")
    if not text.strip():
        return []
    fence = _fence_for(text)
    label = message(lang, "output") + (f" · {message(lang, by)}" if by else "")
    header = f'{fence} {{ .text .snippet-output title="{_attr(label)}" }}'
    return [
        indent + header,
        *(indent + line if line else "" for line in text.split("\n")),
        indent + fence,
    ]


def admonition(kind: str, title: str, body: list[str], indent: str = "") -> list[str]:
    lines = [f'{indent}!!! {kind} "{title}"', ""]
    lines += [f"{indent}    {line}" if line else "" for line in body]
    return lines


def failure_block(detail: str, lang: str | None, indent: str = "") -> list[str]:
    fence = _fence_for(detail)
    body = [f"{fence} text", *detail.rstrip("\n").split("\n"), fence]
    return admonition("failure", message(lang, "failed"), body, indent)


def value_text(text: str, source: str | None = None) -> str:
    """A value for prose: HTML-escaped, with Markdown's inline markup characters escaped.

    A value filled from a run is marked with the snippet it came from, so readers (a tooltip)
    and tests (prose numbers equal output numbers) can tell it from typed text."""
    escaped = re.sub(r"([\\`*_\[\]{}])", r"\\\1", html.escape(text, quote=False))
    if source is None:
        return escaped
    return _value_span(escaped, source)


def value_html(text: str, source: str) -> str:
    """The same value as final HTML (no Markdown pass follows)."""
    return _value_span(html.escape(text, quote=False), source)


def _value_span(inner: str, source: str) -> str:
    return (
        f'<span class="snippet-value" data-snippet="{html.escape(source)}" '
        f'title="{html.escape(source)}">{inner}</span>'
    )


def annotation_list_end(lines: list[str], after: int) -> int:
    """If a numbered list (code annotations) follows line index ``after``, the index after it."""
    i = after + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not LIST_ITEM.match(lines[i]):
        return after + 1
    base = len(lines[i]) - len(lines[i].lstrip())
    end = i + 1

    def continues(line: str) -> bool:
        return bool(LIST_ITEM.match(line)) or len(line) - len(line.lstrip()) > base

    while end < len(lines):
        if lines[end].strip():
            if not continues(lines[end]):
                break
            end += 1
            continue
        nxt = end + 1
        while nxt < len(lines) and not lines[nxt].strip():
            nxt += 1
        if nxt < len(lines) and continues(lines[nxt]):
            end = nxt
            continue
        break
    return end
