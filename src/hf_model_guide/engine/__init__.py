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

from .core import Engine, Stats
from .directives import parse
from .page import Rendered
from .results import Chunk, Evaluated, Outcome, RunError, RunResult, RunSource, ValueKey
from .snippet import Snippet, SnippetError
from .source import Source, resolve_model_source

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
