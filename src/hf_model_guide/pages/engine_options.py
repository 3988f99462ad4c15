"""The engine the run-snippets plugin's options describe, for either builder: MkDocs hands the
plugin its validated options, and under Zensical (which runs no plugin) the Markdown extension
reads the same options from ``mkdocs.yml``, the one configuration of both. A missing option
takes the plugin's default (the same constants)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hf_model_guide.engine import Engine, Source, held, resolve_model_source
from hf_model_guide.engine.bubblewrap import DEFAULT_SCRATCH
from hf_model_guide.engine.core import DEFAULT_MAX_OUTPUT, DEFAULT_TIMEOUT, Progress
from hf_model_guide.engine.runner import DEFAULT_PRELOAD
from hf_model_guide.engine.sandbox.limits import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PROCESSES,
    Ceilings,
    Limits,
    parse_size,
)

PLUGIN = "run-snippets"
CACHED_ONLY = "cached-only"  # the `enabled` option's third value (RUN_SNIPPETS=cached-only)
# Seconds a cached run or a rendered notebook page that no build used is kept (prune_after).
DEFAULT_PRUNE_AFTER = 600


def make_engine(root: Path, options: Mapping[str, Any], progress: Progress | None = None) -> Engine:
    """The engine for the project at ``root``; a bad limit raises LimitError naming it."""
    mode = options.get("model_source")
    limits = Limits.of(
        max_memory=options.get("max_memory", DEFAULT_MAX_MEMORY),
        max_file_size=options.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
        max_processes=options.get("max_processes", DEFAULT_MAX_PROCESSES),
    )
    scratch = parse_size(options.get("max_scratch", DEFAULT_SCRATCH), "max_scratch")
    ceilings = Ceilings.of(options.get("ceilings") or {})
    cache = options.get("cache_dir")
    engine = Engine(
        root,
        enabled=options.get("enabled", True) is not False,
        preload=options.get("preload", DEFAULT_PRELOAD),
        parallel=options.get("parallel"),
        timeout=options.get("timeout", DEFAULT_TIMEOUT),
        max_output=options.get("max_output", DEFAULT_MAX_OUTPUT),
        limits=limits,
        pass_env=options.get("pass_env") or [],
        scratch=scratch,
        ceilings=ceilings,
        cache_folder=Path(cache) if cache else None,
        source=Source() if mode == "none" else (lambda: resolve_model_source(mode)),
        progress=progress,
    )
    # RUN_SNIPPETS=cached-only: a build from shards' runs fails on a run it would have to start.
    engine.gate = held.cached_only if options.get("enabled") == CACHED_ONLY else None
    return engine
