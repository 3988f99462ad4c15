"""``python -m hf_model_guide.notebooks [--check]``: refresh the committed notebooks.

Writes ``notebooks/*.ipynb`` as the build generates them, with the offline stand-in model (the
text must not depend on who runs the command, nor on whether the Hub answers), and without
outputs. What a cell prints depends on the model and the machine that ran it: the published
site's notebook pages show the real checkpoint's outputs, a reader in Colab gets their own,
and a copy kept in Git would hold one machine's last bits (issue 23). The numbers in the text
remain; a committed copy is current when it equals the generated one at the precision those
numbers show (``outputs.precision.same_text``), so another processor's rounding of a last digit
does not make it stale. Snippet results come from the run cache; snippets it lacks are run
first. ``--check`` writes nothing and exits 1 when a committed notebook differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hf_model_guide.engine import Engine, resolve_model_source
from hf_model_guide.outputs.precision import same_text
from hf_model_guide.paths import project_root

from . import from_mkdocs_yml, generate, sources


def expected(root: Path, *, outputs: bool = False) -> dict[Path, str]:
    """{committed path: the text the build generates}, with the stand-in model; with its
    outputs only when asked (the committed copies have none)."""
    site = from_mkdocs_yml(root)
    engine = Engine(root, source=lambda: resolve_model_source("offline"))
    try:
        engine.prepare(sources(site))
        problems = engine.take_problems()
        if problems:
            raise RuntimeError("snippets failed:\n" + "\n".join(problems))
        made = generate(engine, site, outputs=outputs)
    finally:
        engine.close()
    return {root / site.repo_path(page, lang): text for (page, lang), text in made.items()}


def is_current(committed: str, generated: str) -> bool:
    """Whether a committed notebook says what the generated one says, at the precision its
    numbers are shown (a last digit one unit apart is another machine's rounding)."""
    return same_text(committed, generated)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.notebooks")
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a committed notebook is out of date",
    )
    parser.add_argument("--root", type=Path, default=project_root() or Path.cwd())
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected(args.root.resolve()).items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current is not None and is_current(current, text):
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'wrote'}: {path.relative_to(args.root)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
