"""``python -m hf_model_guide.diagrams [--check]``: draw the pages' Mermaid blocks to SVG.

Writes ``diagrams/<hash>.svg`` for every ```` ```mermaid ```` block of ``docs/`` that has no
current drawing, and removes drawings no block uses. Needs Debian's Chromium (Playwright drives
it); a site build does not. ``--check`` writes nothing and exits 1 when anything is stale.
"""

from __future__ import annotations

import argparse
import sys

from hf_model_guide.paths import current_project

from . import folder, is_current, page_blocks, stale, svg_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.diagrams")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a drawing is stale"
    )
    args = parser.parse_args(argv)
    root = current_project()
    docs = root / "docs"
    problems = stale(docs)
    if args.check or not problems:
        for line in problems:
            print(line)
        return 1 if problems else 0

    from .render import draw

    blocks = page_blocks(docs)
    todo = {svg_path(b.source).name: b.source for b in blocks if not is_current(b.source)}
    print(f"drawing {len(todo)} diagram(s) in Chromium…", flush=True)
    where = folder()
    where.mkdir(exist_ok=True)
    for name, svg in draw(list(todo.values())).items():
        path = where / f"{name}.svg"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(svg, encoding="utf-8")
        tmp.replace(path)
        print(f"wrote {path.relative_to(root)}")
    wanted = {svg_path(b.source).name for b in blocks}
    for path in where.glob("*.svg"):
        if path.name not in wanted:
            path.unlink()
            print(f"removed {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
