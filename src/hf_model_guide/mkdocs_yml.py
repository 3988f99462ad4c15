"""Reading ``mkdocs.yml`` without MkDocs, for the tools that only need a few of its values.

MkDocs' own loader resolves ``!ENV`` and ``!!python/name`` tags by importing and reading the
environment; the translation check and the link check need neither, so here those tags read
as None and the rest is plain YAML.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from hf_model_guide.engine.text import read_utf8


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


class _EnvLoader(_TolerantLoader):
    pass


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """MkDocs' ``!ENV VAR`` and ``!ENV [VAR, OTHER, default]``: the first variable set, read
    as a YAML scalar ("false" is False), else the default (pyyaml-env-tag's rules)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = (
            items[:-1] if len(items) > 1 else items,
            items[-1] if len(items) > 1 else None,
        )
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.safe_load(value)
    return default


_EnvLoader.add_constructor("!ENV", _env)


def read(path: Path, *, env: bool = False) -> dict:
    """The configuration as a dict, with ``INHERIT`` followed the way MkDocs follows it (the
    parent's mappings deep-merged under the child's values); a file that is not UTF-8 or not
    YAML raises ValueError naming it. ``env``: ``!ENV`` tags read the environment, as MkDocs
    reads them (for what a build does: the run-snippets plugin's options under Zensical)."""
    path = Path(path)
    config = _read_one(path, _EnvLoader if env else _TolerantLoader)
    parent = config.pop("INHERIT", None)
    if parent:
        base = read((path.parent / parent).resolve(), env=env)
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


def _read_one(path: Path, loader: type[yaml.SafeLoader] = _TolerantLoader) -> dict:
    text = read_utf8(path)  # NotUtf8Error is a ValueError, naming path:line:column
    try:
        config = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise ValueError(
            f"{path}:{line}: not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    return config if isinstance(config, dict) else {}
