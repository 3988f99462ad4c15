"""The article's code as a reader copies it: every block the page shows, in page order, pasted
into one fresh Python interpreter, runs, and prints what the page shows under it.

Both languages include the same snippet sections in the same order, so the blocks are read off
both built pages, compared, and run once (one run of the article's code: a cheap test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from kit.root import ROOT
from test_content import LANGS, article

from hf_model_guide.engine import directives as d
from hf_model_guide.kernels import reproducible_environ
from hf_model_guide.model import source as model_source

pytestmark = pytest.mark.build

# Runs each block in one namespace, as a reader pastes block after block into one Python
# session; prints a marker before each block so the test can cut the output by block.
DRIVER = """
import json, sys, traceback
blocks = json.load(sys.stdin)
namespace = {"__name__": "__main__"}
for number, code in enumerate(blocks):
    print(f"\\n@@block {number}@@", flush=True)
    try:
        exec(compile(code, f"<block {number}>", "exec"), namespace)
    except BaseException:
        traceback.print_exc(file=sys.stdout)
        print("@@failed@@", flush=True)
        sys.exit(1)
"""


def shown_blocks(doc) -> list[tuple[str, str, str]]:
    """(snippet path, code, the output the page shows under it) for every code block."""
    blocks = []
    for code in doc.select("div.highlight"):
        classes = set(code.get("class") or [])
        title = code.select_one(".filename")
        if classes & {"snippet-output", "quoted-value"} or title is None:
            continue
        if not title.text.startswith("snippets/"):
            continue
        output = code.find_next("div", class_="snippet-output")
        following = code.find_next(
            lambda t: t.name == "div" and "highlight" in (t.get("class") or [])
        )
        shown = output.code.get_text() if output is not None and output is following else ""
        blocks.append((title.text, code.select_one("code").get_text(), shown))
    return blocks


def not_run() -> set[str]:
    """Snippets the article shows with ``run=false`` (the Gradio app: it serves until stopped)."""
    parsed = d.parse((ROOT / "docs" / "article.md").read_text(encoding="utf-8"))
    return {inc.path for inc in parsed.includes if not inc.run}


def run_in_order(codes: list[str]) -> list[str]:
    """What each block printed, run in a fresh interpreter with the build's model source."""
    env = reproducible_environ({**os.environ, **model_source.resolve().env, "MPLBACKEND": "Agg"})
    result = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(codes),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    pieces = result.stdout.split("@@block ")[1:]
    assert result.returncode == 0, f"block {len(pieces) - 1} failed:\n{pieces[-1]}"
    return [piece.split("@@", 1)[1] for piece in pieces]


def test_the_shown_code_runs_block_by_block_in_page_order_and_prints_what_the_page_shows(
    built_site,
):
    zh, en = (shown_blocks(article(built_site, lang)) for lang in LANGS)
    assert [code for _, code, _ in zh] == [code for _, code, _ in en], "zh and en show other code"
    skipped = not_run()
    blocks = [(path, code, shown) for path, code, shown in zh if path not in skipped]
    assert len(blocks) >= 20 and skipped == {"snippets/demo/app.py"}
    printed = run_in_order([code for _, code, _ in blocks])
    for (path, code, shown), output in zip(blocks, printed):
        if (
            "display(" in code
        ):  # outside Jupyter, display() prints a repr the page shows as a picture
            continue
        page_lines = {line.strip() for line in shown.splitlines()}
        missing = [line for line in output.split("\n") if line.strip() not in page_lines | {""}]
        assert not missing, f"{path}: the reader sees lines the page does not show: {missing}"
