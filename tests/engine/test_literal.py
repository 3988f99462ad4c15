"""Output and values reach the reader byte for byte, whatever they contain (issue 13, point 3),
but for control characters: colour codes dropped, the others but tab and newline shown as
U+FFFD (issue 33)."""

from __future__ import annotations

import pytest
from kit.throwaway_site import Site

pytestmark = pytest.mark.build

# A line holding a section marker is a marker, in the snippet as for pymdownx.snippets, so
# the printed markers are put together at run time.
PRINTS = r"""
scissors = "--8" + "<--"
marker = f"# {scissors} [start:x]"
include = '--8<-- "secret.txt"'
print(include)
print("--8<--")
print("secret.txt")
print("--8<--")
print(marker)
print("kept")
print(f"# {scissors} [end:x]")
print("a\tb\x02c")
print("\x1b[31mred\x1b[0m plain")
"""

EXPECTED = (
    '--8<-- "secret.txt"\n--8<--\nsecret.txt\n--8<--\n'
    "# --8<-- [start:x]\nkept\n# --8<-- [end:x]\na\tb\ufffdc\nred plain\n"
)

PAGE = """
# Page

{* snippets/prints.py *}

Marker: {= snippets/prints.py | marker =}

{= snippets/prints.py | include =}

{* snippets/raises.py *}
"""


def test_printed_snippet_lines_markers_and_tabs_are_shown_as_printed(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    site.write("snippets/secret.txt", "SECRET-FILE\n")
    site.write("snippets/prints.py", PRINTS)
    site.write("snippets/raises.py", "raise ValueError('--8<-- \"secret.txt\"')\n")
    site.write("docs/index.md", PAGE.replace("Page", "页"))
    site.write("docs/index.en.md", PAGE)
    build = site.build(strict=False)
    assert build.code == 0, build.log
    page = build.page("en")
    assert page.select_one(".snippet-output code").text == EXPECTED
    assert "a\tb\ufffdc" in (build.site / "en" / "index.html").read_text()
    text = page.select_one("article").text
    assert "Marker: # --8<-- [start:x]" in text
    assert '--8<-- "secret.txt"' in page.select("article p")[1].text
    failure = page.select_one(".admonition.failure").text
    assert 'ValueError: --8<-- "secret.txt"' in failure
    published = "".join(
        f.read_text(errors="replace")
        for f in build.site.rglob("*")
        if f.suffix in (".html", ".json", ".xml")
    )
    assert "SECRET-FILE" not in published
    assert "\x1b" not in published
    assert "snippetliteral" not in published  # every token was swapped back
