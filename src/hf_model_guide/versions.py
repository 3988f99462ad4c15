"""Which version of a distribution is installed: what the run keys, the notebook page cache and
the output manifest record, so that a library's upgrade shows in each."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata


def installed(name: str) -> str | None:
    """The installed version of the distribution ``name``, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def installed_versions(names: Iterable[str]) -> dict[str, str | None]:
    return {name: installed(name) for name in names}
