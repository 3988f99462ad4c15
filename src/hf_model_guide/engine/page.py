"""One page rendered: its directives replaced by code, outputs and values.

``PageRender`` takes what the engine knows after ``prepare`` (the runs, the snippets, the
page's errors) and where to report problems; it keeps the page's own state (its sheltered
literals) to itself, so a page is rendered without touching the engine's.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import directives as d
from . import displays
from .literal import Literals, needs_shelter, without_ansi
from .results import RunResult
from .snippet import Snippet, SnippetError


@dataclass
class Rendered:
    """A page with its directives replaced. ``markdown`` is ready for any Markdown reader;
    ``sheltered`` is the same page for MkDocs, with printed text kept out of reach of
    Markdown's extensions until ``literals.html`` puts it into the page's HTML."""

    markdown: str
    standin: bool = False  # outputs on this page came from the stand-in model
    ran: bool = False  # the page has at least one snippet directive
    sheltered: str = ""
    literals: Literals = field(default_factory=Literals)

    def __post_init__(self) -> None:
        self.sheltered = self.sheltered or self.markdown


@dataclass
class LineMap:
    """Where the lines of a page another tool changed come from in the page as written."""

    numbers: list[int]  # each line's line in the page as written (an inserted one: the last)
    inserted: set[int]  # the indices of the lines the author did not write

    @classmethod
    def of(cls, written: str, changed: str) -> LineMap | None:
        """None when nothing changed."""
        if written == changed:
            return None
        old, new = written.split("\n"), changed.split("\n")
        found = cls([], set())
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):  # kept, or edited
                found.numbers += range(i1 + 1, i2 + 1)
            else:
                found.numbers += [max(i1, 1)] * (j2 - j1)
                found.inserted.update(range(j1, j2))
        return found


def value_problem(
    results: Mapping[str, RunResult], page: str, value: d.Value, line: int | None = None
) -> str | None:
    """What to report for a value whose snippet ran but whose expression failed, if so (the
    snippet's own failure is reported on its own)."""
    result = results.get(value.path)
    if result is None or not result.ok:
        return None
    found = result.values.get(value.key)
    why: str | None
    if value.expr == d.MODEL:
        if made_by(result):
            return None
        why = "this snippet loads no model, so no model made its outputs"
    elif found is not None and found.ok:
        return None
    else:
        why = found.error if found else "was not evaluated"
    return f"{page}:{line or value.line}: {{= {value.path} | {value.expr} =}}: {why}"


def made_by(result: RunResult) -> str:
    """The label naming the model that produced a run's outputs (``by_standin``, ``by_hub``),
    or "" when no model did: each output's title says it, and ``{= path | @model =}``."""
    kind = result.source.kind if result.uses_model else ""
    return f"by_{kind}" if kind in ("standin", "hub") else ""


@dataclass
class PageRender:
    """Renders one page in one language from what the engine prepared."""

    page: str
    lang: str | None
    enabled: bool
    results: Mapping[str, RunResult]
    running: set[str]  # snippet paths whose run goes on in the background
    snippets: Mapping[str, Snippet | SnippetError]
    page_errors: Mapping[tuple[str, int], str]
    problem: Callable[[str], None]  # reports a problem of this page
    value_problem: Callable[[str, d.Value, int | None], None]  # reports (and counts) one
    standin_url: str = "standin/"
    literals: Literals = field(default_factory=Literals)

    def render(self, markdown: str, parsed: d.Parsed, changed: LineMap | None) -> Rendered:
        """``changed``: how the page differs from the one its author wrote, if it does; the
        problems are named by the lines the author wrote."""

        def page_line(line: int) -> int:
            return changed.numbers[line - 1] if changed else line

        lines = markdown.split("\n")
        inserts, replaced = self._includes(parsed, lines, page_line)
        self._values(parsed, lines, page_line)
        out: list[str] = []
        for index, line in enumerate(lines):
            out.extend(inserts.get(index, []))
            out.extend(replaced.get(index, [line]))
        out.extend(inserts.get(len(lines), []))
        standin = any(
            (result := self.results.get(path)) is not None and result.standin
            for path in parsed.paths
        )
        self._put_notice(out, lines, changed, standin)
        sheltered = "\n".join(out)
        return Rendered(
            self.literals.plain(sheltered),
            standin=standin,
            ran=True,
            sheltered=sheltered,
            literals=self.literals,
        )

    def _includes(
        self, parsed: d.Parsed, lines: list[str], page_line: Callable[[int], int]
    ) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        """The includes' code (or failure) in their place, their outputs after them."""
        inserts: dict[int, list[str]] = {}  # line index -> lines to put before it
        replaced: dict[int, list[str]] = {}
        for number, _ in parsed.errors:  # an include it could not read: the failure instead
            error = self.page_errors.get((self.page, page_line(number)))
            include = d.INCLUDE.match(lines[number - 1])
            if error and include:
                replaced[number - 1] = self._failure(error, include["indent"])
        for inc in parsed.includes:
            index = inc.line - 1
            error = self.page_errors.get((self.page, page_line(inc.line)))
            snippet = self.snippets.get(inc.path)
            if error or not isinstance(snippet, Snippet):
                replaced[index] = self._failure(error or str(snippet), inc.indent)
                continue
            code = snippet.shown_code(inc.section)
            replaced[index] = d.code_block(
                code, title=inc.title or inc.path, hl=inc.hl, indent=inc.indent
            )
            after = d.annotation_list_end(lines, index)
            block = self._output_lines(inc, page_line(inc.line))
            if block:
                inserts.setdefault(after, []).extend(["", *block, ""])
        return inserts, replaced

    def _values(self, parsed: d.Parsed, lines: list[str], page_line: Callable[[int], int]) -> None:
        """Each quoted value replaced by its text, in place."""
        by_line: dict[int, list[d.Value]] = {}
        for value in parsed.values:
            by_line.setdefault(value.line - 1, []).append(value)
        for index, values in by_line.items():
            line = lines[index]
            for value in sorted(values, key=lambda v: v.start, reverse=True):
                text = self._value_text(value, page_line(value.line))
                line = line[: value.start] + text + line[value.end :]
            lines[index] = line

    def _put_notice(
        self, out: list[str], lines: list[str], changed: LineMap | None, standin: bool
    ) -> None:
        """The notice that nothing ran, or that outputs came from the stand-in, under the
        page's title (and under the notices other tools put there)."""
        top = []
        if not self.enabled:
            top = d.admonition(
                "note", d.message(self.lang, "not_run_title"), [d.message(self.lang, "not_run")]
            )
        elif standin:
            # One line without a title: the lesson starts right below it, and each output's
            # title says which model produced it.
            top = d.admonition("info", "", [d.message(self.lang, "standin", url=self.standin_url)])
        if not top:
            return
        at = 0
        while at < len(out) and not out[at].strip():
            at += 1
        at = at + 1 if at < len(out) and out[at].startswith("# ") else 0
        if at and changed:  # below the notices others put under the title, as before
            j = at
            while j < len(lines) and (j in changed.inserted or not lines[j].strip()):
                at = j + 1 if j in changed.inserted else at
                j += 1
        out[at:at] = ["", *top, ""]

    def _output_lines(self, inc: d.Include, line: int) -> list[str]:
        if not self.enabled or not inc.run:
            return []
        lang = self.lang
        result = self.results.get(inc.path)
        if result is None:
            if inc.path in self.running:
                body = [d.message(lang, "running")]
                return d.admonition("info", d.message(lang, "running_title"), body, inc.indent)
            return []
        by = made_by(result)  # each output's title names the model that made it, if one did
        pieces = displays.interleave(
            (c for c in result.chunks if inc.section is None or inc.section in c.sections),
            "all" if inc.stderr else "out",
        )
        body, problems = displays.page_lines(
            pieces,
            lang=lang,
            indent=inc.indent,
            alts=inc.alt,
            output_block=lambda text, lang, indent: self._output(text, lang, indent, by),
            shelter=lambda content: self.literals.add(content, content),
        )
        for problem in problems if result.ok else ():
            self.problem(f"{self.page}:{line}: {inc.path}: {problem}")
        if not result.ok:  # what it printed before failing, then the failure
            error = result.error
            assert error is not None
            return [
                *body,
                *([""] if body else []),
                *self._failure(error.traceback or error.message, inc.indent),
            ]
        return body

    def _output(self, text: str, lang: str | None, indent: str, by: str = "") -> list[str]:
        text = without_ansi(text).rstrip("\n")
        if not text.strip():
            return []
        return d.output_block(self.literals.block(text, indent), lang, indent, by)

    def _failure(self, detail: str, indent: str) -> list[str]:
        detail = without_ansi(detail).rstrip("\n")
        return d.failure_block(self.literals.block(detail, indent), self.lang, indent)

    def _value_text(self, value: d.Value, line: int) -> str:
        lang = self.lang
        if not self.enabled:
            return d.value_text(d.message(lang, "not_run_value"))
        result = self.results.get(value.path)
        if result is None and value.path in self.running:
            return d.value_text(d.message(lang, "running_value"))
        if value.expr == d.MODEL and result is not None and made_by(result):
            # A label in the page's language, not a value of the run: no value's mark-up.
            return d.value_text(d.message(lang, made_by(result)))
        found = result.values.get(value.key) if result is not None else None
        if found is None or not found.ok:
            self.value_problem(self.page, value, line)
            return d.value_text(d.message(lang, "error_value"))
        text = without_ansi(found.value or "")
        shown = d.value_text(text, source=value.path)
        if not needs_shelter(text):
            return shown
        return self.literals.add(shown, d.value_html(text, source=value.path))
