"""Leave out of a page's inline ``<style>`` blocks the rules that can match nothing on it.

mkdocs-jupyter inlines JupyterLab's whole stylesheet (dialogs, menus, widgets...) in every
notebook page, where a few hundred of its rules apply. A phone parses and matches all of it
before the first paint: dropping the rest makes the page less than half as heavy and cuts its
main-thread time (the figures: benchmarks/README.md, "What cost the score").

A rule stays when every class and id its selector names is in the page's markup, or is one
Material's scripts add as the page runs (``md-…``: mkdocs-jupyter styles its wide tables'
``.md-typeset__scrollwrap``); the page has no other script that adds classes. A selector that
puts ``:root`` below another element (mkdocs-jupyter scopes ``:root`` under ``.jupyter-wrapper``)
matches nothing and goes. Selectors inside functional pseudo-classes (``:not(.a)``,
``:is(...)``) are not required to match; at-rules other than ``@media`` and ``@supports`` are
kept as they are. A caller may also name selectors to leave out although they match (``drop``).
"""

from __future__ import annotations

import re
from collections.abc import Collection

import tinycss2

STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
ID_ATTR = re.compile(r'\sid="([^"]*)"')
NESTED = ("media", "supports")
# Classes Material's JavaScript gives elements after load (md-typeset__scrollwrap, md-annotation).
ADDED_LATER = ("md-",)


def purge(html: str, drop: Collection[str] = ()) -> str:
    """``html`` with each inline stylesheet reduced to the rules its markup can use, less the
    selectors in ``drop`` (written as the stylesheet writes them, whitespace aside)."""
    markup = STYLE.sub("", html)
    classes = {name for m in CLASS_ATTR.finditer(markup) for name in m[1].split()}
    ids = set(ID_ATTR.findall(markup))
    return STYLE.sub(lambda m: m[1] + used_rules(m[2], classes, ids, drop) + m[3], html)


def named_classes(css: str) -> set[str]:
    """Every class a stylesheet names (and a few words that only look like one, as in
    ``url(a.png)``: more is the safe side for a caller asking "is this class styled?")."""
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", css))


def used_rules(css: str, classes: set[str], ids: set[str], drop: Collection[str] = ()) -> str:
    """The rules of ``css`` whose selectors can match an element with those classes and ids,
    less the selectors in ``drop``."""
    dropped = {" ".join(selector.split()) for selector in drop}
    kept: list[str] = []
    for rule in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if rule.type == "qualified-rule":
            matching = [
                tinycss2.serialize(s).strip()
                for s in selectors_of(rule.prelude)
                if can_match(s, classes, ids)
            ]
            selectors = [s for s in matching if " ".join(s.split()) not in dropped]
            if selectors:
                kept.append(", ".join(selectors) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in NESTED and rule.content:
            inner = used_rules(tinycss2.serialize(rule.content), classes, ids, drop)
            if inner:
                prelude = tinycss2.serialize(rule.prelude)
                kept.append(f"@{rule.at_keyword}{prelude}{{{inner}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
        # anything else is a parse error: browsers drop it too
    return "\n".join(kept)


def selectors_of(prelude: list) -> list[list]:
    """A selector list's selectors, split at its own commas (not those inside ``:is(a, b)``,
    which tinycss2 keeps inside the function's token)."""
    selectors: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def can_match(selector: list, classes: set[str], ids: set[str]) -> bool:
    """Whether every class (``.`` then a name) and id (``#name``) the selector requires is on
    the page. Attribute values (``[href$=".pdf"]``) and what functional pseudo-classes name
    (``:not(.a)``) are tokens of their own, so they never count."""
    combined = False  # past the first compound selector: a descendant cannot be the root
    for before, token in zip([None, *selector], selector, strict=False):
        if token.type == "hash" and token.value not in ids:
            return False
        if before is not None and (
            token.type == "whitespace" or (token.type == "literal" and token.value in ">+~")
        ):
            combined = True
        # ".jupyter-wrapper :root {...}": most of mkdocs-jupyter's icons
        if combined and token.type == "ident" and token.value == "root" and _is_colon(before):
            return False
        if (
            token.type == "ident"
            and before is not None
            and before.type == "literal"
            and before.value == "."
            and token.value not in classes
            and not token.value.startswith(ADDED_LATER)
        ):
            return False
    return True


def _is_colon(token) -> bool:
    return token is not None and token.type == "literal" and token.value == ":"
