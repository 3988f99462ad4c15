"""The ```` ```mermaid ```` fence of pymdownx.superfences: the block's committed SVG, inlined.

In ``mkdocs.yml``::

    - pymdownx.superfences:
        custom_fences:
          - name: mermaid
            class: diagram
            format: !!python/name:hf_model_guide.diagrams.fence.format_fence

Inline, not an ``<img>``: the drawing takes the page's colours (both schemes) and fonts, its
text is the page's, and it costs no request. A block with no drawing yet shows its source and
logs a warning naming the command to run (``mkdocs build --strict`` fails on it; ``mkdocs
serve`` keeps serving).
"""

from __future__ import annotations

import html
import logging

from . import drawing, svg_path

# Under "mkdocs": MkDocs counts this logger's warnings for --strict.
log = logging.getLogger("mkdocs.plugins.hf_model_guide.diagrams")


def figure(source: str) -> str | None:
    """The inline drawing of ``source``, or None when it has none."""
    path = drawing(source)
    if path is None:
        return None
    return f'<div class="diagram">{path.read_text(encoding="utf-8").strip()}</div>'


def format_fence(source, language, class_name, options, md, **kwargs) -> str:
    drawn = figure(source)
    if drawn is not None:
        return drawn
    first = source.strip().splitlines()[0] if source.strip() else ""
    log.warning(
        f"diagram not drawn ({svg_path(source).name}, '{first}' …): "
        "run `python -m hf_model_guide.diagrams` and commit diagrams/"
    )
    return f'<pre class="diagram diagram--missing"><code>{html.escape(source)}</code></pre>'
