"""A notebook page's HTML as nbconvert renders it, made to follow the site's rules: Mermaid
diagrams replaced by their committed drawings, as on the other pages (nbconvert's template
would import Mermaid and MathJax from a CDN), SVG outputs inline, tables and code areas a
keyboard can scroll, the elements and CSS no reader needs left out, and headings under the
page's explicit ids. No site generator is imported here (``plugins.notebooks`` calls it)."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from html import escape, unescape

from hf_model_guide.diagrams import svg_path
from hf_model_guide.diagrams.fence import figure
from hf_model_guide.html import css_purge, notebook_trim

MERMAID = re.compile(
    r'<div class="jp-Mermaid">\s*<pre class="mermaid">\s*(.*?)</pre>\s*</div>', re.S
)
# nbconvert's template blocks that load scripts from a CDN (lab/mermaidjs.html.j2 and
# base/mathjax.html.j2); each ends with a comment we can find.
CDN_BLOCKS = (
    re.compile(
        r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded"'
        r".*?<!-- End of mermaid configuration -->",
        re.S,
    ),
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
)
# A heading after the anchor the notebook's prose puts before it (notebooks/prose.py): the
# heading takes the page's own id. nbconvert makes ids from the heading's text, which drops
# Chinese ("Model 是什么？" and "Model 处理流程" both become "model").
ANCHORED = re.compile(
    r'<p><a id="(?P<id>[^"]+)"></a></p>\s*<h(?P<level>[1-6]) id="[^"]*">'
    r'(?P<text>.*?)<a class="anchor-link" href="#[^"]*">',
    re.S,
)
# An SVG output as nbconvert's lab template draws it (its alt is added after, when missing).
SVG_IMAGE = re.compile(
    r'<img(?: alt="[^"]*")? src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"[^>]*>'
)
TABLE_OUTPUT = re.compile(
    r'(<div class="[^"]*\bjp-RenderedHTML jp-OutputArea-output"[^>]*>\s*)<table>'
)
SCROLLING = re.compile(
    r'<div class="highlight-ipynb[^"]*"'
)  # its output areas have tabindex already
# A code block in a Markdown cell (the 2023 article's quoted values): its <pre> scrolls.
MARKDOWN_CODE = re.compile(r'<div class="highlight"[^>]*>\s*<pre(?=[\s>])')
OTHER_HOST = re.compile(r"""(?:src=["']|import\(["'])(?:https?:)?//""")


def diagram(source: str, warn: Callable[[str], None]) -> str:
    """A Mermaid block of the notebook as the site's pages show it: its committed drawing
    (the notebook's Markdown cell keeps the source, which JupyterLab draws itself)."""
    drawn = figure(source)
    if drawn is None:
        warn(
            f"diagram not drawn ({svg_path(source).name}): run `python -m hf_model_guide.diagrams`"
        )
        return f'<pre class="diagram diagram--missing"><code>{escape(source)}</code></pre>'
    return drawn


def inline_svg(match: re.Match) -> str:
    """An SVG output as the article shows it: inline, so it takes the page's text colour
    (``currentColor``) in both schemes and keeps its own alt text (``aria-label``); nbconvert
    draws it as an ``<img>``, black on any scheme and described as "no description"."""
    svg = base64.b64decode(match[1]).decode("utf-8")
    # A diagram's drawing, an image in the notebook (notebooks.prose), sits in the same
    # container as on the site's pages, which sizes it.
    return (
        f'<div class="diagram">{svg}</div>'
        if svg.startswith('<svg data-renderer="mermaid')
        else svg
    )


def clean_html(html: str, warn: Callable[[str], None]) -> str:
    """The rendered notebook, with the site's drawn diagrams and no script from another host,
    and its headings under the page's ids; ``warn`` is told of each diagram not drawn."""
    html = MERMAID.sub(lambda m: diagram(unescape(m[1]), warn), html)
    html = SVG_IMAGE.sub(inline_svg, html)
    # A table output keeps its class here: Material leaves it alone (it would wrap it in a
    # scroll box no keyboard can reach); the output area, focusable, scrolls it (snippets.css).
    html = TABLE_OUTPUT.sub(r'\1<table class="dataframe">', html)
    for block in CDN_BLOCKS:
        html = block.sub("", html)
    # nbconvert's code areas scroll sideways but cannot take focus, so a keyboard cannot
    # scroll them (axe: scrollable-region-focusable); Material makes its own code focusable.
    html = SCROLLING.sub(r'\g<0> tabindex="0"', html)
    html = MARKDOWN_CODE.sub(r'\g<0> tabindex="0"', html)
    html = notebook_trim.trim(html)  # elements no reader sees, which each restyle pays for
    html = css_purge.purge(html, drop=notebook_trim.COSTLY)  # JupyterLab's whole stylesheet
    return ANCHORED.sub(
        lambda m: (
            f'<h{m["level"]} id="{m["id"]}">{m["text"]}<a class="anchor-link" href="#{m["id"]}">'
        ),
        html,
    )
