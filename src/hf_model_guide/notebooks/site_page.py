"""A notebook's page on the site, whichever builder makes it: the .ipynb file written where the
builders read it, its page as nbconvert renders it (through mkdocs-jupyter's converter, with
the options ``mkdocs.yml`` gives mkdocs-jupyter), made to follow the site's rules
(``html.notebook_page``), kept by content beside the file (``rendered``), and the page's
"Open in Colab" and download buttons.

Under MkDocs the ``notebooks`` plugin (``plugins/notebooks.py``) calls it for the page it
gives mkdocs-jupyter; under Zensical, which runs no MkDocs plugin, the Markdown extension calls
it for the page's committed stub (``docs/notebooks/article[.en].md``). Both get the same HTML,
and a build in either takes the page the other rendered while nothing that goes into it
changed. No site generator is imported here.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from markdown.extensions.toc import nest_toc_tokens

from hf_model_guide import atomic, labels
from hf_model_guide.html import notebook_page
from hf_model_guide.paths import cache_dir

from . import rendered
from .site import Site

HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)">(?P<text>.*?)<a class="anchor-link"', re.S
)
SVG_TITLE = re.compile(r"<title>[^<]*</title>")
BUTTONS = labels.table("notebook_buttons")
ICONS = {"download": "material/download.svg", "colab": "simple/googlecolab.svg"}
# What mkdocs-jupyter's page render passes to its converter (mkdocs_jupyter/plugin.py).
CONVERTER_OPTIONS = (
    "kernel_name",
    "theme",
    "allow_errors",
    "show_input",
    "no_input",
    "no_prompt",
    "remove_tag_config",
    "highlight_extra_classes",
    "include_requirejs",
    "custom_mathjax_url",
)


def write(site: Site, page: str, lang: str, text: str) -> Path:
    """The notebook's file, content-addressed under ``<cache>/notebooks/<hash>/`` (nbconvert
    reads it from disk; concurrent builds never see each other's)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = cache_dir() / "notebooks" / digest / site.repo_path(page, lang)
    if not path.is_file():
        atomic.write_text(path, text)
    else:
        os.utime(path)  # in use: run-snippets prunes what no build touched
    return path


def jupyter_options(given: Mapping[str, object]) -> dict[str, object]:
    """mkdocs-jupyter's options as its plugin holds them: its defaults, then ``given`` (the
    ``mkdocs-jupyter`` entry of ``mkdocs.yml``). Its plugin module imports MkDocs, so only its
    option list is read, when a builder other than MkDocs asks."""
    # It imports MkDocs itself: only then.
    from mkdocs_jupyter.plugin import Plugin  # type: ignore[import-untyped]

    return {name: option.default for name, option in Plugin.config_scheme} | dict(given)


def convert(notebook: Path, options: Mapping[str, object]) -> str:
    """The notebook's HTML as mkdocs-jupyter's page render makes it."""
    # nbconvert, slow to import: only when a page is converted.
    from mkdocs_jupyter import convert as jupyter  # type: ignore[import-untyped]

    kwargs = {name: options[name] for name in CONVERTER_OPTIONS}
    return jupyter.nb2html(str(notebook), execute=options["execute"], **kwargs)


def page_html(
    notebook: Path,
    folder: Path,
    lang: str,
    options: Mapping[str, object],
    keep_for: float,
    *,
    convert: Callable[[], tuple[str, str | None]],
    warn: Callable[[str], None],
    note: Callable[[str], None] = lambda _: None,
) -> tuple[str, str | None]:
    """The notebook's page in ``lang`` (its HTML, and the title the converter gave it, if it
    did): kept in ``folder`` while nothing that goes into it changed, else ``convert()``'s
    (HTML, title) made to follow the site's rules. A page with a warning is not kept: the next
    build warns again."""
    key = rendered.page_key(notebook, lang, options)
    kept = rendered.load(folder, key)
    if kept is not None:
        note(f"rendered page taken from {folder}")
        return kept.content, kept.title
    warned: list[str] = []

    def warned_of(message: str) -> None:
        warned.append(message)
        warn(message)

    raw, title = convert()
    page = rendered.Rendered(notebook_page.clean_html(raw, warned_of), title)
    if not warned:
        try:
            rendered.store(folder, key, page, keep_for)
        except OSError as exc:
            note(f"rendered page not kept in {folder} ({exc})")
    return page.content, page.title


def toc_tokens(html: str) -> list[Any]:
    """The table of contents of the page's headings as rendered, as Python-Markdown's toc
    extension gives it to a builder (nbconvert's ids: mkdocs-jupyter's own are computed apart
    and do not match them for Chinese headings)."""
    # Each as Python-Markdown's toc extension gives a builder a heading (Zensical reads all
    # its keys, MkDocs the first three).
    tokens: list[Any] = [
        {
            "level": int(m["level"]),
            "id": m["id"],
            "name": re.sub(r"<[^>]+>", "", m["text"]),
            "html": m["text"],
            "data-toc-label": "",
        }
        for m in HEADING.finditer(html)
    ]
    return nest_toc_tokens(tokens)


def rendered_folder(site: Site, page: str, lang: str, notebook: Path) -> Path:
    """Where the pages rendered from ``write``'s file are kept: beside it, pruned with it."""
    return notebook.parents[site.repo_path(page, lang).count("/")] / "rendered"


def buttons(colab_url: str, download_href: str, lang: str, icon_dirs: list[Path]) -> str:
    """The page's "Open in Colab" and download buttons, drawn as Material draws its own page
    actions."""
    words = BUTTONS["zh" if lang.startswith("zh") else "en"]
    made = [
        (colab_url, "colab", ' target="_blank" rel="noopener"'),
        (download_href, "download", " download"),
    ]
    return "".join(
        f'<a href="{href}" title="{words[kind]}" aria-label="{words[kind]}" '
        f'class="md-content__button md-icon '
        f'notebook-{kind}"{extra}>{icon(icon_dirs, kind)}</a>'
        for href, kind, extra in made
    )


def icon(icon_dirs: list[Path], kind: str) -> str:
    """The theme's icon, without the ``<title>`` Zensical's copy has (Material's has none):
    the button's own title and label name it, in the page's language."""
    for folder in icon_dirs:
        path = Path(folder) / ".icons" / ICONS[kind]
        if path.is_file():
            return SVG_TITLE.sub("", path.read_text(encoding="utf-8"), count=1)
    return ""
