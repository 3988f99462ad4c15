"""Why a snippet ran: what its run key was made of, compared with its previous run's.

The run key (``cache.run_key``) is one hash; ``RunInputs`` keeps the pieces it hashes (the
snippet's code, each local import, each declared data file, the library versions, the model's
fingerprint, the engine's version), each file by its SHA-256. Comparing the pieces of two runs
of one snippet path gives the reasons, in one fixed vocabulary (this module's ``Why``): the
build log says why each snippet ran, and ``outputs diff`` says, beside each changed output,
what changed in its inputs (``outputs.json`` keeps the pieces). Contributors read both, in
English like the rest of the log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .results import ValueKey


class Why:
    """Every reason a run can give; nothing else is ever said."""

    NEW = "new"
    CODE = "code changed"
    IMPORT = "helper module {path} {how}"  # how: changed, added, no longer imported
    DATA = "data file {path} {how}"  # how: changed, added, no longer declared
    VERSION = "{name} {old} → {new}"
    MODEL = "model changed: {old} → {new}"
    ENGINE = "engine changed: version {old} → {new}"
    FAILED = "failed last time"
    CLEARED = "cache cleared"  # same inputs as the last run, which succeeded: its entry is gone
    VALUES = "a page quotes a value not computed before: {values}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RunInputs:
    """The pieces of one run key."""

    code: str  # SHA-256 of the snippet's text
    imports: Mapping[str, str] = field(default_factory=dict)  # module path -> SHA-256
    data: Mapping[str, str] = field(default_factory=dict)  # declared data file -> SHA-256
    versions: Mapping[str, str | None] = field(default_factory=dict)  # python, torch, ...
    model: str = ""  # the model source's fingerprint ("hub-<commit>", "standin-<hash>")
    engine: int = 0  # cache.ENGINE_VERSION

    @classmethod
    def of(
        cls,
        text: str,
        imports: Mapping[str, str],
        data: Mapping[str, str],
        versions: Mapping[str, str | None],
        fingerprint: str,
        engine: int,
    ) -> RunInputs:
        """From what ``run_key`` is given: the snippet's text, its imports' texts by path,
        its data files' digests by path (``cache.run_inputs`` adds the engine's version)."""
        return cls(
            code=digest(text),
            imports={path: digest(source) for path, source in sorted(imports.items())},
            data=dict(sorted(data.items())),
            versions=dict(sorted(versions.items())),
            model=fingerprint,
            engine=engine,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "imports": dict(self.imports),
            "data": dict(self.data),
            "versions": dict(self.versions),
            "model": self.model,
            "engine": self.engine,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunInputs:
        """Raises KeyError, TypeError or ValueError on anything that is not such a record."""
        return cls(
            code=str(data["code"]),
            imports={str(k): str(v) for k, v in dict(data.get("imports") or {}).items()},
            data={str(k): str(v) for k, v in dict(data.get("data") or {}).items()},
            versions={
                str(k): None if v is None else str(v)
                for k, v in dict(data.get("versions") or {}).items()
            },
            model=str(data.get("model") or ""),
            engine=int(data.get("engine", 0)),
        )


def model_name(fingerprint: str) -> str:
    """How a fingerprint reads in a reason: the stand-in's, or the Hub's revision."""
    if not fingerprint:
        return "no model"
    if fingerprint == "hub":
        return "Hub (revision unknown)"
    if fingerprint.startswith("hub-"):
        return f"Hub revision {fingerprint.removeprefix('hub-')[:12]}"
    if fingerprint.startswith("standin-"):
        return f"stand-in {fingerprint}"
    return fingerprint


def _versions(name: str, old: str | None, new: str | None) -> tuple[str, str]:
    def number(value: str) -> str:
        return value.split(maxsplit=1)[0] if value.strip() else value

    # Python's is sys.version ("3.11.7 (main, ...) [GCC 12.2.0]"): its number reads best,
    # unless only the rest differs.
    if name == "python" and old and new and number(old) != number(new):
        old, new = number(old), number(new)
    return (
        "not installed" if old is None else old,
        "not installed" if new is None else new,
    )


def _files(template: str, old: Mapping[str, str], new: Mapping[str, str], gone: str) -> list[str]:
    found = []
    for path in sorted(old.keys() | new.keys()):
        if path not in old:
            found.append(template.format(path=path, how="added"))
        elif path not in new:
            found.append(template.format(path=path, how=gone))
        elif old[path] != new[path]:
            found.append(template.format(path=path, how="changed"))
    return found


def changes(old: RunInputs, new: RunInputs) -> list[str]:
    """What differs between two runs' inputs, in the order a reader looks for it: the
    snippet, its helpers and data, then the environment."""
    found = [Why.CODE] if old.code != new.code else []
    found += _files(Why.IMPORT, old.imports, new.imports, "no longer imported")
    found += _files(Why.DATA, old.data, new.data, "no longer declared")
    for name in sorted(old.versions.keys() | new.versions.keys()):
        a, b = old.versions.get(name), new.versions.get(name)
        if a != b:
            before, after = _versions(name, a, b)
            found.append(Why.VERSION.format(name=name, old=before, new=after))
    if old.model != new.model:
        found.append(Why.MODEL.format(old=model_name(old.model), new=model_name(new.model)))
    if old.engine != new.engine:
        found.append(Why.ENGINE.format(old=old.engine, new=new.engine))
    return found


@dataclass(frozen=True)
class LastRun:
    """What the previous run of a snippet path was made of, and whether it succeeded."""

    inputs: RunInputs
    ok: bool = True


def explain(
    last: LastRun | None, now: RunInputs, missing_values: Iterable[ValueKey] = ()
) -> list[str]:
    """Why a snippet runs now. ``last``: its previous run (None: never ran, as far as the
    cache knows); ``missing_values``: the values pages quote that its cached run, found for
    these very inputs, lacks (empty when no cached run was found)."""
    missing = sorted(missing_values)
    if missing:
        quoted = [f"{{= {k.expr}{f' | {k.spec}' if k.spec else ''} =}}" for k in missing]
        return [Why.VALUES.format(values=", ".join(quoted))]
    if last is None:
        return [Why.NEW]
    found = changes(last.inputs, now)
    if found:
        return found
    return [Why.CLEARED if last.ok else Why.FAILED]
