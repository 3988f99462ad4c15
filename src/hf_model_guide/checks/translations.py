"""The translation check: every page in every language, with the same structure, kept current.

Pages follow mkdocs-static-i18n's suffix structure: ``docs/page.md`` is the default language
(Chinese), ``docs/page.en.md`` its English translation. For each page this module checks:

- **presence**: every language has the page, unless the default-language page says in its front
  matter that a translation is still to come (``waiting_for_translation: true``, or a list of
  locales such as ``[en]``); such a page is built from the default language with a notice;
- **structure**: the translation has the same heading anchors, in the same order (headings
  whose text differs by language carry an explicit ``{ #id }``), the same snippet includes
  (path and section, in order) and the same number of fenced code blocks;
- **currency** (git history, see ``translation_history``): a translation whose source page was
  committed after the translation's last commit is listed as possibly out of date, with the
  sections of the original that changed since (``translation_sections``).

Missing pages and structure differences are errors; an outdated translation is only listed
(the site shows a notice on it). No MkDocs import here: ``plugins.translation_notices`` is the adapter
that shows the notices, and ``python -m hf_model_guide.checks.translations`` runs the check.
"""

from __future__ import annotations

import argparse
import posixpath
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from hf_model_guide import labels, mkdocs_yml
from hf_model_guide.checks import translation_sections
from hf_model_guide.checks.translation_history import (
    CHECKED,
    Outdated,
    find_outdated,
    original_at,
    resolve_commit,
)
from hf_model_guide.checks.translation_pages import (
    Page,
    TranslationError,
    parse_page,
    read_page,
)
from hf_model_guide.checks.translation_sections import SectionChange
from hf_model_guide.pages import cjk

FLAG = "waiting_for_translation"


@dataclass(frozen=True)
class Languages:
    default: str
    others: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (self.default, *self.others)


def languages_from_mkdocs(config_file: Path) -> Languages:
    """The locales of the ``i18n`` plugin in ``mkdocs.yml``: the default one, then the others."""
    try:
        config = mkdocs_yml.read(config_file)
    except ValueError as exc:
        raise TranslationError(str(exc)) from None
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = (plugin["i18n"] or {}).get("languages") or []
            default = [lang["locale"] for lang in langs if lang.get("default")]
            if len(default) != 1:
                raise TranslationError(f"{config_file}: the i18n plugin needs one default language")
            others = tuple(lang["locale"] for lang in langs if not lang.get("default"))
            return Languages(default[0], others)
    raise TranslationError(f"{config_file}: no i18n plugin, so no languages to check")


def waiting_languages(page: Page, languages: Languages) -> set[str]:
    flag = page.meta.get(FLAG, False)
    if flag is True:
        return set(languages.others)
    if isinstance(flag, str):
        return {flag}
    if isinstance(flag, list):
        return {str(lang) for lang in flag}
    return set()


def compare(source: Page, translation: Page) -> list[str]:
    """Where the translation's structure differs from its source page, one message each."""
    problems: list[str] = []
    src_anchors = [h.anchor for h in source.headings]
    tr_anchors = [h.anchor for h in translation.headings]
    if src_anchors != tr_anchors:
        for h in source.headings:
            if h.anchor not in tr_anchors:
                hint = "" if h.explicit else " (give the heading an explicit { #id } in both pages)"
                problems.append(
                    f"{translation.path}: no heading with anchor #{h.anchor}, which "
                    f"{source.path}:{h.line} has{hint}"
                )
        for h in translation.headings:
            if h.anchor not in src_anchors:
                problems.append(
                    f"{translation.path}:{h.line}: heading anchor #{h.anchor} is not "
                    f"in {source.path}; use the same {{ #id }} as the original"
                )
        if not problems:
            first = next(i for i, (a, b) in enumerate(zip(src_anchors, tr_anchors)) if a != b)
            problems.append(
                f"{translation.path}:{translation.headings[first].line}: headings are "
                f"in another order than in {source.path} (#{tr_anchors[first]} where "
                f"{source.path}:{source.headings[first].line} has #{src_anchors[first]})"
            )
    src_inc = [what for _, what in source.includes]
    tr_inc = [what for _, what in translation.includes]
    if src_inc != tr_inc:
        i = next(
            (i for i, (a, b) in enumerate(zip(src_inc, tr_inc)) if a != b),
            min(len(src_inc), len(tr_inc)),
        )
        where = (
            f"{translation.path}:{translation.includes[i][0]}"
            if i < len(tr_inc)
            else translation.path
        )
        has = f"includes {tr_inc[i]}" if i < len(tr_inc) else "has no more includes"
        wants = (
            f"{source.path}:{source.includes[i][0]} includes {src_inc[i]}"
            if i < len(src_inc)
            else f"{source.path} has no more"
        )
        problems.append(f"{where}: snippet include {i + 1} differs: it {has}, where {wants}")
    if len(source.code_blocks) != len(translation.code_blocks):
        problems.append(
            f"{translation.path}: {len(translation.code_blocks)} fenced code blocks, "
            f"{source.path} has {len(source.code_blocks)}"
        )
    return problems


# ---------------------------------------------------------------------------------------------
# The whole docs folder.


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    outdated: list[Outdated] = field(default_factory=list)
    waiting: list[tuple[str, str]] = field(default_factory=list)  # (default-language page, lang)
    notes: list[str] = field(default_factory=list)
    # Every original page (docs-relative name, title) with its translations' file names.
    pages: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    # Outdated translation → the sections of its original that changed since it was in line.
    sections: dict[str, list[SectionChange]] = field(default_factory=dict)

    def outdated_paths(self) -> set[str]:
        return {o.translation for o in self.outdated}

    def describe(self, item: Outdated) -> str:
        """The outdated translation for logs, with the sections of its original that changed."""
        changed = translation_sections.summary(self.sections.get(item.translation, []))
        return item.describe() + (f"; sections: {changed}" if changed else "")

    def status(self, docs_dir: str, original: str, lang: str) -> str:
        """``translated``, ``outdated``, ``waiting`` or ``missing``: the page in ``lang``."""
        for name, _, translations in self.pages:
            if name == original and lang in translations:
                path = posixpath.join(docs_dir, translations[lang])
                return "outdated" if path in self.outdated_paths() else "translated"
        source = posixpath.join(docs_dir, original)
        return "waiting" if (source, lang) in self.waiting else "missing"


def page_language(name: str, languages: Languages) -> tuple[str, str]:
    """``a/page.en.md`` → (``a/page.md``, ``en``); ``a/page.md`` → (itself, the default)."""
    stem, _, _ = name.rpartition(".md")
    base, dot, suffix = stem.rpartition(".")
    if dot and suffix in languages.all:
        return f"{base}.md", suffix
    return name, languages.default


def check(
    root: Path, docs_dir: str = "docs", languages: Languages | None = None, history: bool = True
) -> Report:
    """Check ``root/docs_dir`` (paths in messages are relative to ``root``)."""
    root = Path(root)
    languages = languages or languages_from_mkdocs(root / "mkdocs.yml")
    report = Report()
    report.errors.extend(
        f"mkdocs.yml: language {lang!r} has no texts; add its block "
        "to LABELS in src/hf_model_guide/labels.py"
        for lang in languages.all
        if lang not in labels.LABELS
    )
    pages = _Pages(root / docs_dir, docs_dir, languages)
    for base, by_lang in sorted(pages.files().items()):
        pages.check(report, base, by_lang)
    if history:
        _check_history(root, report, pages)
    return report


@dataclass
class _Pages:
    """The docs folder's pages, and what checking them found for the history check after."""

    docs: Path
    docs_dir: str
    languages: Languages
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (original, translation)
    checked: dict[str, str] = field(default_factory=dict)  # translation → its checked commit
    read: dict[str, Page] = field(default_factory=dict)  # translation → its page

    def rel(self, name: str) -> str:
        return posixpath.join(self.docs_dir, name)

    def files(self) -> dict[str, dict[str, str]]:
        """Base page → language → file name (from the docs folder)."""
        files: dict[str, dict[str, str]] = {}
        for path in sorted(self.docs.rglob("*.md")):
            name = path.relative_to(self.docs).as_posix()
            base, lang = page_language(name, self.languages)
            files.setdefault(base, {})[lang] = name
        return files

    def check(self, report: Report, base: str, by_lang: dict[str, str]) -> None:
        """One original and its translations."""
        default = self.languages.default
        if default not in by_lang:
            for lang, name in sorted(by_lang.items()):
                report.errors.append(
                    f"{self.rel(name)}: a {lang} page without its {default} original "
                    f"{self.rel(base)}"
                )
            return
        try:
            source = read_page(self.docs / by_lang[default], self.rel(by_lang[default]))
        except TranslationError as exc:
            report.errors.append(str(exc))
            return
        if default.startswith("zh"):  # shown as a space (hf_model_guide.pages.cjk)
            report.errors.extend(
                f"{source.path}:{line}: a line break between two Chinese characters, or after "
                "Chinese punctuation, shows as a space; join the two lines"
                for line in cjk.soft_breaks(source.text)
            )
        title = str(source.meta.get("title") or "") or source.title or Path(by_lang[default]).stem
        translations = {lang: name for lang, name in by_lang.items() if lang != default}
        report.pages.append((base, title, translations))
        waiting = waiting_languages(source, self.languages)
        for lang in self.languages.others:
            self._check_translation(report, source, base, lang, by_lang.get(lang), waiting)

    def _check_translation(
        self,
        report: Report,
        source: Page,
        base: str,
        lang: str,
        name: str | None,
        waiting: set[str],
    ) -> None:
        if name is None:
            if lang in waiting:
                report.waiting.append((source.path, lang))
            else:
                stem = base[: -len(".md")]
                report.errors.append(
                    f"{source.path}: no {lang} translation ({self.rel(stem)}.{lang}.md); "
                    f"write it, or mark the page with `{FLAG}: true` in its front matter"
                )
            return
        if lang in waiting:
            report.errors.append(
                f"{source.path}: says `{FLAG}` for {lang}, but {self.rel(name)} exists; "
                "remove the flag"
            )
        try:
            translation = read_page(self.docs / name, self.rel(name))
        except TranslationError as exc:
            report.errors.append(str(exc))
            return
        report.errors.extend(compare(source, translation))
        self.pairs.append((source.path, translation.path))
        self.read[translation.path] = translation
        if CHECKED in translation.meta:
            self.checked[translation.path] = str(translation.meta[CHECKED])


def _check_history(root: Path, report: Report, pages: _Pages) -> None:
    """Translations older than their original (git), with the sections that changed."""
    has_history = shutil.which("git") and resolve_commit(root, "HEAD") is not None
    for checked_page, commit in pages.checked.items():
        if has_history and resolve_commit(root, commit) is None:
            report.errors.append(
                f"{checked_page}:2: `{CHECKED}: {commit}` names no commit of this "
                "repository; give the original's commit you checked the translation against"
            )
    outdated, note = find_outdated(root, pages.pairs, pages.checked)
    report.outdated = outdated
    for item in outdated:
        report.sections[item.translation] = changed_sections(
            root, item, pages.read[item.translation]
        )
    if note:
        report.notes.append(note)


def changed_sections(root: Path, item: Outdated, translation: Page) -> list[SectionChange]:
    """The sections of ``item``'s original that changed between the commit its translation
    was last in line with and the original's last commit (committed text on both sides)."""
    versions = []
    for commit in (item.translation_commit, item.source_commit):
        text = original_at(root, item.source, commit)
        try:
            versions.append(parse_page(text, f"{item.source}@{commit[:8]}") if text else None)
        except TranslationError:
            versions.append(None)  # an old version the check cannot read: nothing to compare
    before, now = versions
    if now is None:
        return []
    names = (
        f"{item.source}@{item.translation_commit[:8]}",
        f"{item.source}@{item.source_commit[:8]}",
    )
    translated = {h.anchor: h.text for h in translation.headings}
    return translation_sections.changes(before, now, translated, names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hf_model_guide.checks.translations",
        description="Check that every page exists in every language with the same structure, "
        "and list translations older than their original.",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="project folder holding mkdocs.yml (default: .)",
    )
    parser.add_argument("--docs", default="docs", help="docs folder inside the project")
    parser.add_argument(
        "--no-history", action="store_true", help="skip the git history (outdated translations)"
    )
    args = parser.parse_args(argv)
    try:
        report = check(args.root, args.docs, history=not args.no_history)
    except TranslationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for page, lang in report.waiting:
        print(f"waiting for translation: {page} ({lang})")
    for item in report.outdated:
        print(f"may be out of date: {report.describe(item)}")
    for note in report.notes:
        print(f"note: {note}")
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    print(
        f"translations: {len(report.errors)} errors, {len(report.outdated)} maybe out of date, "
        f"{len(report.waiting)} waiting"
    )
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
