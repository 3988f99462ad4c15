"""A hub build whose checkpoint prints other numbers than the 2023 article fails strict.

Proven offline: a local Hub mirror serves the stand-in's weights under the real checkpoint's
id, so the build believes it used the real checkpoint, and its logits are not the article's.
"""

from __future__ import annotations

import pytest
from kit.hub_mirror import HubMirror
from kit.root import ROOT
from kit.throwaway_site import MKDOCS_YML, Site

from hf_model_guide.model import source as model_source
from hf_model_guide.pages import quoted

pytestmark = pytest.mark.build

PAGE = """\
# Logits

{* snippets/article/forward.py section=forward *}

{" article.logits "}
"""


@pytest.fixture(scope="module")
def disagreeing_build(tmp_path_factory, standin_folder):
    root = tmp_path_factory.mktemp("agreement")
    site = Site(root, root / "cache")
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("model_source: none", "model_source: hub"), encoding="utf-8"
    )
    for rel in ("snippets/article/forward.py", quoted.DATA_FILE):
        site.write(rel, (ROOT / rel).read_text(encoding="utf-8"))
    site.write("docs/index.md", PAGE)
    with HubMirror(model_source.CHECKPOINT, standin_folder) as hub:
        return site.build(
            env={
                "HF_ENDPOINT": hub.url,
                "HF_HOME": str(root / "hf-home"),
                "HF_HUB_CACHE": str(root / "hf-home" / "hub"),
                "HF_HUB_OFFLINE": "0",
                model_source.MODE_ENV: "hub",
            }
        )


def test_a_mirror_serving_other_weights_fails_strict_naming_value_page_and_numbers(
    disagreeing_build,
):
    build = disagreeing_build
    assert build.code != 0, build.log
    lines = [line for line in build.log.splitlines() if "disagrees with the 2023 article" in line]
    assert lines, build.log
    assert "docs/index.md:5: article.logits disagrees" in lines[0]
    assert "article -1.5606991, this build " in lines[0]  # the article's number, then ours
    assert "tolerance 0.001" in lines[0]
