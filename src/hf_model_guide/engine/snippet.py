"""A snippet file: its text, its sections, the code a page shows, the chunks the worker runs.

Sections use pymdownx.snippets' own markers, so a file stays includable by ``--8<--`` too::

    # --8<-- [start:logits]
    logits = model(**inputs).logits
    print(logits.shape)
    # --8<-- [end:logits]

Marker lines are never shown. The whole file always runs; it is cut into *chunks* at every
marker line, the chunks run one after another in one namespace, and each chunk's printed
output is kept apart, so a section's output is what its own statements printed. Markers must
therefore stand between top-level statements (not inside an ``if``, ``def`` or ``with``).
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from .sandbox.job import ChunkSource
from .text import NotUtf8Error, read_utf8

# pymdownx.snippets' RE_SNIPPET_SECTION, unescaped form (``;--8<--`` escapes a marker there).
MARKER = re.compile(
    r"(?i)^(?P<pre>.*?)(?<!;)(?!(?<=-)-)-{1,}8<-{1,}[ \t]+"
    r"\[[ \t]*(?P<type>start|end)[ \t]*:[ \t]*(?P<name>[a-z][-_0-9a-z]*)[ \t]*\]"
)


SNIPPETS_DIR = "snippets"


class SnippetError(Exception):
    """A snippet that cannot be read or used as asked (missing file, unknown section...)."""


# A snippet names the data files it reads, so that editing one reruns it (the run key covers
# the snippet's text and its imports, not what it opens): one comment line, paths under
# snippets/ as pages name snippets, e.g. ``# depends-on: snippets/x/data.json snippets/x/b.csv``
DEPENDS_ON = re.compile(r"^#[ \t]*depends-on:[ \t]*(?P<paths>\S.*?)[ \t]*$")


def snippet_file(root: Path, path: str, folder: str = SNIPPETS_DIR) -> Path:
    """The file a page names, which must lie under ``snippets/``: pages are text anyone can
    propose, and what they include is run and published. An absolute path, a ``..`` or a
    symbolic link leading out of the folder is refused before anything is read."""
    parts = path.replace("\\", "/").split("/")
    outside = (
        path.startswith(("/", "\\", "~"))
        or ":" in parts[0]  # C:, a URL scheme
        or ".." in parts
        or parts[0] != folder
        or len(parts) < 2
    )
    base = (root / folder).resolve()
    if not outside:
        try:
            outside = not (root / path).resolve().is_relative_to(base)
        except (OSError, RuntimeError):  # a symlink loop
            outside = True
    if outside:
        raise SnippetError(
            f"{path}: only files under {folder}/ may be included or run "
            f"(a relative path like {folder}/NAME/example.py, no '..', no link leading out)"
        )
    return root / path


@dataclass(frozen=True)
class Chunk:
    """Lines ``start``..``end`` (1-based, inclusive) of the file, between two markers."""

    start: int
    end: int
    sections: tuple[str, ...]  # the sections this chunk lies in


@dataclass
class Snippet:
    path: str  # as written in the page: relative to the project root, POSIX
    text: str
    lines: list[str] = field(init=False)
    sections: dict[str, tuple[int, int]] = field(init=False)  # name -> (start marker, end marker)
    chunks: list[Chunk] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines()
        self.sections = {}
        markers: list[int] = []
        open_: dict[str, int] = {}
        for number, line in enumerate(self.lines, 1):
            m = MARKER.match(line)
            if not m:
                continue
            if line[:1].isspace():
                raise SnippetError(
                    f"{self.path}:{number}: this section marker is indented: markers must "
                    "stand between top-level statements, not inside an if, for, def or with "
                    "(the file runs section by section, and a section cannot start or end "
                    "inside a block)"
                )
            markers.append(number)
            name = m["name"]
            if m["type"].lower() == "start":
                open_[name] = number
            elif name in open_:
                self.sections[name] = (open_.pop(name), number)
            else:
                raise SnippetError(f"{self.path}:{number}: section end without start: {name!r}")
        if open_:
            name, number = next(iter(open_.items()))
            raise SnippetError(f"{self.path}:{number}: section {name!r} is never ended")
        self.chunks = []
        bounds = [0, *markers, len(self.lines) + 1]
        for before, after in pairwise(bounds):
            if after - before > 1:
                start, end = before + 1, after - 1
                inside = tuple(
                    name for name, (s, e) in self.sections.items() if s < start and end < e
                )
                self.chunks.append(Chunk(start, end, inside))

    def data_files(self, root: Path) -> dict[str, str]:
        """The files it declares with ``# depends-on:``, by path: their SHA-256."""
        found: dict[str, str] = {}
        for number, line in enumerate(self.lines, 1):
            m = DEPENDS_ON.match(line.strip())
            if not m:
                continue
            for name in m["paths"].replace(",", " ").split():
                try:
                    data = snippet_file(root, name).read_bytes()
                except SnippetError as exc:
                    raise SnippetError(f"{self.path}:{number}: depends-on {exc}") from None
                except OSError as exc:
                    raise SnippetError(
                        f"{self.path}:{number}: depends-on {name}: cannot read it "
                        f"({exc.strerror or exc})"
                    ) from None
                found[name] = hashlib.sha256(data).hexdigest()
        return found

    @classmethod
    def read(cls, root: Path, path: str) -> Snippet:
        file = snippet_file(root, path)
        if not file.is_file():
            raise SnippetError(f"snippet not found: {path}")
        try:
            return cls(path, read_utf8(file, path))
        except NotUtf8Error as exc:
            raise SnippetError(str(exc)) from None

    def is_marker(self, number: int) -> bool:
        return bool(MARKER.match(self.lines[number - 1]))

    def shown_code(self, section: str | None = None) -> str:
        """The code a page shows: the file, or one section, without any marker line."""
        if section is None:
            first, last = 1, len(self.lines)
        elif section in self.sections:
            start, end = self.sections[section]
            first, last = start + 1, end - 1
        else:
            known = ", ".join(sorted(self.sections)) or "none"
            raise SnippetError(f"no section {section!r} in {self.path} (sections: {known})")
        kept = [self.lines[n - 1] for n in range(first, last + 1) if not self.is_marker(n)]
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        return "\n".join(kept)

    def chunk_sources(self) -> tuple[ChunkSource, ...]:
        """What the worker runs: each chunk's source, with the line it starts at."""
        return tuple(
            ChunkSource(c.start, "\n".join(self.lines[c.start - 1 : c.end]), tuple(c.sections))
            for c in self.chunks
        )


def local_imports(root: Path, path: str, snippets_dir: str = SNIPPETS_DIR) -> dict[str, str]:
    """Every module under ``snippets/`` that the snippet imports, transitively: {path: text}.

    A module is looked for beside the importing file (``python snippets/x/a.py`` puts that
    folder first on ``sys.path``) and from the project root (``import snippets.x.b``).
    """
    base = (root / snippets_dir).resolve()
    project = root.resolve()
    found: dict[str, str] = {}
    todo = [root / path]
    while todo:
        file = todo.pop()
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        names: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                names += [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            for folder in (file.parent, root):
                for candidate in (
                    folder.joinpath(*parts).with_suffix(".py"),
                    folder.joinpath(*parts, "__init__.py"),
                ):
                    # Most names are libraries (torch, math): no such file, nothing to resolve.
                    if not candidate.is_file():
                        continue
                    try:
                        resolved = candidate.resolve()
                    except OSError:
                        continue
                    if resolved.is_file() and resolved.is_relative_to(base):
                        rel = resolved.relative_to(project).as_posix()
                        if rel not in found and rel != path:
                            found[rel] = resolved.read_text(encoding="utf-8")
                            todo.append(resolved)
    return dict(sorted(found.items()))
