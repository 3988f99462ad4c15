"""Output limit, a bad include option, indented markers, failed values counted as logged
(issue 13, point 10; ANSI codes: test_literal.py)."""

from __future__ import annotations

import re

import pytest
from kit.throwaway_site import Site

pytestmark = pytest.mark.build

PAGE = """
# Page

{* snippets/loud.py *}

{* snippets/fine.py colour=red *}

{* snippets/indented.py *}

Value: {= snippets/fine.py | x | .2q =}
"""


def test_small_faults_fail_clearly_and_the_counts_match_the_errors_logged(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.set_option("max_output", 10000)
    site.write("snippets/loud.py", "print('x' * 100)\nwhile True:\n    print('y' * 1000)\n")
    site.write("snippets/fine.py", "x = 1.5\n")
    site.write(
        "snippets/indented.py",
        "if True:\n    # --8<-- [start:a]\n    print(1)\n    # --8<-- [end:a]\n",
    )
    site.write("docs/index.md", PAGE.replace("Page", "页"))
    site.write("docs/index.en.md", PAGE)

    build = site.build(strict=False)
    page = build.page("en")
    failures = [box.text for box in page.select(".admonition.failure")]
    assert any("printed more than 10000 characters: stopped" in f for f in failures)
    assert any("unknown option 'colour'" in f for f in failures)  # a box, not raw text
    assert "{* snippets/fine.py" not in page.select_one("article").text
    assert any("this section marker is indented: markers must stand between" in f for f in failures)
    assert "snippets/loud.py:3: printed more than 10000 characters" in build.log
    assert len((build.site / "en" / "index.html").read_bytes()) < 200_000

    strict = site.build()
    assert strict.code != 0
    errors = re.findall(r"^ERROR +- ", strict.log, flags=re.MULTILINE)
    aborted = re.search(r"Aborted with (\d+) errors", strict.log)
    _, _, failed = strict.summary()  # logged, though the build fails
    assert aborted and int(aborted[1]) == len(errors) == failed, strict.log
    assert "docs/index.en.md:9: {= snippets/fine.py | x =}: ValueError" in strict.log
