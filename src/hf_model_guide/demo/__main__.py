"""Run the article's demo locally: ``python -m hf_model_guide.demo``.

The demo is ``snippets/demo/app.py``, a plain Gradio app a reader can copy (and the file a
Hugging Face Space runs). This launcher adds what the project needs around it, without
touching the app file:

1. the project's model resolution (``hf_model_guide.model.source``): the real checkpoint
   from the Hub when it is reachable, otherwise the offline stand-in served under the same
   id, exactly as for every snippet on the site;
2. no telemetry (``GRADIO_ANALYTICS_ENABLED=False``) and no public link: the server listens
   on 127.0.0.1 only.

Both must happen before ``transformers`` and ``gradio`` are imported, which is why the app is
loaded by path here (its ``if __name__ == "__main__": demo.launch()`` does not run) and then
launched by this module.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

HOST = "127.0.0.1"
DEFAULT_PORT = 7860
APP_NAME = "hf_model_guide_demo_app"
_RESTARTED = "HF_MODEL_GUIDE_DEMO_RESTARTED"


def app_path() -> Path:
    """``snippets/demo/app.py`` of the checkout this package runs from."""
    from hf_model_guide.paths import project_root

    root = project_root()
    if root is None:
        raise FileNotFoundError(
            "snippets/demo/app.py not found: run the demo from a checkout of hf-model-guide "
            "(pip install -e .)"
        )
    return root / "snippets" / "demo" / "app.py"


def prepare_environment(mode: str | None = None) -> str:
    """Quiet Gradio and apply the project's model source; returns the source's kind."""
    from hf_model_guide.model import source as model_source

    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    source = model_source.resolve(mode)
    model_source.apply(source)
    return source.kind


def load_app(path: Path | None = None) -> ModuleType:
    """Import the app file as a module (not ``__main__``): builds ``demo``, does not launch."""
    path = Path(path) if path is not None else app_path()
    spec = importlib.util.spec_from_file_location(APP_NAME, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[APP_NAME] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hf_model_guide.demo",
        description="Run the article's sentiment-analysis demo on http://127.0.0.1:PORT/.",
    )
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("GRADIO_SERVER_PORT", DEFAULT_PORT))
    )
    parser.add_argument(
        "--model-source",
        default=None,
        choices=["hub", "offline", "auto"],
        help="where the checkpoint comes from (default: "
        "$HF_MODEL_GUIDE_MODEL_SOURCE, else auto: the Hub if it answers, "
        "else the offline stand-in)",
    )
    args = parser.parse_args(argv)
    argv = sys.argv[1:] if argv is None else list(argv)

    from hf_model_guide.model.source import ModelSourceError

    original_env = dict(os.environ)
    try:
        kind = prepare_environment(args.model_source)
    except ModelSourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if "huggingface_hub" in sys.modules and not os.environ.get(_RESTARTED):
        # Building the stand-in imported huggingface_hub, which read its cache settings before
        # the source's were applied: start afresh (the stand-in is built by now).
        os.execve(
            sys.executable,
            [sys.executable, "-m", "hf_model_guide.demo", *argv],
            {**original_env, _RESTARTED: "1"},
        )
    if kind == "standin":
        print(
            "model: the offline stand-in, served under the real checkpoint id "
            "(see the site's page on the stand-in)",
            flush=True,
        )
    app = load_app()
    # quiet: Gradio's own setting, which drops its "set `share=True`" hint (this launcher never
    # shares); the address it would have printed is printed here, once the server is up.
    app.demo.launch(
        server_name=HOST,
        server_port=args.port,
        share=False,
        inbrowser=False,
        quiet=True,
        prevent_thread_lock=True,
    )
    print(f"running on {app.demo.local_url} (its API: /classify; Ctrl+C stops)", flush=True)
    app.demo.block_thread()
    return 0


if __name__ == "__main__":
    sys.exit(main())
