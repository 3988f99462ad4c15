"""MkDocs adapter for the snippet engine (``hf_model_guide.engine``).

In ``mkdocs.yml``::

    plugins:
      - run-snippets:
          enabled: !ENV [RUN_SNIPPETS, true]
          standin_card_url: standin.md

and in ``markdown_extensions``, ``hf_model_guide.pages.markdown_ext`` (added when missing): the
pages are rendered by that Python-Markdown extension, which Zensical runs too. This plugin
runs the snippets and logs; around each page it converts it gives the extension the page's
context (``markdown_ext.page_context``: its path and language, the card and manifest links,
the build's engine, and this plugin's logger for problems).

Per build: the first (outer) build's ``on_pre_build`` reads every Markdown file of
``docs_dir`` — all languages, ``page.md`` and ``page.en.md`` alike — and runs each snippet
the cache lacks, once. mkdocs-static-i18n then builds each other language by calling
``mkdocs.commands.build.build()`` again from its own ``on_post_build``; those nested builds
find every result in memory, and their pages only substitute. The one summary line and the
output manifest (``outputs.json``) come when the outer build ends (our ``on_post_build``
runs after i18n's).

A snippet that fails is logged as an error (``path:line: ExcType: msg``), so ``--strict``
fails; under ``mkdocs serve`` it is printed outside MkDocs' strict counter, so the server
keeps running and the page shows the failure where the output would be.
"""

from __future__ import annotations

import contextlib
import posixpath
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from hf_model_guide import paths
from hf_model_guide.engine import Engine
from hf_model_guide.engine.bubblewrap import DEFAULT_SCRATCH
from hf_model_guide.engine.core import DEFAULT_MAX_OUTPUT, DEFAULT_TIMEOUT
from hf_model_guide.engine.runner import DEFAULT_PRELOAD
from hf_model_guide.engine.sandbox.limits import (
    DEFAULT_MAX_FILE_SIZE,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PROCESSES,
    LimitError,
)
from hf_model_guide.engine.text import NotUtf8Error
from hf_model_guide.model import source as model_source
from hf_model_guide.model.source import ModelSourceError
from hf_model_guide.outputs import manifest
from hf_model_guide.pages import quoted
from hf_model_guide.pages.builder_page import page_id, page_link, read_pages, to_prepare
from hf_model_guide.pages.engine_options import CACHED_ONLY, DEFAULT_PRUNE_AFTER, make_engine
from hf_model_guide.pages.markdown_ext import page_context
from hf_model_guide.pages.render import PageContext
from hf_model_guide.plugins.common import NestedBuilds, quiet_jieba, serve_logger
from hf_model_guide.progress import SnippetProgress

log = get_plugin_logger(__name__)

EXTENSION = "hf_model_guide.pages.markdown_ext"  # renders the pages (see above)


serve_log = serve_logger("run-snippets")


def prune_older(folder: Path, than: float) -> int:
    """Remove the subfolders of ``folder`` in which no file was written since ``than``."""
    removed = 0
    for sub in folder.iterdir() if folder.is_dir() else ():
        try:
            files = [f for f in sub.rglob("*") if f.is_file()]
            if sub.is_dir() and all(f.stat().st_mtime < than for f in files):
                shutil.rmtree(sub)
                removed += 1
        except OSError:
            continue
    return removed


class SnippetsConfig(Config):
    # ``cached-only`` (``RUN_SNIPPETS=cached-only``): a build from runs made elsewhere
    # (``hf-model-guide runs``) shows what the run cache holds and runs nothing; a snippet
    # whose run is missing fails the build by name (engine/held.py).
    enabled = c.Choice((True, False, CACHED_ONLY), default=True)
    standin_card_url = c.Type(str, default="standin.md")
    # Passed to hf_model_guide.model.source.resolve(mode); unset: HF_MODEL_GUIDE_MODEL_SOURCE
    # decides; "none": no model source at all.
    model_source = c.Optional(c.Choice((*model_source.MODES, "none")))
    preload = c.ListOfItems(c.Type(str), default=list(DEFAULT_PRELOAD))
    # Snippets run side by side; unset: one per core of the machine building the site.
    parallel = c.Optional(c.Type(int))
    timeout = c.Type((int, float), default=DEFAULT_TIMEOUT)
    max_output = c.Type(int, default=DEFAULT_MAX_OUTPUT)
    # Each run's limits (engine/sandbox/limits.py says what each bounds and how); sizes as "4GiB".
    max_memory = c.Type((int, str), default=DEFAULT_MAX_MEMORY)
    max_file_size = c.Type((int, str), default=DEFAULT_MAX_FILE_SIZE)
    max_processes = c.Type(int, default=DEFAULT_MAX_PROCESSES)
    # The sandbox's scratch space (/tmp, HOME and TMPDIR in it, and /dev/shm), each at most
    # this much (engine/bubblewrap.py); in memory, like any tmpfs.
    max_scratch = c.Type((int, str), default=DEFAULT_SCRATCH)
    # How far an include may raise timeout, max_memory, max_file_size or max_processes
    # (engine/sandbox/limits.py, Ceilings): only mkdocs.yml sets them.
    ceilings = c.Type(dict, default={})
    # Variables of the build's environment snippets may see besides the allow-list
    # (engine/environment.py); a secret listed here reaches every snippet.
    pass_env = c.ListOfItems(c.Type(str), default=[])
    cache_dir = c.Optional(c.Type(str))
    # A full build removes the cached runs it did not use once no build used them for this
    # many seconds (other sites or test builds sharing the cache keep theirs meanwhile).
    prune_after = c.Type((int, float), default=DEFAULT_PRUNE_AFTER)


class SnippetsPlugin(BasePlugin[SnippetsConfig]):
    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.command = "build"
        self.builds = NestedBuilds()
        self.root: Path | None = None
        self.pages: dict[str, str] = {}  # every page of every language, for the manifest
        self.site_dir: Path | None = None  # the outer build's: where outputs.json goes
        self.started = time.time()  # when the outer build began
        self.trigger: Path | None = None  # under serve: touched when background runs end
        self.unseen = False  # background runs ended that no build has shown yet
        self.bars = SnippetProgress()  # drawn on a terminal only

    # Defining on_startup keeps this instance (and its worker) alive across serve rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_shutdown(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Every cache (runs, the stand-in, the Hub mirror, notebooks) is the built project's.
        paths.use_project(Path(config.config_file_path).resolve().parent)
        # A site that lists only the plugin (as every site did before the extension) still
        # gets its pages rendered: nothing to gain from failing, the extension needs no options.
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        # Before any page is converted: Material's search calls jieba in on_page_context.
        quiet_jieba()
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        snippets = Path(config.config_file_path).parent / "snippets"
        if snippets.is_dir():
            server.watch(str(snippets))
        # Background runs end by touching a file here: the server rebuilds, as for an edit.
        assert self.engine is not None
        self.trigger = self.engine.cache.folder.parent / "serve"
        with contextlib.suppress(OSError):
            self.trigger.mkdir(parents=True, exist_ok=True)
            server.watch(str(self.trigger))
        if self.unseen:  # they ended before the server watched
            self._rebuild()
        return server

    @property
    def _background(self) -> bool:
        """Under ``mkdocs serve``, snippets run while the server answers: pages show them as
        running, and a rebuild shows their output when they end. Not with
        ``--no-livereload``, which never rebuilds (MkDocs does not call on_serve then, too
        late to know: the first build has run), so there the build waits for them."""
        return self.command == "serve" and "--no-livereload" not in sys.argv

    def _ran_in_background(self) -> None:
        self.unseen = True
        if self.trigger is not None:
            self._rebuild()

    def _rebuild(self) -> None:
        assert self.trigger is not None
        self.unseen = False
        with contextlib.suppress(OSError):
            (self.trigger / "runs-ended").write_text(f"{time.time()}\n", encoding="utf-8")

    def _engine(self, config: MkDocsConfig) -> Engine:
        root = Path(config.config_file_path).resolve().parent
        settings = (
            root,
            self.config.enabled,
            tuple(self.config.preload),
            self.config.parallel,
            self.config.timeout,
            self.config.max_output,
            self.config.max_memory,
            self.config.max_file_size,
            self.config.max_processes,
            self.config.max_scratch,
            tuple(sorted(self.config.ceilings.items())),
            tuple(self.config.pass_env),
            self.config.cache_dir,
            self.config.model_source,
        )
        if self.engine is None or getattr(self, "_settings", None) != settings:
            if self.engine is not None:
                self.engine.close()
            try:
                self.engine = make_engine(root, dict(self.config), progress=self._progress)
            except LimitError as exc:
                raise PluginError(f"run-snippets: {exc}") from None
            self._settings = settings
            self.engine.on_background_done = self._ran_in_background
        self.root = root
        return self.engine

    def _progress(self, event: str, path: str | None, done: int, total: int) -> None:
        if event == "start":  # why each of them runs, before they do, piped or not
            self._reasons()
        self.bars(event, path, done, total)

    def _reasons(self) -> None:
        if self.engine is None:  # closed while a background batch started
            return
        for path, why in self.engine.cache.last_runs.take_reasons():
            log.info(f"snippets: running {path}: {'; '.join(why)}")

    def _report(self) -> None:
        assert self.engine is not None
        self._reasons()
        for notice in self.engine.take_notices():  # a cache problem is not the page's: not strict
            serve_log.warning(notice)
        for raised in self.engine.take_raises():
            log.info(f"snippets: limit raised: {raised}")
        for problem in self.engine.take_problems():
            (serve_log if self.command == "serve" else log).error(problem)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.builds.enter():
            return  # a nested per-language build: everything already ran
        self.started = time.time()
        engine = self._engine(config)
        engine.begin_build()
        engine.guarded = [Path(config.docs_dir), engine.root / "snippets", Path(config.site_dir)]
        assert self.root is not None  # set by _engine
        docs = Path(config.docs_dir)
        try:
            # The pages, and the runs the 2023 article's quoted values compare with: what
            # `hf-model-guide runs plan` reads too, so that it lists the runs this build starts.
            pages = read_pages(self.root, docs)
            engine.prepare(to_prepare(self.root, pages), background=self._background)
            self.pages, self.site_dir = pages, Path(config.site_dir)
        # e.g. Hub unreachable, a Latin-1 page, a broken quoted.toml
        except (ModelSourceError, NotUtf8Error, quoted.QuotedError) as exc:
            raise PluginError(f"run-snippets: {exc}") from None
        self._report()

    @event_priority(100)  # before other plugins' notices: the Markdown reads the page then
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give the Markdown extension this page's context; it renders the page."""
        if self.engine is None or page.file.abs_src_path is None:  # a page made by a plugin
            page_context.set("as-is")
            return markdown
        dest = Path(config.site_dir) / page.file.dest_uri
        manifest_url = ""
        if self.site_dir is not None:  # the outer build's, which every language links to
            manifest_url = posixpath.relpath(
                (self.site_dir / manifest.FILENAME).as_posix(), dest.parent.as_posix()
            )
        assert self.root is not None
        this_page = page_id(self.root, page.file.abs_src_path)
        page_context.set(
            PageContext(
                engine=self.engine,
                page=this_page,
                lang=getattr(page.file, "locale", None) or config.theme.get("language") or "en",
                standin_url=page_link(self.config.standin_card_url, page.file.src_uri),
                manifest_url=manifest_url,
                # The file as prepared, front matter included: problems name its lines.
                written=self.pages.get(this_page, markdown),
                report=self._page_problems,
                site_lang=config.theme.get("language"),
            )
        )
        return markdown

    def _page_problems(self, problems: list[str]) -> None:
        for problem in problems:
            (serve_log if self.command == "serve" else log).error(problem)

    @event_priority(100)  # the page is converted: the next one gets its own context
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        page_context.set(None)
        if self.engine is not None:
            self._report()  # the run cache's notices
        return html

    @event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100) built the others
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.builds.leave() and self.engine is not None:
            self._report()
            if self.engine.enabled and self.site_dir is not None:
                manifest.write(manifest.of_build(self.engine, self.pages), self.site_dir)
            log.info(self.engine.summary())
            if self.engine.source is not None:  # resolved only when something was not cached
                log.info(
                    f"model source: {self.engine.source.kind} {self.engine.source.fingerprint}"
                )
            if self.command == "build":
                self._prune(config)

    def _prune(self, config: MkDocsConfig) -> None:
        """A full build knows every run the site uses: the others are removed, and the
        notebooks no build wrote or touched since this one began."""
        assert self.engine is not None
        if not self.engine.enabled or self.engine.running:
            return  # this build did not look up every run
        if model_source.PERTURBED in getattr(self.engine.source, "fingerprint", ""):
            return  # a check for noise (PERTURB_ENV) used none of the site's own runs
        removed = self.engine.prune(self.config.prune_after)
        if "notebooks" in config.plugins:
            removed += prune_older(
                self.engine.cache.folder.parent / "notebooks",
                self.started - self.config.prune_after,
            )
        if removed:
            log.info(f"snippets: removed {removed} cached files no page uses any more")

    def on_build_error(self, *, error: Exception) -> None:
        self.builds.reset()
        page_context.set(None)
