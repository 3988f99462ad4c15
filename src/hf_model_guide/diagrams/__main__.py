"""``python -m hf_model_guide.diagrams [--check]``: draw the pages' Mermaid blocks to SVG.

Writes ``diagrams/<hash>.svg`` for every ```` ```mermaid ```` block of ``docs/`` that has no
current drawing, and removes drawings no block uses. Needs Debian's Chromium (Playwright drives
it); a site build does not. ``--check`` writes nothing and exits 1 when anything is stale.
"""

from __future__ import annotations

import argparse
import sys

from . import FOLDER, ROOT, page_blocks, recorded_renderer, renderer, stale, svg_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.diagrams")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a drawing is stale"
    )
    args = parser.parse_args(argv)
    docs = ROOT / "docs"
    problems = stale(docs)
    if args.check or not problems:
        for line in problems:
            print(line)
        return 1 if problems else 0

    from .render import draw

    blocks = page_blocks(docs)
    current = renderer()
    todo = {
        svg_path(b.source).name: b.source
        for b in blocks
        if not svg_path(b.source).is_file()
        or recorded_renderer(svg_path(b.source).read_text(encoding="utf-8")) != current
    }
    print(f"drawing {len(todo)} diagram(s) in Chromium…", flush=True)
    FOLDER.mkdir(exist_ok=True)
    for name, svg in draw(list(todo.values())).items():
        path = FOLDER / f"{name}.svg"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(path)
        print(f"wrote {path.relative_to(ROOT)}")
    wanted = {svg_path(b.source).name for b in blocks}
    for path in FOLDER.glob("*.svg"):
        if path.name not in wanted:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
