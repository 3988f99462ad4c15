"""Under `mkdocs serve` a translation mismatch or a missing include never stops the server: it
is shown on the pages it concerns and in the terminal, and goes once fixed. Strictness is
`mkdocs build --strict`'s."""

from __future__ import annotations

import pytest
from kit.root import ROOT
from kit.sites import checked_site
from kit.throwaway_site import serving

from hf_model_guide import mkdocs_yml

NOTICE = {"zh": "这一页有问题", "en": "This page has problems"}
PAGES = ["", "other/", "en/", "en/other/"]
# A rebuild of this small site takes about a second; the margin is for a loaded 2-core machine.
SHOWN_WITHIN = 30


def test_the_real_config_leaves_strictness_to_the_command_line():
    assert "strict" not in mkdocs_yml.read(ROOT / "mkdocs.yml")


@pytest.mark.build
def test_a_mismatch_while_serving_is_shown_and_every_page_keeps_answering(tmp_path):
    site = checked_site(tmp_path / "site", tmp_path / "cache")
    site.write("docs/index.md", "# 首页 { #home }\n\n[另一页](other.md)\n")
    site.write("docs/index.en.md", "# Home { #home }\n\n[Other](other.md)\n")
    site.write("docs/other.md", "# 另一页 { #other }\n")
    site.write("docs/other.en.md", "# Other { #other }\n")
    with serving(site) as served:
        first, _ = served.wait_for("en/", lambda html: "Home" in html, seconds=120)
        assert first is not None, "mkdocs serve never answered"
        assert NOTICE["en"] not in first

        # The natural order: the original gets a new section first, the translation later.
        site.write(
            "docs/index.md", "# 首页 { #home }\n\n[另一页](other.md)\n\n## 新的一节 { #new }\n"
        )
        shown, seconds = served.wait_for("en/", lambda html: NOTICE["en"] in html, SHOWN_WITHIN)
        assert shown is not None, f"no notice after {seconds:.0f} s"
        assert "docs/index.en.md: no heading with anchor #new" in shown
        assert NOTICE["zh"] in served.get("")  # the original names the problem too
        for page in PAGES:  # every page of both languages answers, at once
            served.get(page, timeout=5)
        assert NOTICE["en"] not in served.get("en/other/")  # not a page the problem concerns

        site.write("docs/index.en.md", "# Home { #home }\n\n[Other](other.md)\n\n## New { #new }\n")
        gone, seconds = served.wait_for("en/", lambda html: NOTICE["en"] not in html, SHOWN_WITHIN)
        assert gone is not None and "New" in gone, f"the notice stayed {seconds:.0f} s"
        assert NOTICE["zh"] not in served.get("")

        # A pymdownx.snippets include of a file that is not there (it would abort a rebuild).
        site.write("docs/other.md", '# 另一页 { #other }\n\n--8<-- "nope.txt"\n')
        shown, seconds = served.wait_for("other/", lambda html: NOTICE["zh"] in html, SHOWN_WITHIN)
        assert shown is not None, f"no notice after {seconds:.0f} s"
        assert "docs/other.md:3: --8&lt;-- include: no file nope.txt" in shown  # HTML-escaped
        for page in PAGES:
            served.get(page, timeout=5)
        site.write("docs/other.md", "# 另一页 { #other }\n")
        gone, _ = served.wait_for("other/", lambda html: NOTICE["zh"] not in html, SHOWN_WITHIN)
        assert gone is not None
        assert served.process.poll() is None
    assert "docs/index.en.md: no heading with anchor #new, which docs/index.md:5 has" in served.log
    assert "docs/other.md:3: --8<-- include: no file nope.txt" in served.log
