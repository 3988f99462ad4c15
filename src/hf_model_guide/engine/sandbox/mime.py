"""What ``display(obj)`` stores: the object as a MIME bundle ``{mime type: text}``, as Jupyter does.

- a matplotlib figure: ``image/svg+xml`` (``figures.svg``);
- a pandas DataFrame or Series: ``text/html``, a plain ``<table>`` with ``<th>`` header cells and
  no class of its own, so Material styles it as any table of the site;
- any other object: what its ``_repr_svg_``, ``_repr_png_`` (base64, as in a notebook),
  ``_repr_html_`` and ``_repr_markdown_`` methods return;
- always ``text/plain`` (its ``repr``), for whatever can show nothing better.

The whole bundle goes to the notebooks; the site shows the first type of ``SITE_ORDER`` the
bundle holds. A bundle over ``LIMIT`` bytes is refused (the snippet fails on its display line).
"""

from __future__ import annotations

import base64
import re
import sys
from collections.abc import Mapping
from typing import Any

from . import figures

SITE_ORDER = ("image/svg+xml", "image/png", "text/html", "text/markdown", "text/plain")
REPR_METHODS = (
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
)
LIMIT = 200 * 1024  # bytes of the largest representation: pages stay light


class DisplayTooLarge(ValueError):
    pass


def _pandas_html(obj: Any) -> str | None:
    pandas = sys.modules.get("pandas")
    if pandas is None or not isinstance(obj, pandas.DataFrame | pandas.Series):
        return None
    frame = obj.to_frame() if isinstance(obj, pandas.Series) else obj
    html = frame.to_html(border=0)
    html = html.replace(' class="dataframe"', "", 1)
    # Presentational attributes pandas writes (halign is not HTML at all): Material aligns.
    html = re.sub(r' (?:style="text-align: [a-z]+;"|halign="[a-z]+")', "", html)
    # An empty corner of the header is no header of anything: a plain cell, for screen readers.
    html = html.replace("<th></th>", "<td></td>")
    return html.strip() + "\n"


def _from_repr(obj: Any, method: str) -> Any:
    if isinstance(obj, type):  # a class has the methods, unbound: its instances would show
        return None
    function = getattr(obj, method, None)
    if not callable(function):
        return None
    value = function()
    if isinstance(value, tuple):  # (data, metadata), as IPython allows
        value = value[0]
    return value


def bundle(obj: Any, salt: str) -> dict[str, str]:
    """The MIME bundle of ``obj``; ``salt`` makes a figure's SVG ids unique and stable."""
    data: dict[str, str] = {}
    if figures.is_figure(obj):
        data["image/svg+xml"] = figures.svg(obj, salt)
    elif (table := _pandas_html(obj)) is not None:
        data["text/html"] = table
    else:
        for mime, method in REPR_METHODS:
            value = _from_repr(obj, method)
            if value is None:
                continue
            if mime == "image/png":
                if not isinstance(value, bytes):
                    raise TypeError(f"{method}() returned {type(value).__name__}, not bytes")
                value = base64.b64encode(value).decode("ascii")
            elif isinstance(value, bytes):
                value = value.decode("utf-8")
            data[mime] = str(value)
    data["text/plain"] = repr(obj)
    size, mime = max((_size(mime, value), mime) for mime, value in data.items())
    if size > LIMIT:
        raise DisplayTooLarge(
            f"display() of {type(obj).__name__}: its {mime} is {size / 1024:.0f} KB, over the "
            f"{LIMIT // 1024} KB limit for one output (make it smaller: fewer points, a smaller "
            "table, or a coarser image)"
        )
    return data


def _size(mime: str, value: str) -> int:
    if mime == "image/png":
        return len(value) * 3 // 4
    return len(value.encode("utf-8"))


def best(data: Mapping[str, str]) -> str:
    """The type the site shows."""
    return next(mime for mime in SITE_ORDER if mime in data)
