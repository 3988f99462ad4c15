"""A page's code cells: the snippet text the page shows, and the outputs the build stored.

Each include becomes the code cell of exactly what the page shows (``Snippet.shown_code``), with
the output the build's run printed and showed (``display()``) for it, in order (from the
engine's results, so read from the run cache: nothing is run again). Two kinds of cell are added, both made of snippet text only:

- a *setup* cell before a section, holding the lines of that snippet file above the section
  that no earlier cell held. The build runs the whole file; a page shows one section of it, and
  the section's code needs the lines above it (``forward.py`` shows ``model = …(checkpoint)``
  and keeps the import and ``checkpoint = …`` out of sight). Without them the notebook would
  not run top to bottom.
- nothing else: the install cell is made by ``install``.

An include with ``run=false`` (the Gradio demo app: it serves until stopped) becomes a code
cell without output, tagged ``skip-execution`` so that executing the notebook (nbclient, our
test) passes over it as the build does; a reader can still run it, and in Jupyter or Colab it
starts the demo in the notebook.

Every code cell records where it came from in ``metadata["hf_model_guide"]``
(``role``: install / setup / snippet, ``path``, ``section``), for tests and for the curious.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hf_model_guide.engine import Snippet
from hf_model_guide.engine import directives as d
from hf_model_guide.engine.displays import interleave
from hf_model_guide.engine.results import Chunk, RunResult, Shown

META = "hf_model_guide"
SKIP_TAG = "skip-execution"  # nbclient's NotebookClient.skip_cells_with_tag


@dataclass
class Code:
    source: str
    role: str  # "install", "setup" or "snippet"
    path: str | None = None
    section: str | None = None
    # What the build's run printed and showed (display()) for these lines, in order.
    outputs: list[str | Shown] = field(default_factory=list)
    run: bool = True
    alts: tuple[str, ...] = ()  # the include's text alternatives for its pictures

    @property
    def output(self) -> str:
        """The printed text alone."""
        return "".join(piece for piece in self.outputs if isinstance(piece, str))

    def metadata(self) -> dict:
        meta: dict = {
            META: {
                "role": self.role,
                **({"path": self.path} if self.path else {}),
                **({"section": self.section} if self.section else {}),
            }
        }
        if not self.run:
            meta["tags"] = [SKIP_TAG]
        return meta


@dataclass
class Emitted:
    """Which lines of each snippet file are already in the notebook."""

    lines: dict[str, set[int]] = field(default_factory=dict)

    def take(self, path: str, numbers: range) -> list[int]:
        seen = self.lines.setdefault(path, set())
        new = [n for n in numbers if n not in seen]
        seen.update(numbers)
        return new


def _printed(
    entry: RunResult | None, inc: d.Include, wanted: Callable[[Chunk], bool] | None = None
) -> list[str | Shown]:
    if entry is None or not inc.run:
        return []
    chunks = [c for c in entry.chunks if wanted is None or wanted(c)]
    # stdout only, even for stderr=true: the cell's stored stream is stdout, which a re-run must
    # print again (a re-run shows its own stderr, e.g. transformers' load report).
    pieces = interleave(chunks, "out")
    if not entry.ok and entry.error is not None:
        pieces.append(entry.error.traceback or entry.error.message or "")
    return pieces


def code_cells(
    inc: d.Include, snippet: Snippet, entry: RunResult | None, emitted: Emitted
) -> list[Code]:
    """The cells for one include: a setup cell if needed, then the code the page shows."""
    cells: list[Code] = []
    if inc.section is None:
        emitted.take(inc.path, range(1, len(snippet.lines) + 1))
        printed = _printed(entry, inc)
        return [Code(snippet.shown_code(), "snippet", inc.path, None, printed, inc.run, inc.alt)]
    start, end = snippet.sections[inc.section]
    above = [n for n in emitted.take(inc.path, range(1, start)) if not snippet.is_marker(n)]
    setup = "\n".join(snippet.lines[n - 1] for n in above).strip("\n")
    if setup.strip():
        printed = _printed(entry, inc, lambda c: c.first_line in above and not c.sections)
        cells.append(Code(setup, "setup", inc.path, None, printed, inc.run))
    emitted.take(inc.path, range(start, end + 1))
    printed = _printed(entry, inc, lambda c: inc.section in c.sections)
    cells.append(
        Code(
            snippet.shown_code(inc.section),
            "snippet",
            inc.path,
            inc.section,
            printed,
            inc.run,
            inc.alt,
        )
    )
    return cells
