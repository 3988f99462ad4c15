"""Internal links and anchors: the strict build fails on a broken one, and the built site has
none in either language (lychee, offline, with the site's path prefix). External links are
checked by a command that needs the internet, never run here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from kit.root import ROOT
from kit.sites import checked_site

from hf_model_guide import mkdocs_yml
from hf_model_guide.checks import links

SITE_URL = "https://example.invalid/guide/"


def write_html(site: Path, files: dict[str, str]) -> Path:
    for name, body in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    return site


def test_the_checker_finds_missing_pages_and_anchors(tmp_path):
    site = write_html(
        tmp_path,
        {
            "index.html": '<h1 id="top">t</h1><a href="page/#intro">ok</a> <a href="page/#nope">x</a>'
            '<a href="gone/">x</a> <a href="#top">ok</a> <a href="#missing">x</a>'
            '<a href="https://example.com/#anything">external</a> <a href="#">top</a>'
            '<a href="mailto:a@example.invalid">mail</a>',
            "page/index.html": '<h2 id="intro">i</h2><a href="../index.html#top">ok</a>'
            '<a href="/guide/page/#intro">ok</a><a href="/elsewhere/">x</a>'
            f'<a href="{SITE_URL}en/#top">x</a>'
            '<img src="../assets/missing.png">',
        },
    )
    missing, no_anchor = "File not found", "Cannot find fragment"
    found = links.check(site, SITE_URL)
    assert [line.split(": ", 2)[:2] for line in found] == [
        ["index.html", "link /gone"],
        ["index.html", "link /index.html#missing"],
        ["index.html", "link /page#nope"],
        ["page/index.html", "link /assets/missing.png"],
        ["page/index.html", "link /elsewhere"],  # root-relative, outside the site's path
        ["page/index.html", "link /en/#top"],  # the published address of a missing page
    ]
    assert [no_anchor in line for line in found] == [False, True, True, False, False, False]
    assert all(missing in line for line in found if no_anchor not in line)
    # Under the site's path prefix, and the published address: files of the site.
    followed = links.checked(site, SITE_URL)["page/index.html"]
    assert "/page#intro" in [link.replace("/#", "#") for link in followed]


def test_the_real_config_fails_the_build_on_a_missing_anchor():
    # MkDocs' own anchor validation is "info" unless raised; strict then ignores it.
    assert mkdocs_yml.read(ROOT / "mkdocs.yml")["validation"]["anchors"] == "warn"


@pytest.mark.build
@pytest.mark.parametrize(
    "link, message",
    [
        ("missing.md", "'missing.md', but the target is not found among documentation files"),
        (
            "other.md#nowhere",
            ("'other.md#nowhere', but the doc 'other.md' does not contain an anchor '#nowhere'"),
        ),
    ],
    ids=["page", "anchor"],
)
def test_a_broken_internal_link_fails_the_build(tmp_path, link, message):
    site = checked_site(tmp_path / "site", tmp_path / "cache")
    site.write("docs/index.md", f"# 首页 {{ #home }}\n\n[另一页]({link})\n")
    site.write("docs/index.en.md", f"# Home {{ #home }}\n\n[Other]({link})\n")
    site.write("docs/other.md", "# 另一页 { #other }\n")
    site.write("docs/other.en.md", "# Other { #other }\n")
    build = site.build()
    assert build.code != 0
    assert f"Doc file 'index.md' contains a link {message}" in build.log, build.log


@pytest.mark.build
def test_the_built_site_has_no_broken_internal_link(built_site):
    site_url = mkdocs_yml.read(ROOT / "mkdocs.yml")["site_url"]
    assert links.check(built_site.path, site_url) == []
    checked = links.checked(built_site.path, site_url)
    assert "en/contributing/index.html" in checked and "contributing/index.html" in checked
    # The language selector's links are among those checked, and the stylesheets.
    assert any(link.startswith("/en/contributing") for link in checked["contributing/index.html"])
    assert any(link.endswith(".css") for link in checked["contributing/index.html"])


def test_the_command_reports_broken_links(tmp_path):
    site = write_html(
        tmp_path / "site",
        {"index.html": '<a href="gone/">x</a> <a href="https://example.com/">out</a>'},
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: t\nsite_url: {SITE_URL}\n", encoding="utf-8")
    command = [sys.executable, "-m", "hf_model_guide.checks.links"]
    done = subprocess.run(
        [*command, "check", str(site), "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("index.html: link /gone: File not found")
    assert done.stdout.splitlines()[1].startswith("links: 1 broken")
    done = subprocess.run(
        [*command, "check", str(tmp_path / "nothing")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "no index.html; build the site first" in done.stderr
