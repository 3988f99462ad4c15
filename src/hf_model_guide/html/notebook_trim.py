"""The same notebook page with fewer elements: mkdocs-jupyter's markup, lightened.

Material restyles the whole page several times as it starts (its palette sets and clears
``data-md-color-switching`` on ``<body>``, and changes the colour scheme), so every element
costs a phone at each pass, and a notebook page had a third more than the article with the
same text. Two kinds carry nothing a reader sees:

- Pygments' spans around a code token whose class no rule of the page styles (names,
  builtins, module names: ``<span class="n">model</span>``): the text alone shows the same;
- nbconvert's empty collapser boxes, which mkdocs-jupyter's stylesheet hides (``display:
  none``).

Leaving them out removes about a sixth of the page's elements (the figures, and what they did
to its Lighthouse score: benchmarks/README.md, "What cost the score"). Only spans inside
``<pre>`` are unwrapped, judged by the page's inline stylesheets: the site's own stylesheets
style code tokens under Material's ``.highlight`` only, which notebook cells do not use.

``COSTLY`` names JupyterLab rules that cost every restyle more than they give (for
``css_purge.purge``'s ``drop``).
"""

from __future__ import annotations

import re

from hf_model_guide.html.css_purge import STYLE, named_classes

PRE = re.compile(r"(<pre[^>]*>)(.*?)(</pre>)", re.S)
TOKEN = re.compile(r'<span class="([\w-]+)">([^<]*)</span>')
EMPTY_COLLAPSER = re.compile(r'<div class="jp-Collapser[ "][^>]*>\s*</div>\n?')
# JupyterLab's selection colour, a light blue, for every element in the notebook: with a
# pseudo-element rule that can apply to any element, Chromium resolves that element's
# selection style at each restyle as well, which doubles the work of each of Material's
# whole-page restyles (traced: benchmarks/README.md, "What cost the score"). The notebook's
# text is then selected in the browser's colour, as the rest of the site is.
COSTLY = (".jupyter-wrapper ::selection", ".jupyter-wrapper ::-moz-selection")


def trim(html: str) -> str:
    """``html`` without unstyled token spans in its code and without empty collapsers."""
    styled = named_classes("".join(m[2] for m in STYLE.finditer(html)))

    def unwrap(token: re.Match) -> str:
        return token[0] if token[1] in styled else token[2]

    html = PRE.sub(lambda m: m[1] + TOKEN.sub(unwrap, m[2]) + m[3], html)
    return EMPTY_COLLAPSER.sub("", html)
