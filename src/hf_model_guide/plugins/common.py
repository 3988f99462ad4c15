"""What the three plugins share: how they log under ``mkdocs serve``, what of other
libraries' logging a build shows, how they tell the outer build from mkdocs-static-i18n's
nested ones, how they link a docs path from a page, and how a page they add gets into i18n's
sitemap."""

from __future__ import annotations

import importlib
import logging
import sys

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


def serve_logger(tag: str) -> logging.Logger:
    """Where a plugin logs problems under `mkdocs serve`: shown in the terminal, but not
    counted by MkDocs' strict mode, so a rebuild is never aborted (an aborted rebuild leaves
    the server answering no page until the next good one)."""
    logger = logging.getLogger(f"hf_model_guide.serve.{tag}")
    if not logger.handlers:
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter(f"%(levelname)-8s-  [{tag}] %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


class _StderrHandler(logging.StreamHandler):
    """Writes to ``sys.stderr`` as it is when a line is logged, not as it was when the plugin
    was imported: a build run in a process whose standard error was redirected since (as the
    tests' in-process builds do) logs where its other lines go."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def quiet_jieba() -> None:
    """Keep jieba's dictionary chatter out of the build's log, its warnings in.

    Material's search cuts Chinese into words with jieba, which logs at DEBUG to stderr through
    a handler of its own ("Building prefix dict from the default dictionary ...", "Prefix dict
    has been built successfully.") at every build: nothing a contributor can act on, and outside
    MkDocs' log, so ``--quiet`` kept it. Importing jieba sets that level, so it is set after."""
    try:
        importlib.import_module("jieba")
    except ImportError:
        return  # no Chinese segmentation, no chatter
    logging.getLogger("jieba").setLevel(logging.WARNING)


class NestedBuilds:
    """mkdocs-static-i18n builds each language other than the default by calling MkDocs'
    ``build()`` again from its own ``on_post_build`` (priority -100), so a plugin's
    ``on_config`` and ``on_pre_build`` run once per language. A plugin enters at either and
    leaves in an ``on_post_build`` of priority -200, after i18n's: what is done once a site is
    done in the outer build."""

    def __init__(self) -> None:
        self.depth = 0  # 1 in the outer build, 2 in i18n's nested per-language builds

    def enter(self) -> bool:
        """Count one build in; True when it is the outer one."""
        self.depth += 1
        return self.depth == 1

    def leave(self) -> bool:
        """Count one build out; True when the outer one has ended."""
        self.depth = max(0, self.depth - 1)
        return self.depth == 0

    def reset(self) -> None:
        """After a build error: the next build is an outer one again."""
        self.depth = 0


def list_in_sitemap(config: MkDocsConfig, lang: str, page: File) -> None:
    """mkdocs-static-i18n writes sitemap.xml from the pages it listed in its own on_files,
    before a plugin's later on_files added its own: add the page to its list, or the sitemap
    leaves it out."""
    listed = getattr(config.plugins.get("i18n"), "i18n_files_per_language", None)
    if isinstance(listed, dict) and isinstance(listed.get(lang), list):
        listed[lang].append(page)
