"""The project as a build sees it, without MkDocs: its pages and its engine's options.

``pages`` is also what the run-snippets plugin prepares, so that a plan lists exactly the
runs a build would start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hf_model_guide import paths
from hf_model_guide.engine import Engine
from hf_model_guide.engine.schedule import Progress
from hf_model_guide.pages import builder_page
from hf_model_guide.pages.engine_options import PLUGIN, make_engine


class ProjectError(Exception):
    """The project cannot be read (no mkdocs.yml, a bad option); the message names it."""


@dataclass
class Project:
    root: Path
    docs: Path
    options: dict[str, Any] = field(default_factory=dict)  # the run-snippets plugin's

    @classmethod
    def at(cls, root: Path) -> Project:
        root = Path(root).resolve()
        config_file = root / "mkdocs.yml"
        if not config_file.is_file():
            raise ProjectError(f"no mkdocs.yml in {root}: run this in the site's folder")
        try:  # the options as a build under either builder reads them (builder_page)
            given = builder_page.plugin_options(root, PLUGIN) or {}
            docs = root / builder_page.docs_dir(root)
        except ValueError as exc:
            raise ProjectError(str(exc)) from None
        options = {name: value for name, value in given.items() if value is not None}
        paths.use_project(root)  # the stand-in and the Hub mirror are this project's
        return cls(root, docs, options)

    def pages(self) -> dict[str, str]:
        return builder_page.to_prepare(self.root, builder_page.read_pages(self.root, self.docs))

    def cache_folder(self) -> Path:
        configured = self.options.get("cache_dir")
        return Path(configured) if configured else paths.cache_dir(self.root)

    def engine(self, cache_folder: Path | None = None, progress: Progress | None = None) -> Engine:
        """An engine with the plugin's options, as the site's build makes it
        (``pages.engine_options``), running whatever ``RUN_SNIPPETS`` says: a plan or a shard
        decides for itself what runs."""
        options = {name: value for name, value in self.options.items() if name != "enabled"}
        options["cache_dir"] = str(cache_folder or self.cache_folder())
        engine = make_engine(self.root, options, progress=progress)
        engine.guarded = [self.docs, self.root / "snippets"]
        return engine
