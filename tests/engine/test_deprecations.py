"""A page must not teach a deprecated call: a DeprecationWarning or FutureWarning raised from
snippet code fails the snippet with its path:line, and a strict build with it."""

from __future__ import annotations

import pytest
from kit.files import write
from kit.throwaway_site import Site

from hf_model_guide.engine import Engine, Source

pytestmark = pytest.mark.build

# A stand-in for a library: warns the way libraries do, pointing at their caller.
OLDAPI = """
import warnings


def old_tokenize(text):
    warnings.warn("old_tokenize() is deprecated, use tokenize()", DeprecationWarning, stacklevel=2)
    return text.split()


def soon_changed():
    warnings.warn("the default will change in 2.0", FutureWarning, stacklevel=2)
    return 1


def internal():
    # A library's warning about its own internals: attributed to this module, not the caller.
    warnings.warn("internal detail is deprecated", DeprecationWarning, stacklevel=1)
    return 2
"""

CALLS_OLD = """
import oldapi

print("before")
words = oldapi.old_tokenize("a b c")
print(words)
"""

CALLS_FUTURE = """
import oldapi

x = oldapi.soon_changed()
"""

CALLS_INTERNAL = """
import warnings

import oldapi

warnings.simplefilter("always")  # shown, not hidden by Python's default filters
print(oldapi.internal())
"""


def test_deprecated_calls_from_snippets_fail_with_path_and_line(tmp_path):
    root = tmp_path / "project"
    write(root, "snippets/oldapi.py", OLDAPI)
    write(root, "snippets/old.py", CALLS_OLD)
    write(root, "snippets/future.py", CALLS_FUTURE)
    write(root, "snippets/internal.py", CALLS_INTERNAL)
    engine = Engine(root, cache_folder=tmp_path / "cache", preload=[], source=Source(kind="none"))
    try:
        page = "{* snippets/old.py *}\n\n{* snippets/future.py *}\n\n{* snippets/internal.py stderr=true *}\n"
        engine.prepare({"docs/index.md": page})
        problems = engine.take_problems()
        assert (
            "snippets/old.py:4: DeprecationWarning: old_tokenize() is deprecated, use tokenize()"
            in problems
        )
        assert "snippets/future.py:3: FutureWarning: the default will change in 2.0" in problems
        assert len(problems) == 2, problems
        assert engine.results["snippets/old.py"].chunks[0].out == "before\n"
        internal = engine.results["snippets/internal.py"]
        assert internal.ok  # a library's own deprecation is its business, not the page's
        assert "internal detail is deprecated" in internal.printed("err")
    finally:
        engine.close()


def test_a_strict_build_fails_on_a_deprecated_call(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/oldapi.py", OLDAPI)
    site.write("snippets/old.py", CALLS_OLD)
    site.write("docs/index.md", "# 首页\n\n{* snippets/old.py *}\n")
    site.write("docs/index.en.md", "# Home\n\n{* snippets/old.py *}\n")
    build = site.build()
    assert build.code != 0
    assert "snippets/old.py:4: DeprecationWarning: old_tokenize() is deprecated" in build.log
