"""One page, one language → one notebook (nbformat 4), from the engine's results.

The engine must have prepared the page (``Engine.prepare``): its results, read from the run
cache, hold what every snippet printed. The prose goes through ``Engine.render`` with each
include replaced by a placeholder line, so values (``{= … =}``) and the stand-in notice are the
engine's own, exactly as on the page; the placeholders then cut the prose where the code
cells go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat
from nbformat import v4

from hf_model_guide.engine import Engine, Snippet
from hf_model_guide.engine import directives as d
from hf_model_guide.engine.displays import is_image, labelled_svg
from hf_model_guide.pages import cjk, quoted

from . import origin
from .cells import Code, code_cells
from .install import install_source
from .prose import Links, markdown_cells

FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)
PLACEHOLDER = "<!-- hf-model-guide notebook cell {} -->"
INLINE_CHARTS = "%matplotlib inline"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


class NotebookError(ValueError):
    """A page that cannot become a notebook; the message names the page file and line."""


@dataclass(frozen=True)
class PageInfo:
    page: str  # the page's id for the engine: its path from the project root (docs/article.md)
    lang: str
    links: Links
    standin_url: str  # the stand-in card on the site, for the engine's notice


def _split(rendered: str, count: int) -> list[str]:
    """The prose before include 0, between 0 and 1, … after the last one."""
    parts, rest = [], rendered
    for index in range(count):
        before, _, rest = rest.partition(PLACEHOLDER.format(index))
        parts.append(before)
    return [*parts, rest]


def _standin_notice(markdown: str, lang: str, url: str) -> str:
    """The engine's stand-in notice, after the title, for a page whose values alone do not
    bring it (the engine adds it when a value comes from the stand-in)."""
    notice = d.admonition(
        "info", d.message(lang, "standin_title"), [d.message(lang, "standin", url=url)]
    )
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join([*lines[:at], "", *notice, "", *lines[at:]])


def build(
    engine: Engine, markdown: str, info: PageInfo, *, outputs: bool = True
) -> nbformat.NotebookNode:
    """The page's notebook; ``outputs=False`` stores no outputs (the Colab copies: what a
    cell prints depends on the model and the machine that ran it, see ``__main__``)."""
    markdown = FRONT_MATTER.sub("", markdown.lstrip("\ufeff"), count=1)
    parsed = d.parse(markdown)
    lines = markdown.split("\n")
    for index, inc in enumerate(parsed.includes):
        lines[inc.line - 1] = PLACEHOLDER.format(index)
    whole = engine.render(markdown, page=info.page, lang=info.lang, standin_url=info.standin_url)
    prose = engine.render(
        "\n".join(lines), page=info.page, lang=info.lang, standin_url=info.standin_url
    )
    text = prose.markdown
    if whole.standin and not prose.standin:
        text = _standin_notice(text, info.lang, info.standin_url)
    text = quoted.render(text, root=engine.root, lang=info.lang, standin=whole.standin)
    text = cjk.join(text)  # Jupyter, too, shows a line break inside a Chinese sentence as a space
    pieces = _split(text, len(parsed.includes))

    cells: list[Code | str] = [*markdown_cells(pieces[0], lang=info.lang, links=info.links)]
    for inc, after in zip(parsed.includes, pieces[1:], strict=True):
        snippet = engine.snippets.get(inc.path)
        if not isinstance(snippet, Snippet):  # the build reports it too; say where it is
            raise NotebookError(f"{info.page}:{inc.line}: {snippet or 'snippet not prepared'}")
        cells += code_cells(inc, snippet, engine.results.get(inc.path))
        cells += markdown_cells(after, lang=info.lang, links=info.links)
    code = [cell.source for cell in cells if isinstance(cell, Code)]
    if any("display(" in source for source in code):
        # display() of a matplotlib Figure draws only once IPython has a formatter for it,
        # which %matplotlib inline registers (Jupyter and Colab alike); "before you start"
        # says so on the page too.
        cells.insert(0, Code(INLINE_CHARTS, "charts"))
    cells.insert(0, Code(install_source(code, d.language(info.lang)), "install"))
    kind = "standin" if whole.standin else _source_kind(engine, parsed)
    cells.insert(
        0,
        origin.cell(
            engine.root, kind=kind, lang=info.lang, standin_url=info.standin_url, stored=outputs
        ),
    )
    return _notebook(cells, info, outputs=outputs, model=kind)


def _source_kind(engine: Engine, parsed: d.Parsed) -> str:
    """ "hub" when a snippet of the page loaded the real checkpoint, else "none"."""
    results = [engine.results.get(path) for path in parsed.paths]
    used = [r for r in results if r is not None and r.uses_model]
    return "hub" if any(r.source.kind == "hub" for r in used) else "none"


def _notebook(
    cells: list[Code | str], info: PageInfo, *, outputs: bool, model: str
) -> nbformat.NotebookNode:
    nb = v4.new_notebook(
        metadata={
            "kernelspec": KERNEL,
            "language_info": {"name": "python"},
            "hf_model_guide": {
                "page": info.page,
                "lang": info.lang,
                "generated_by": "python -m hf_model_guide.notebooks",
                # The model its text's numbers (and stored outputs) came from: "hub", "standin"
                # or "none"; the job that publishes the Colab copies takes only "hub" ones.
                "model": model,
            },
        }
    )
    for number, cell in enumerate(cells):
        if isinstance(cell, str):
            made = v4.new_markdown_cell(cell)
        else:
            made = v4.new_code_cell(
                cell.source, outputs=_outputs(cell) if outputs else [], metadata=cell.metadata()
            )
        made.id = f"cell-{number:03d}"  # stable ids: a rebuild gives the same file
        nb.cells.append(made)
    nbformat.validate(nb)
    return nb


def _outputs(cell: Code) -> list[nbformat.NotebookNode]:
    """Printed text as stream outputs, display() calls as display_data with their MIME bundle
    (a picture's SVG carries the include's alt text, as on the page)."""
    outputs = []
    pictures = 0
    for piece in cell.outputs:
        if isinstance(piece, str):
            if piece:
                outputs.append(v4.new_output("stream", name="stdout", text=piece))
            continue
        data = dict(piece.data)
        if is_image(piece):
            pictures += 1
            alt = cell.alts[pictures - 1] if pictures <= len(cell.alts) else None
            if "image/svg+xml" in data:
                data["image/svg+xml"] = labelled_svg(data["image/svg+xml"], alt)
        outputs.append(v4.new_output("display_data", data=data, metadata={}))
    return outputs


def dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"
