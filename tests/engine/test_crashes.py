"""A snippet that crashes, exits early or tampers with the worker is reported as what it did,
with its line and what it printed before (issue 13, point 8)."""

from __future__ import annotations

import pytest
from kit.throwaway_site import Site

pytestmark = pytest.mark.build

SNIPPETS = {
    "patches.py": "import json\n\njson.dumps = lambda *a, **k: 'nonsense'\nprint('patched')\n",
    "surrogate.py": "print('lone \\udc80 surrogate')\n",
    "exits.py": "print('before exit')\nimport os\n\nos._exit(3)\n",
    "segfault.py": "import ctypes\n\nprint('before crash', flush=True)\nctypes.string_at(0)\n",
}


def test_crashes_and_tampering_keep_the_output_and_name_the_line(tmp_path):
    site = Site(tmp_path / "project", tmp_path / "cache")
    page = ""
    for name, text in SNIPPETS.items():
        site.write(f"snippets/{name}", text)
        page += f"{{* snippets/{name} *}}\n\n"
    site.write("docs/index.md", "# 页\n\n" + page)
    site.write("docs/index.en.md", "# Page\n\n" + page)
    build = site.build(strict=False)
    assert build.code == 0, build.log
    assert build.summary() == (2, 0, 2)
    outputs = [b.select_one("code").text for b in build.page("en").select(".snippet-output")]
    assert outputs == [
        "patched\n",
        "lone \\udc80 surrogate\n",
        "before exit\n",
        "before crash\n",
    ]
    assert "snippets/exits.py:4: the process running it ended with exit status 3" in build.log
    assert "snippets/segfault.py:4: the process running it was killed by signal 11" in build.log
    assert "(SIGSEGV)" in build.log
