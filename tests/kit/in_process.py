"""MkDocs' own command line run inside the test process: a build without a new interpreter and
its imports (1 to 3 s each), for tests where the process is not what is tested. Tests of what
a build's process does (its environment, its limits, its children, its signals) still start
one (``Site.build(..., own_process=True)``)."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path


@contextlib.contextmanager
def _logging_restored() -> Iterator[None]:
    """MkDocs' command line adds a stream handler to the ``mkdocs`` logger at every call and
    removes it only when collected: left there, the next build would log into a closed stream."""
    logger = logging.getLogger("mkdocs")
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    try:
        yield
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


@contextlib.contextmanager
def _project_restored() -> Iterator[None]:
    """The plugin tells ``hf_model_guide.paths`` which project it builds (whose ``.cache`` to
    use), for the rest of its process: a test's throwaway project must not stay the project of
    the tests after it."""
    from hf_model_guide import paths

    project = paths._project
    try:
        yield
    finally:
        paths._project = project


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """A hung build ends the test run with every thread's traceback, instead of hanging CI."""
    faulthandler.dump_traceback_later(seconds, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def mkdocs(
    args: list[str], cwd: Path, environ: Mapping[str, str], timeout: float = 300
) -> tuple[int, str]:
    """Run ``mkdocs ARGS`` in ``cwd`` with ``environ``: its exit code and what it printed
    (standard output and error, in order)."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    changed = {name: value for name, value in environ.items() if os.environ.get(name) != value}
    removed = {name: None for name in os.environ if name not in environ}
    with contextlib.chdir(cwd), _logging_restored(), _project_restored(), _deadline(timeout):
        result = CliRunner().invoke(cli, args, env={**changed, **removed})
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        output += "".join(traceback.format_exception(result.exception))
    return result.exit_code, output
