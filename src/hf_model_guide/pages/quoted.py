"""Quoted values: what the 2023 article printed and facts about the real repository.

They live in one data file, ``snippets/article/quoted.toml``, each with its source line; pages
never type them. A page shows one with a placeholder:

- ``{" article.logits "}`` on a line of its own: a block labelled as a quotation of the 2023
  article (real checkpoint, TensorFlow), in the page's language; put it right after the output
  it compares with;
- inline, ``{" repo.hidden_size "}`` or with an index, ``{" article.logits[0][1] "}``: the
  value, marked (class ``quoted-value``) with the label as its title.

A stand-in remark, an admonition of the kind ``standin`` (``!!! standin "Title"``), says how
the stand-in's output beside it differs from the real checkpoint's: it is shown (as an
``info`` admonition) only on a page whose outputs came from the stand-in, and dropped
otherwise.

No site generator is imported here; the MkDocs adapter and the notebooks call ``render``.
"""

from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hf_model_guide import labels
from hf_model_guide.engine import directives as d

DATA_FILE = "snippets/article/quoted.toml"
# The placeholder; checks of typed numbers in prose strip it as they strip {= … =}.
QUOTE = re.compile(r'\{"[ \t]+(?P<key>[\w.]+(?:\[\d+\])*)[ \t]+"\}')
QUOTE_LINE = re.compile(r'^(?P<indent>[ \t]*)\{"[ \t]+(?P<key>[\w.]+(?:\[\d+\])*)[ \t]+"\}[ \t]*$')
STANDIN_REMARK = re.compile(r'^(?P<indent>[ \t]*)!!![ \t]+standin(?P<title>[ \t]+".*")?[ \t]*$')
INDEX = re.compile(r"\[(\d+)\]")

LABELS = labels.table("quoted")


class QuotedError(ValueError):
    """A data file or placeholder that cannot be read; the message names file and line."""


@dataclass(frozen=True)
class Quoted:
    key: str  # "article.logits"
    value: Any
    source: str  # "article.zh.md:120-121"
    run: str | None = None  # "snippets/article/forward.py | outputs.logits.tolist()"
    tolerance: float = 0.0

    @property
    def kind(self) -> str:
        return self.key.split(".", 1)[0]


def load(root: Path) -> dict[str, Quoted]:
    return _load(Path(root).resolve() / DATA_FILE)


@cache
def _load_cached(path: Path, mtime: float) -> dict[str, Quoted]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise QuotedError(f"{DATA_FILE}: {exc}") from None
    found = {}
    for kind, entries in data.items():
        for name, entry in entries.items():
            key = f"{kind}.{name}"
            if "value" not in entry or "source" not in entry:
                raise QuotedError(f"{DATA_FILE}: [{key}] needs a value and its source")
            found[key] = Quoted(
                key, entry["value"], entry["source"], entry.get("run"), entry.get("tolerance", 0.0)
            )
    return found


def _load(path: Path) -> dict[str, Quoted]:
    if not path.is_file():
        return {}
    return _load_cached(path, path.stat().st_mtime)


def lookup(quoted: dict[str, Quoted], placeholder_key: str) -> tuple[Quoted, Any]:
    """The entry and the value a placeholder key names (``article.logits[0][1]``)."""
    base = placeholder_key.split("[", 1)[0]
    if base not in quoted:
        raise KeyError(f"no [{base}] in {DATA_FILE}")
    value = quoted[base].value
    for index in INDEX.findall(placeholder_key):
        value = value[int(index)]
    return quoted[base], value


def find(markdown: str) -> list[tuple[int, str]]:
    """(line, key) of each placeholder outside code, in page order."""
    lines = markdown.split("\n")
    found = []
    for number, (line, mark) in enumerate(zip(lines, d.fence_marks(lines), strict=True), 1):
        if mark or '{"' not in line:
            continue
        spans = [(s.start(), s.end()) for s in d.CODE_SPAN.finditer(line)]
        found += [
            (number, m["key"])
            for m in QUOTE.finditer(line)
            if not any(a <= m.start() < b for a, b in spans)
        ]
    return found


def unknown(markdown: str, *, root: Path, page: str) -> list[str]:
    """``page:line: …`` for each placeholder naming no value of the data file."""
    quoted = load(root)
    problems = []
    for line, key in find(markdown):
        try:
            lookup(quoted, key)
        except KeyError as exc:
            problems.append(f'{page}:{line}: {{" {key} "}}: {exc.args[0]}')
        except (IndexError, TypeError):
            problems.append(f'{page}:{line}: {{" {key} "}}: no such element')
    return problems


def label(lang: str | None, kind: str) -> str:
    return LABELS[d.language(lang)].get(kind, kind)


def shown(value: Any) -> str:
    """As Python prints it; a list of rows one row a line, as torch prints a matrix."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, list | dict) for v in value):
        return "[" + ",\n ".join(repr(v) for v in value) + "]"
    return repr(value)


def render(
    markdown: str,
    *,
    root: Path,
    lang: str | None,
    standin: bool,
) -> str:
    """Replace quoted-value placeholders; keep or drop stand-in remarks. Code is left alone.

    An unknown key is shown as such on the page (``unknown`` reports it with its line)."""
    if '{"' not in markdown and "!!! standin" not in markdown:
        return markdown
    quoted = load(root)
    lines = markdown.split("\n")
    marks = list(d.fence_marks(lines))
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, mark = lines[i], marks[i]
        if mark:
            out.append(line)
            i += 1
            continue
        remark = STANDIN_REMARK.match(line)
        if remark:
            end = _block_end(lines, i, remark["indent"])
            if standin:
                out.append(f"{remark['indent']}!!! info standin{remark['title'] or ''}")
                out += [_inline(lines[j], quoted, lang) for j in range(i + 1, end)]
            i = end
            continue
        block = QUOTE_LINE.match(line)
        if block:
            out += _block(block["key"], block["indent"], quoted, lang)
        else:
            out.append(_inline(line, quoted, lang))
        i += 1
    return "\n".join(out)


def _block_end(lines: list[str], start: int, indent: str) -> int:
    """The index after an admonition's body (its indented lines and blank lines between)."""
    body = indent + "    "
    end = start + 1
    last = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(body)):
        if lines[end].strip():
            last = end
        end += 1
    return last + 1


def _inline(line: str, quoted: dict[str, Quoted], lang: str | None) -> str:
    if '{"' not in line:
        return line
    spans = [(s.start(), s.end()) for s in d.CODE_SPAN.finditer(line)]

    def replace(match: re.Match) -> str:
        if any(a <= match.start() < b for a, b in spans):
            return match.group()
        try:
            entry, value = lookup(quoted, match["key"])
        except (KeyError, IndexError, TypeError):
            return html.escape(label(lang, "unknown"))
        text = d.value_text(shown(value))
        title = html.escape(f"{label(lang, entry.kind)} ({entry.key})")
        return (
            f'<span class="quoted-value" data-quote="{html.escape(match["key"])}" '
            f'title="{title}">{text}</span>'
        )

    return QUOTE.sub(replace, line)


def _block(key: str, indent: str, quoted: dict[str, Quoted], lang: str | None) -> list[str]:
    try:
        entry, value = lookup(quoted, key)
    except (KeyError, IndexError, TypeError):
        return [indent + html.escape(label(lang, "unknown"))]
    text = shown(value)
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    body = [f"{fence} {{ .text .quoted-value }}", *text.split("\n"), fence]
    return d.admonition("quote", label(lang, entry.kind), body, indent)
