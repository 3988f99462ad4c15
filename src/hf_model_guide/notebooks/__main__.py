"""``python -m hf_model_guide.notebooks --out DIR``: the notebooks "Open in Colab" opens.

Writes each page's notebook per language into ``DIR`` (``DIR/article.ipynb``,
``DIR/article.en.ipynb``), without outputs: a reader in Colab gets their own. Nothing of the
kind is kept in the repository: its text holds numbers from a run, and a run gives other last
digits on another processor (issue 31). The publish workflow runs this after building the site
with the real checkpoint (``--model-source hub``), so the text's numbers are the real model's,
and a job of its own commits ``DIR`` to the ``notebooks`` branch
(``.github/publish_notebooks.py``), where the site's Colab links point. Snippet results come from
the run cache; snippets it lacks are run first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hf_model_guide.engine import Engine, resolve_model_source
from hf_model_guide.model.source import MODES
from hf_model_guide.paths import project_root

from . import from_mkdocs_yml, generate, sources


def expected(root: Path, *, outputs: bool = False, mode: str | None = None) -> dict[str, str]:
    """{path on the notebooks branch: the notebook's text}, made with the model ``mode``
    resolves to (None: as the build, ``HF_MODEL_GUIDE_MODEL_SOURCE``); with outputs only when
    asked (the Colab copies have none)."""
    site = from_mkdocs_yml(root)
    engine = Engine(root, source=lambda: resolve_model_source(mode))
    try:
        engine.prepare(sources(site))
        problems = engine.take_problems()
        if problems:
            raise RuntimeError("snippets failed:\n" + "\n".join(problems))
        made = generate(engine, site, outputs=outputs)
    finally:
        engine.close()
    return {site.branch_path(page, lang): text for (page, lang), text in made.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.notebooks")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write them into")
    parser.add_argument(
        "--model-source",
        choices=MODES,
        default=None,
        help="the model the text's numbers come from (default: HF_MODEL_GUIDE_MODEL_SOURCE)",
    )
    parser.add_argument("--root", type=Path, default=project_root() or Path.cwd())
    args = parser.parse_args(argv)
    for name, text in expected(args.root.resolve(), mode=args.model_source).items():
        path = args.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
