"""Acceptance: every build writes a deterministic output manifest into the site; `outputs diff`
reports an edited snippet with its text before and after; pages with outputs carry the
provenance note linking to the manifest."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest
from kit.throwaway_site import Site

from hf_model_guide.outputs import manifest

pytestmark = pytest.mark.build

HELLO = """
import random

from IPython.display import display


class Shout:
    def _repr_html_(self):
        return "<strong>hi</strong>"


x = random.random()
print("random", round(x, 4))
# --8<-- [start:answer]
y = 6 * 7
print("y is", y)
display(Shout())
# --8<-- [end:answer]
"""

PAGE_ZH = """
# 首页

{* snippets/hello.py *}

答案是 {= snippets/hello.py | y =}，随机数 {= snippets/hello.py | x | .3f =}。

{* snippets/hello.py section=answer *}
"""

PAGE_EN = """
# Home

{* snippets/hello.py *}

The answer is {= snippets/hello.py | y =}, the random number {= snippets/hello.py | x | .3f =}.

{* snippets/hello.py section=answer *}
"""

PROSE = """
# 说明

这页没有代码。
"""


# The build date is the manifest's one moving field: fixed, so a run crossing midnight UTC
# cannot fail the comparison (reproducible builds' SOURCE_DATE_EPOCH, 2025-11-25 00:00 UTC).
SAME_DAY = {"SOURCE_DATE_EPOCH": "1764028800"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def diff(old, new) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hf_model_guide", "outputs", "diff", str(old), str(new)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same site built twice, then once more with the snippet edited."""
    base = tmp_path_factory.mktemp("outputs")
    site = Site(base / "project", base / "cache")
    site.write("snippets/hello.py", HELLO)
    site.write("docs/index.md", PAGE_ZH)
    site.write("docs/index.en.md", PAGE_EN)
    site.write("docs/about.md", PROSE)
    first = site.build(env=SAME_DAY)
    assert first.code == 0, first.log
    saved = base / "first"
    first.site.rename(saved)
    second = site.build(env=SAME_DAY)
    assert second.code == 0, second.log
    assert second.summary() == (0, 1, 0)  # from the run cache: nothing ran again
    second_saved = base / "second"
    second.site.rename(second_saved)
    site.write("snippets/hello.py", HELLO.replace("6 * 7", "6 * 9"))
    edited = site.build(env=SAME_DAY)
    assert edited.code == 0, edited.log
    return saved, second_saved, edited


def test_two_builds_write_identical_manifests(builds):
    first, second, _ = builds
    assert (first / "outputs.json").read_bytes() == (second / "outputs.json").read_bytes()
    done = diff(first, second)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No output changed" in done.stdout


def test_the_manifest_records_outputs_values_and_environment(builds):
    data = json.loads((builds[0] / "outputs.json").read_text(encoding="utf-8"))
    assert data == manifest.load(builds[0])
    hello = data["snippets"]["snippets/hello.py"]
    assert hello["ok"] and hello["error"] is None
    assert hello["stdout"].endswith("y is 42\n") and hello["stdout"].startswith("random 0.")
    assert hello["sections"] == {"answer": "y is 42\n"}
    assert hello["values"]["y"] == "42" and len(hello["values"]["x | .3f"]) == 5
    # The exact number behind a shown float, which diff compares at the shown precision, and
    # where each printing piece starts (diff names path:line); an int needs neither.
    assert list(hello["exact"]) == ["x | .3f"]
    assert float(hello["exact"]["x | .3f"]) == pytest.approx(
        float(hello["values"]["x | .3f"]), abs=5e-4
    )
    assert [line for line, _ in hello["printed_from"]] == [1, 14]  # the file, the section
    html = {"mime": "text/html", "section": "answer", "sha256": sha256(b"<strong>hi</strong>")}
    assert html in hello["rich"]  # rich outputs by hash, with the section showing them
    assert data["pages"] == {
        page: {
            "snippets": ["snippets/hello.py", "snippets/hello.py#answer"],
            "values": ["snippets/hello.py | x | .3f", "snippets/hello.py | y"],
        }
        for page in ("docs/index.en.md", "docs/index.md")
    }  # the page without outputs is not listed
    env = data["environment"]
    assert env["python"] == ".".join(map(str, sys.version_info[:3]))
    assert env["packages"]["torch"] and env["packages"]["transformers"]
    assert "huggingface-hub" in env["packages"] and "mkdocs-material" in env["packages"]
    assert env["model"]["source"] == "none"  # this site has no model source
    # What the run key was made of, for diff to name what changed.
    inputs = hello["inputs"]
    assert inputs["code"] == sha256(HELLO.lstrip("\n").encode("utf-8"))  # as written
    assert inputs["imports"] == {} and inputs["data"] == {} and inputs["model"] == ""
    assert inputs["versions"]["transformers"] == env["packages"]["transformers"]
    assert data["built"] == "2025-11-25"  # SOURCE_DATE_EPOCH's date, no time of day


def test_an_edited_snippet_shows_before_and_after(builds):
    first, _, edited = builds
    done = diff(first, edited.site)
    assert done.returncode == 1, done.stdout + done.stderr
    report = done.stdout
    assert "### `snippets/hello.py`\n\nWhy: code changed.\n" in report  # beside its output
    assert "- `docs/index.md`: `snippets/hello.py` changed (code changed)" in report
    assert "<th>before</th><th>after</th>" in report
    before, after = report.split("<td", 2)[1:3]
    assert "y is 42" in before and "y is 54" in after
    assert "| `y` | `42` | `54` |" in report
    assert "## Environment" not in report  # same machine, same libraries


def test_diff_names_a_missing_manifest(tmp_path, builds):
    done = diff(tmp_path, builds[0])
    assert done.returncode == 2
    assert f"{tmp_path}/outputs.json: no such file" in done.stderr


@pytest.mark.parametrize(
    ("lang", "href", "title"),
    [("zh", "outputs.json", "这些输出是怎么来的"), ("en", "../outputs.json", "How these")],
)
def test_pages_with_outputs_say_how_they_were_made(builds, lang, href, title):
    from kit.throwaway_site import Build

    built = Build(0, "", builds[0])
    note = built.page(lang).select_one("div.snippet-provenance")
    assert note is not None and title in note.text
    assert note.select_one("a")["href"] == href  # the one manifest, at the site's root
    data = json.loads((builds[0] / "outputs.json").read_text(encoding="utf-8"))
    packages = data["environment"]["packages"]
    assert data["built"] in note.text
    assert f"torch {packages['torch']}" in note.text
    assert built.page("zh", "about").select_one("div.snippet-provenance") is None
