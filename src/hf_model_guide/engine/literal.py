"""Printed text that reaches the reader exactly as printed.

The engine hands MkDocs Markdown, and Markdown extensions then read every line of it:
pymdownx.snippets replaces a line ``--8<-- "file"`` by that file and drops section markers,
Python-Markdown expands tabs and removes some control characters. A snippet's output is
data, not page source, so it never goes into the Markdown: the page gets a token (letters
and digits, which nothing rewrites), and the HTML escaped output replaces the token once
Markdown is done (``Literals.html``). Where no Markdown pass follows (notebooks), ``plain``
puts the Markdown form back instead.

ANSI colour and cursor codes are dropped: a terminal would act on them, a page shows them as
raw ESC bytes.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable

# CSI (colours, cursor), OSC (titles, links; ended by BEL or ST), and any other ESC pair.
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def without_ansi(text: str) -> str:
    return ANSI.sub("", text)


def needs_shelter(text: str) -> bool:
    """Text that Markdown's passes would change: snippet lines, tabs, control characters."""
    return "8<" in text or any(ord(c) < 32 and c != "\n" for c in text)


class Literals:
    """The tokens of one rendered page and what each stands for."""

    def __init__(self) -> None:
        # Unguessable, so printed text cannot name another block's token.
        self.prefix = f"snippetliteral{secrets.token_hex(8)}n"
        self.items: dict[str, tuple[str, str]] = {}  # token -> (markdown form, html form)

    def add(self, markdown: str, html_form: str) -> str:
        token = f"{self.prefix}{len(self.items)}x"
        self.items[token] = (markdown, html_form)
        return token

    def block(self, text: str, indent: str = "") -> str:
        """A token for the body of a fenced text block: ``text`` as Markdown lines (indented
        like the block) or, in HTML, escaped as highlight would escape it."""
        lines = text.split("\n")
        markdown = lines[0] + "".join("\n" + (indent + line if line else "") for line in lines[1:])
        return self.add(markdown, html.escape(text, quote=False))

    def _swap(self, text: str, pick: Callable[[tuple[str, str]], str]) -> str:
        if not self.items:
            return text
        pattern = re.escape(self.prefix) + r"\d+x"
        return re.sub(
            pattern, lambda m: pick(self.items[m[0]]) if m[0] in self.items else m[0], text
        )

    def html(self, page_html: str) -> str:
        return self._swap(page_html, lambda item: item[1])

    def plain(self, markdown: str) -> str:
        return self._swap(markdown, lambda item: item[0])
