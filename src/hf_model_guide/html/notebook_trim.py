"""The same notebook page with fewer elements: mkdocs-jupyter's markup, lightened.

Material restyles the whole page several times as it starts (its palette sets and clears
``data-md-color-switching`` on ``<body>``, and changes the colour scheme), so every element
costs a phone at each pass: a notebook page had some 4,400, a third more than the article
with the same text. Two kinds carry nothing a reader sees:

- Pygments' spans around a code token whose class no rule of the page styles (names,
  builtins, module names: ``<span class="n">model</span>``): the text alone shows the same;
- nbconvert's empty collapser boxes, which mkdocs-jupyter's stylesheet hides (``display:
  none``).

Leaving them out takes the English notebook page from 4,465 to 3,720 elements; its mobile
Lighthouse performance, bimodal from run to run, went from medians of 89-90 to 90-93, and to
96-97 with ``COSTLY`` left out as well and the other start-up savings of the same issue
(benchmarks/README.md, issue 16). Only spans inside ``<pre>`` are unwrapped, judged by the page's inline stylesheets: the site's own stylesheets style
code tokens under Material's ``.highlight`` only, which notebook cells do not use.

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
# whole-page restyles (traced: 3,767 elements restyled a pass become 7,134; 0.93 s of style
# and layout at 4x CPU became 0.74 s without it). The notebook's text is then selected in
# the browser's colour, as the rest of the site is.
COSTLY = (".jupyter-wrapper ::selection", ".jupyter-wrapper ::-moz-selection")


def trim(html: str) -> str:
    """``html`` without unstyled token spans in its code and without empty collapsers."""
    styled = named_classes("".join(m[2] for m in STYLE.finditer(html)))

    def unwrap(token: re.Match) -> str:
        return token[0] if token[1] in styled else token[2]

    html = PRE.sub(lambda m: m[1] + TOKEN.sub(unwrap, m[2]) + m[3], html)
    return EMPTY_COLLAPSER.sub("", html)
