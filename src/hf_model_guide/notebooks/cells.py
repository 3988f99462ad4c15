"""A page's code cells: the snippet text the page shows, and the outputs the build stored.

Each include becomes the code cell of exactly what the page shows (``Snippet.shown_code``), with
the output the build's run printed and showed (``display()``) for it, in order (from the
engine's results, so read from the run cache: nothing is run again). Material's annotation
markers lose their "!" (``# (1)``: a notebook has no (+) buttons). No cell the page does not
show: the page's code runs in page order as it stands (tests/notebooks/test_site_notebooks.py), so
the notebook runs top to bottom with the page's code alone. The install cell and the one that
turns on inline charts are made by ``install`` and ``notebook``.

An include with ``run=false`` (the Gradio demo app: it serves until stopped) becomes a code
cell without output, tagged ``skip-execution`` so that executing the notebook (nbclient, our
test) passes over it as the build does; a reader can still run it, and in Jupyter or Colab it
starts the demo in the notebook.

Every code cell records where it came from in ``metadata["hf_model_guide"]``
(``role``: install / charts / snippet, ``path``, ``section``), for tests and for the curious.
"""

from __future__ import annotations

import re
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
    role: str  # "install", "charts" or "snippet"
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


# Material's annotation marker, ``# (1)!``: on the site a (+) button; in a notebook the "!"
# means nothing, and ``# (1)`` still points at the numbered list after the cell.
ANNOTATION_MARKER = re.compile(r"(#[ \t]*\(\d+\))!(?=[ \t]*$)", re.M)


def _plain(code: str) -> str:
    return ANNOTATION_MARKER.sub(r"\1", code)


def code_cells(inc: d.Include, snippet: Snippet, entry: RunResult | None) -> list[Code]:
    """The cell for one include: the code the page shows, with what it printed."""
    cells: list[Code] = []
    if inc.section is None:
        printed = _printed(entry, inc)
        return [
            Code(_plain(snippet.shown_code()), "snippet", inc.path, None, printed, inc.run, inc.alt)
        ]
    printed = _printed(entry, inc, lambda c: inc.section in c.sections)
    cells.append(
        Code(
            _plain(snippet.shown_code(inc.section)),
            "snippet",
            inc.path,
            inc.section,
            printed,
            inc.run,
            inc.alt,
        )
    )
    return cells
