"""Draw Mermaid diagrams to SVG with the vendored Mermaid in Debian's Chromium.

Only ``python -m hf_model_guide.diagrams`` needs this (a browser); a site build reads the SVGs
it wrote. The SVG is made for inlining in a page, in either colour scheme:

- Mermaid's own ``<style>`` (fixed colours, and CSS that would leak into the page once inlined)
  is dropped; ``docs/assets/stylesheets/diagrams.css`` colours the diagram with Material's
  ``--md-mermaid-*`` variables, which follow the reader's scheme.
- Labels are SVG ``<text>`` (``htmlLabels: false``), not HTML in a ``foreignObject``: they need
  no page CSS to show, and scale with the drawing.
- ``role="img"`` with a ``<title>`` in the diagram's own words ("文本 → tokenizer → …"), so a
  screen reader reads the diagram in the page's language; a block's own ``accTitle`` /
  ``accDescr`` win.
- ``width`` and ``height`` from the drawing's box, so the page reserves its space.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from . import MERMAID, key, normalized, renderer

CHROMIUM = Path("/usr/bin/chromium")
ORIGIN = "http://diagrams.invalid/"  # served from vendor/mermaid by a route, never the network
# Material's text font stack (theme font: false), so labels are measured in the font they
# are read in.
FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
CONFIG = {
    "startOnLoad": False,
    "securityLevel": "strict",
    "theme": "base",
    "fontFamily": FONT,
    "flowchart": {"htmlLabels": False, "useMaxWidth": False, "padding": 16},
    "htmlLabels": False,
}

DRAW = """async ({moduleUrl, config, diagrams}) => {
  const mermaid = (await import(moduleUrl)).default;
  mermaid.initialize(config);
  const plain = s => String(s ?? '').replace(/<br\\s*\\/?>/gi, ' ').replace(/<[^>]+>/g, '')
                                    .replace(/\\s+/g, ' ').trim();

  async function words(source) {
    // The diagram's nodes and edges from Mermaid's own parse: "A → B → C" for a chain,
    // else one "A → B" per edge.
    try {
      const db = (await mermaid.mermaidAPI.getDiagramFromText(source)).db;
      const vertices = db.getVertices();
      const text = id => plain((vertices.get ? vertices.get(id) : vertices[id])?.text ?? id);
      const edges = db.getEdges();
      if (!edges.length) return '';
      const chain = edges.every((e, i) => i === 0 || edges[i - 1].end === e.start);
      if (chain) return [edges[0].start, ...edges.map(e => e.end)].map(text).join(' → ');
      return edges.map(e => text(e.start) + ' → ' + text(e.end)).join('; ');
    } catch (e) {
      return '';
    }
  }

  const out = [];
  for (const {id, source} of diagrams) {
    const {svg} = await mermaid.render(id, source);
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    document.body.appendChild(holder);
    const el = holder.querySelector('svg');
    el.querySelectorAll('style').forEach(s => s.remove());
    const [, , w, h] = el.getAttribute('viewBox').split(/\\s+/).map(Number);
    el.setAttribute('width', String(Math.ceil(w)));
    el.setAttribute('height', String(Math.ceil(h)));
    el.removeAttribute('style');
    el.removeAttribute('aria-roledescription');
    el.setAttribute('role', 'img');
    el.setAttribute('font-family', config.fontFamily);
    el.setAttribute('font-size', '16');
    if (!el.querySelector(':scope > title')) {
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.id = id + '-title';
      title.textContent = (await words(source)) || plain(el.textContent);
      el.prepend(title);
      el.setAttribute('aria-labelledby', title.id);
    }
    out.push(new XMLSerializer().serializeToString(el));
    holder.remove();
  }
  return out;
}"""


def _serve_mermaid(route) -> None:
    path = (MERMAID / urlsplit(route.request.url).path.lstrip("/")).resolve()
    if not path.is_relative_to(MERMAID.resolve()) or not path.is_file():
        route.fulfill(status=404)
        return
    kind = "text/javascript" if path.suffix in {".mjs", ".js"} else mimetypes.guess_type(path)[0]
    route.fulfill(status=200, body=path.read_bytes(), content_type=kind or "text/plain")


def draw(sources: list[str]) -> dict[str, str]:
    """{diagram key: SVG text} for each Mermaid source, drawn in one Chromium."""
    from playwright.sync_api import sync_playwright

    unique = {key(s): normalized(s) for s in sources}
    made = renderer()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.route(ORIGIN + "**", _serve_mermaid)
            page.route(lambda url: not url.startswith(ORIGIN), lambda route: route.abort())
            page.set_content("<!doctype html><meta charset=utf-8><body></body>")
            page.goto(ORIGIN + "VERSION")  # a page at the module's origin: it may import it
            svgs = page.evaluate(
                DRAW,
                {
                    "moduleUrl": ORIGIN + "mermaid.esm.min.mjs",
                    "config": CONFIG,
                    "diagrams": [{"id": f"diagram-{k}", "source": s} for k, s in unique.items()],
                },
            )
        finally:
            browser.close()
    return {
        k: svg.replace("<svg ", f'<svg data-renderer="{made}" ', 1) + "\n"
        for k, svg in zip(unique, svgs, strict=True)
    }
