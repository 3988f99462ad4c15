"""The model source as the engine sees it: which model the snippets load, its fingerprint
(part of every run's cache key), and the variables that point the snippets at it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hf_model_guide.model import source as model_source


@dataclass(frozen=True)
class Source:
    """What ``hf_model_guide.model.source.resolve()`` returns, reduced to what we use."""

    kind: str = "none"  # "hub", "standin", or "none" when no model source is known
    fingerprint: str = ""
    env: dict[str, str] = field(default_factory=dict)
    card_path: str | None = None
    revision: str = ""  # hub: the checkpoint's commit

    @classmethod
    def of(cls, source: Any) -> Source:
        if isinstance(source, Source):
            return source
        card = getattr(source, "card_path", None)
        return cls(
            kind=str(getattr(source, "kind", "none")),
            fingerprint=str(getattr(source, "fingerprint", "")),
            env={str(k): str(v) for k, v in (getattr(source, "env", None) or {}).items()},
            card_path=str(card) if card is not None else None,
            revision=str(getattr(source, "revision", "") or ""),
        )


def resolve_model_source(mode: str | None = None) -> Source:
    """The project's model source."""
    return Source.of(model_source.resolve(mode))
