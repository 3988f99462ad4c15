"""matplotlib figures as SVG that is the same bytes on every build and readable in both schemes.

The worker calls ``configure()`` once, before any snippet runs: the Agg backend (no window, no
GUI toolkit), transparent backgrounds, and one *ink* colour for text, ticks and spines. ``svg()``
renders a figure and replaces that ink by ``currentColor``: the SVG is inlined in the page, so
its text takes the page's own text colour, dark on Material's light scheme and light on slate.
Colours a snippet picks itself (bars, colormaps) stay as they are: pick mid-tones.

Determinism: the ids matplotlib makes (clip paths, images) are hashes salted with
``svg.hashsalt``, which we set per figure (the snippet and the figure's number, so two figures
on one page never share an id); the date and creator metadata are dropped; text is kept as
``<text>`` (``svg.fonttype = none``), which is smaller than glyph paths, selectable and
searchable, and does not depend on the fonts installed where the site is built.

Precision: matplotlib writes coordinates to six decimals, finer than any screen shows, and the
last of them move with the processor that computed the data (a probability 1e-7 apart moves a
bar's edge in the fifth decimal). ``round_coordinates`` keeps two decimals (a hundredth of a CSS
pixel): the picture is the same, and a figure holds no digit a reader cannot see.
"""

from __future__ import annotations

import io
import os
import re
import sys
from typing import Any

from hf_model_guide.paths import cache_dir

# Written by matplotlib wherever the ink is used, then swapped for currentColor. A colour no
# snippet would choose, so the swap touches nothing else.
INK = "#0a0b0c"

RC: dict[Any, Any] = {  # matplotlib.rcParams names (its stubs type them as literals)
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "axes.titlecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.labelcolor": INK,
    "legend.frameon": False,
    "grid.color": "#808080",
    "grid.alpha": 0.35,
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # what the layout measures; the page may substitute
    "figure.dpi": 100,
}

_STYLE = re.compile(r"\s*<defs>\s*<style[^>]*>(?P<css>.*?)</style>\s*</defs>", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_ID = re.compile(r' id="(?P<id>[^"]*)"')
# A decimal number with more than ``DECIMALS`` digits after the point, not inside a word or
# an id (hashes such as "p1a2b3c4" have no point).
DECIMALS = 2
_TAG = re.compile(r"<[^<>]+>")
_LONG_DECIMAL = re.compile(rf"(?<![\w.#])(-?\d+\.\d{{{DECIMALS + 1},}})(?![\w.])")
# A group's opening or closing tag, with its whole line when it stands alone on one.
_GROUP_TAG = re.compile(r"^[ \t]*(<g\b[^>]*>|</g>)[ \t]*\n|<g\b[^>]*>|</g>", re.M)


def configure() -> None:
    """Agg and the site's defaults, for every figure the snippets of this process make."""
    # matplotlib keeps its font list under MPLCONFIGDIR (else in the home folder): ours.
    os.environ.setdefault("MPLCONFIGDIR", str(cache_dir() / "matplotlib"))
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(RC)


def is_figure(obj: Any) -> bool:
    module = sys.modules.get("matplotlib.figure")
    return module is not None and isinstance(obj, module.Figure)


def svg(figure: Any, salt: str) -> str:
    """The figure as an ``<svg>`` element for an HTML page (no XML prolog)."""
    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "none"}):
        figure.savefig(
            buffer,
            format="svg",
            bbox_inches="tight",
            transparent=True,
            metadata={"Date": None, "Creator": None},
        )
    text = buffer.getvalue().decode("utf-8")
    text = text[text.index("<svg") :]
    text = _METADATA.sub("", text, count=1)
    # matplotlib's <style> says `* {stroke-linejoin: round; ...}`: inline in a page that would
    # restyle every other SVG on it (Mermaid diagrams, icons). As the root's style it applies
    # to this figure only (both properties inherit).
    match = _STYLE.search(text)
    if match:
        rules = re.sub(r"^\s*\*\s*\{|\}\s*$", "", match["css"].strip()).strip()
        text = text[: match.start()] + text[match.end() :]
        text = text.replace("<svg ", f'<svg style="{rules}" ', 1)
    # Ids nothing refers to ("figure_1", "axes_1"...) would repeat in every figure of a page;
    # the ones referred to (clip paths, markers) are salted hashes, unique per figure.
    used = set(re.findall(r"#([^\s\"')]+)", text))
    text = _ID.sub(lambda m: m[0] if m["id"] in used else "", text)
    text = round_coordinates(unwrap_bare_groups(text))
    return text.replace(INK, "currentColor").strip() + "\n"


def round_coordinates(svg: str, decimals: int = DECIMALS) -> str:
    """``svg`` with every number inside its tags (coordinates, sizes) written to at most
    ``decimals`` decimals, ``-0`` as ``0``; text the figure shows (tick labels) as it was."""

    def rounded(match: re.Match) -> str:
        text = f"{float(match[1]):.{decimals}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    return _TAG.sub(lambda tag: _LONG_DECIMAL.sub(rounded, tag[0]), svg)


def unwrap_bare_groups(svg: str) -> str:
    """``svg`` without the ``<g>`` wrappers that have no attribute (once their ids are gone,
    most of matplotlib's), their children kept in place.
    A group with nothing on it changes nothing drawn, but each is an element the page restyles
    whenever Material restyles it as it starts (issue 16)."""
    out: list[str] = []
    bare: list[bool] = []  # for each <g> open at this point, whether it is being left out
    end = 0
    for match in _GROUP_TAG.finditer(svg):
        out.append(svg[end : match.start()])
        end = match.end()
        tag = match[1] or match[0]
        if tag.endswith("/>"):  # an empty group: nothing to unwrap, nothing to close
            out.append(match[0])
        elif tag == "</g>":
            if not bare.pop():
                out.append(match[0])
        else:
            bare.append(tag == "<g>")
            if not bare[-1]:
                out.append(match[0])
    out.append(svg[end:])
    return "".join(out)
