"""What running a snippet gave, as the worker reports it: typed values and their JSON form.

This is the worker side of the protocol; the build side (``engine.results.RunResult``) adds what
it knows about a run and reads the JSON the worker writes as untrusted data.

- ``Chunk``: what one top-level piece of the snippet printed (stdout, stderr, both in order),
  with the sections of the file it belongs to, and the rich outputs it showed (``Shown``).
- ``ValueKey``: one ``{= path | expr | spec =}`` quoted from a page: the expression and its
  format spec; ``Evaluated``: its text, or the error evaluating it raised.
- ``RunError``: why the snippet failed (headline naming path:line, traceback).
- ``Outcome``: a run as the worker reports it; ``RunResult`` adds what the engine knows about
  it (cache key, path, model source, library versions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class ValueKey:
    expr: str
    spec: str = ""


@dataclass(frozen=True)
class Evaluated:
    ok: bool
    value: str | None = None  # the formatted text, when ok
    error: str | None = None  # "TypeError: ...", when not
    # The number(s) before formatting, as a Python literal ("0.987154", "[[-1.56, 1.61]]"):
    # kept so that two builds are compared at the precision shown (outputs.precision).
    exact: str | None = None

    def to_json(self) -> dict[str, Any]:
        if not self.ok:
            return {"ok": False, "error": self.error}
        return {"ok": True, "value": self.value, **({"exact": self.exact} if self.exact else {})}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Evaluated:
        return cls(
            ok=bool(data["ok"]),
            value=data.get("value"),
            error=data.get("error"),
            exact=data.get("exact"),
        )


def exact_literal(value: Any, limit: int = 1000) -> str | None:
    """``value``'s numbers as a Python literal when it holds a float (a float, a tensor or an
    array, or lists of them, up to ``limit`` numbers), else None: text alone says it all."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist) and not isinstance(value, list | tuple):
        try:
            value = tolist()
        except Exception:  # noqa: BLE001 - a snippet's own object; its text is what counts
            return None
    count, floats = 0, False

    def plain(item: Any) -> bool:
        nonlocal count, floats
        if isinstance(item, list | tuple):
            return all(plain(inner) for inner in item)
        count += 1
        floats = floats or isinstance(item, float)
        return isinstance(item, int | float) and not isinstance(item, bool) and count <= limit

    if not plain(value) or not floats:
        return None
    return repr(list(value) if isinstance(value, tuple) else value)


@dataclass(frozen=True)
class Shown:
    """One ``display(obj)``: the object's MIME bundle (``engine.mime``), and where the call came
    in its chunk's printed text (offsets in ``out`` and in ``all``), to keep the order."""

    data: Mapping[str, str]
    out: int = 0
    all: int = 0

    def offset(self, stream: str) -> int:
        """Where it stands in the text of ``stream`` (stderr alone: before all of it)."""
        return {"out": self.out, "all": self.all}.get(stream, 0)

    def to_json(self) -> dict[str, Any]:
        return {"data": dict(self.data), "out": self.out, "all": self.all}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Shown:
        return cls(dict(data["data"]), int(data.get("out", 0)), int(data.get("all", 0)))


@dataclass(frozen=True)
class Chunk:
    first_line: int
    sections: tuple[str, ...] = ()
    out: str = ""
    err: str = ""
    all: str = ""  # stdout and stderr interleaved as written
    displays: tuple[Shown, ...] = ()  # what it showed with display(), in order

    def printed(self, stream: str) -> str:
        """``"out"``, ``"err"`` or ``"all"``."""
        text: str = getattr(self, stream)
        return text

    def to_json(self) -> dict[str, Any]:
        data = {**asdict(self), "sections": list(self.sections)}
        del data["displays"]
        if self.displays:  # absent when empty: entries of text-only snippets stay as they were
            data["displays"] = [shown.to_json() for shown in self.displays]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Chunk:
        return cls(
            first_line=int(data["first_line"]),
            sections=tuple(data.get("sections", ())),
            out=data.get("out", ""),
            err=data.get("err", ""),
            all=data.get("all", ""),
            displays=tuple(Shown.from_json(s) for s in data.get("displays", ())),
        )


@dataclass(frozen=True)
class RunError:
    message: str  # one line, "path:line: Type: text"
    line: int | None = None  # in the snippet file
    type: str | None = None
    traceback: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunError:
        return cls(
            message=data["message"],
            line=data.get("line"),
            type=data.get("type"),
            traceback=data.get("traceback"),
        )


def _values_to_json(values: Mapping[ValueKey, Evaluated]) -> list[dict[str, Any]]:
    return [{"expr": key.expr, "spec": key.spec, **values[key].to_json()} for key in sorted(values)]


def _values_from_json(data: list[Mapping[str, Any]]) -> dict[ValueKey, Evaluated]:
    return {
        ValueKey(item["expr"], item.get("spec", "")): Evaluated.from_json(item) for item in data
    }


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """One run as the worker reports it."""

    ok: bool
    chunks: tuple[Chunk, ...] = ()
    values: Mapping[ValueKey, Evaluated] = field(default_factory=dict)
    error: RunError | None = None
    seconds: float | None = None

    @classmethod
    def failed(cls, message: str, *, type: str | None = None) -> Outcome:
        """A run that never produced anything of its own (worker died, not started)."""
        return cls(ok=False, error=RunError(message, None, type, message))

    def printed(self, stream: str, wanted: Callable[[Chunk], bool] | None = None) -> str:
        """What the chunks ``wanted(chunk)`` selects printed on ``stream``."""
        return "".join(c.printed(stream) for c in self.chunks if wanted is None or wanted(c))

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "chunks": [chunk.to_json() for chunk in self.chunks],
            "values": _values_to_json(self.values),
            "error": self.error.to_json() if self.error else None,
            "seconds": self.seconds,
        }

    @staticmethod
    def _fields_from_json(data: Mapping[str, Any]) -> dict[str, Any]:
        error = data.get("error")
        return {
            "ok": bool(data["ok"]),
            "chunks": tuple(Chunk.from_json(c) for c in data.get("chunks", ())),
            "values": _values_from_json(data.get("values", [])),
            "error": RunError.from_json(error) if error else None,
            "seconds": data.get("seconds"),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outcome:
        return cls(**cls._fields_from_json(data))
