"""``display()`` in snippets, as the build runs them: each call is recorded as a MIME bundle.

A snippet writes ``from IPython.display import display`` and ``display(obj)``, exactly as in a
notebook, so the same file runs unchanged in Jupyter and Colab (IPython shows the object) and
as ``python snippets/...`` (no IPython shell: IPython's ``display`` prints the object).

In the worker, ``install()`` puts ``Recorder.display`` in place of IPython's ``display`` function,
in the modules that export it, before any snippet runs. Why this and not an IPython shell with
its own display publisher: a shell instance writes a profile and a history database under the
home folder, puts ``get_ipython`` and ``display`` in builtins and changes ``sys.displayhook``
and ``sys.excepthook``, so snippets would no longer run as they do under ``python``. Replacing
one function keeps everything else as plain Python.

Each record holds where it happened in the printed text (``out``: offset in the chunk's stdout,
``all``: in stdout and stderr together), so a page shows outputs in the order they were made.
"""

from __future__ import annotations

import io
from typing import Any

from . import figures, mime
from .outcome import Shown


class Recorder:
    def __init__(self) -> None:
        self.path = ""
        self.count = 0
        self.shown: list[Shown] | None = None
        self.out: io.StringIO | None = None
        self.both: io.StringIO | None = None

    def start(self, path: str, out: io.StringIO, both: io.StringIO) -> list[Shown]:
        """Record into a new list, offsets taken in these two buffers (one chunk's)."""
        self.path, self.out, self.both, self.shown = path, out, both, []
        return self.shown

    def stop(self) -> None:
        self.shown = self.out = self.both = None

    def display(self, *objs: Any, **options: Any) -> None:
        """IPython's ``display(*objs)``; options (``display_id``, ``raw``...) are not supported."""
        if self.shown is None or self.out is None or self.both is None:
            print(*objs)  # as IPython's display does without a shell
            return
        for obj in objs:
            self.count += 1
            data = mime.bundle(obj, salt=f"{self.path}#{self.count}")
            self.shown.append(Shown(data, len(self.out.getvalue()), len(self.both.getvalue())))


RECORDER = Recorder()


def install() -> Recorder:
    """Route IPython's ``display`` to ``RECORDER``; set up matplotlib. Call once per worker."""
    figures.configure()
    try:
        import IPython.core.display
        import IPython.core.display_functions
        import IPython.display
    except ImportError:  # IPython is a dependency; without it snippets cannot import display
        return RECORDER
    original = IPython.core.display_functions.display
    for module in (IPython.core.display_functions, IPython.core.display, IPython.display):
        if getattr(module, "display", None) is original:
            module.display = RECORDER.display  # type: ignore[attr-defined]
    return RECORDER
