"""Build-time snippet execution, with no site generator imported.

Pages include runnable files from ``snippets/`` with ``{* path *}`` and quote values with
``{= path | expression | format =}`` (see ``directives`` for the syntax); the engine runs each
snippet once per build in a warm worker process, caches results by content, and renders the
Markdown that shows code and its real output.

Public API::

    from hf_model_guide.engine import Engine, Source
    engine = Engine(root, source=Source(kind="standin", fingerprint="..."))
    engine.begin_build(); engine.prepare({"docs/a.md": text})
    engine.render(text, page="docs/a.md", lang="en").markdown
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Lazy (PEP 562): ``python -m hf_model_guide.engine.sandbox.worker`` imports this package
# first, and the worker, which runs next to snippets, must load none of the build side.
_WHERE = {
    "Engine": "core",
    "Stats": "core",
    "parse": "directives",
    "Rendered": "page",
    "Chunk": "results",
    "Evaluated": "results",
    "Outcome": "results",
    "RunError": "results",
    "RunResult": "results",
    "RunSource": "results",
    "ValueKey": "results",
    "Snippet": "snippet",
    "SnippetError": "snippet",
    "Source": "source",
    "resolve_model_source": "source",
}

if TYPE_CHECKING:
    from .core import Engine, Stats
    from .directives import parse
    from .page import Rendered
    from .results import Chunk, Evaluated, Outcome, RunError, RunResult, RunSource, ValueKey
    from .snippet import Snippet, SnippetError
    from .source import Source, resolve_model_source


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)


__all__ = [
    "Chunk",
    "Engine",
    "Evaluated",
    "Outcome",
    "Rendered",
    "RunError",
    "RunResult",
    "RunSource",
    "Snippet",
    "SnippetError",
    "Source",
    "Stats",
    "ValueKey",
    "parse",
    "resolve_model_source",
]
