"""Reading ``mkdocs.yml`` without MkDocs, for the tools that only need a few of its values.

MkDocs' own loader resolves ``!ENV`` and ``!!python/name`` tags by importing and reading the
environment; the translation check and the link check need neither, so here those tags read
as None and the rest is plain YAML.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from hf_model_guide.engine.text import read_utf8


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def read(path: Path) -> dict:
    """The configuration as a dict, with ``INHERIT`` followed the way MkDocs follows it (the
    parent's mappings deep-merged under the child's values); a file that is not UTF-8 or not
    YAML raises ValueError naming it."""
    path = Path(path)
    config = _read_one(path)
    parent = config.pop("INHERIT", None)
    if parent:
        base = read((path.parent / parent).resolve())
        config = _merged(base, config)
    return config


def _merged(base: dict, override: dict) -> dict:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merged(result[key], value)
        else:
            result[key] = value
    return result


def _read_one(path: Path) -> dict:
    text = read_utf8(path)  # NotUtf8Error is a ValueError, naming path:line:column
    try:
        config = yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise ValueError(
            f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    return config if isinstance(config, dict) else {}
