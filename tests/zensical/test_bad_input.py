"""Bad input is reported alike by both builders: a failing snippet, an include of a file that
does not exist, a ``--8<--`` include through a symbolic link out of its folder and a
translation whose structure differs fail ``mkdocs build --strict`` and
``zensical-i18n build --strict`` with the same ``path:line: ...`` lines. One throwaway site
holds all four: each builder reports every problem of the site in one build."""

from __future__ import annotations

import re

import pytest
from kit.sites import checked_site, commit
from kit.zensical_build import zensical_build

pytest.importorskip("zensical_i18n", reason="the zensical extra: pip install -e '.[zensical]'")

# MkDocs logs "ERROR    -  hf_model_guide: docs/a.md:3: ..."; Zensical prints the line itself.
PROBLEM = re.compile(r"^(?:(?:ERROR|WARNING)\s+-\s+[\w.-]+: )?(?P<line>[\w./-]+\.\w+:\d+: .+)$")


def problems(log: str) -> set[str]:
    return {m["line"] for m in map(PROBLEM.match, log.splitlines()) if m}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-input")
    site = checked_site(root / "site", root / "cache")
    # Zensical runs no plugin: the site lists the extension (the real mkdocs.yml does too).
    yml = site.root / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "markdown_extensions:\n",
            "markdown_extensions:\n  - hf_model_guide.pages.markdown_ext\n",
        ),
        encoding="utf-8",
    )
    site.write("snippets/fails.py", "print('before')\nraise ValueError('no such label')\n")
    (root / "token").write_text("a maintainer's token\n", encoding="utf-8")
    (site.root / "snippets").mkdir(exist_ok=True)
    (site.root / "snippets" / "token.txt").symlink_to(root / "token")
    site.write(
        "docs/index.md",
        '# 首页\n\n{* snippets/fails.py *}\n\n{* snippets/gone.py *}\n\n--8<-- "token.txt"\n',
    )
    site.write("docs/index.en.md", "# Home\n\n{* snippets/fails.py *}\n\n{* snippets/gone.py *}\n")
    site.write("docs/other.md", "# 另一页\n\n## 一节\n\n文字。\n")
    site.write("docs/other.en.md", "# Another page\n\nText, and no section.\n")
    commit(site.root, "pages")
    return site


@pytest.mark.build
def test_both_builders_fail_with_the_same_messages(broken_site):
    mkdocs = broken_site.build()  # --strict, in this process
    zensical = zensical_build(
        broken_site.root, broken_site.root / "zensical-site", env=broken_site.environ()
    )
    assert mkdocs.code != 0 and zensical.code != 0, (mkdocs.log, zensical.log)
    reported = problems(mkdocs.log)
    named = {line.split(": ")[0] for line in reported}
    # The four kinds, each named by file and line.
    expected = {"snippets/fails.py:2", "docs/index.md:5", "docs/index.md:7", "docs/other.en.md:1"}
    assert expected <= named, reported
    assert problems(zensical.log) == reported, zensical.log
