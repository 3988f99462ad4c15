"""Notebook pages rendered once (hf_model_guide.notebooks.rendered): what the key is made of,
and entries written whole, read back, and replaced when they are not ours."""

from __future__ import annotations

import json
import os
import time

import pytest

from hf_model_guide.notebooks import rendered
from hf_model_guide.notebooks.rendered import Rendered

OPTIONS = {"execute": False, "theme": "", "ignore_h1_titles": True, "cache": False}
VERSIONS = {"mkdocs-jupyter": "0.26.3", "nbconvert": "7.16.6"}


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "article.ipynb"
    path.write_text('{"cells": []}', encoding="utf-8")
    return path


def key(notebook, lang="zh", options=OPTIONS, versions=VERSIONS):
    return rendered.page_key(notebook, lang, options, versions)


def test_the_key_changes_with_the_notebook_language_options_and_versions(notebook):
    first = key(notebook)
    assert key(notebook) == first
    assert key(notebook, lang="en") != first
    assert key(notebook, options={**OPTIONS, "theme": "dark"}) != first
    assert key(notebook, versions={**VERSIONS, "nbconvert": "7.17.0"}) != first
    notebook.write_text('{"cells": [1]}', encoding="utf-8")
    assert key(notebook) != first


def test_where_mkdocs_jupyter_keeps_its_own_cache_is_not_part_of_the_key(notebook):
    moved = {**OPTIONS, "cache": True, "cache_dir": "elsewhere"}
    assert key(notebook, options=moved) == key(notebook)


def test_the_key_covers_the_libraries_that_render_and_the_drawings_inlined():
    assert {"mkdocs-jupyter", "nbconvert", "pygments", "tinycss2"} <= set(rendered.LIBRARIES)
    assert rendered.library_versions()["mkdocs-jupyter"] is not None


def test_a_stored_page_is_read_back_and_no_temporary_file_stays(tmp_path):
    page = Rendered("<p>中文</p>", None)
    rendered.store(tmp_path / "rendered", "k1", page, keep_for=600)
    assert rendered.load(tmp_path / "rendered", "k1") == page
    assert rendered.load(tmp_path / "rendered", "k2") is None
    assert [p.name for p in (tmp_path / "rendered").iterdir()] == ["k1.json"]


def test_a_file_that_is_not_our_entry_is_a_miss(tmp_path):
    folder = tmp_path / "rendered"
    folder.mkdir()
    (folder / "k1.json").write_text('{"content": "<p>half', encoding="utf-8")
    assert rendered.load(folder, "k1") is None
    (folder / "k1.json").write_text(json.dumps({"key": "k2", "content": "x"}), encoding="utf-8")
    assert rendered.load(folder, "k1") is None


def test_a_write_that_fails_leaves_nothing_behind(tmp_path, monkeypatch):
    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        rendered.store(tmp_path, "k1", Rendered("<p>x</p>", None), keep_for=600)
    assert list(tmp_path.iterdir()) == []


def test_storing_removes_the_entries_beside_it_no_build_used_lately(tmp_path):
    rendered.store(tmp_path, "old", Rendered("a", None), keep_for=600)
    rendered.store(tmp_path, "recent", Rendered("b", None), keep_for=600)
    long_ago = time.time() - 3600
    os.utime(tmp_path / "old.json", (long_ago, long_ago))
    rendered.store(tmp_path, "new", Rendered("c", "Title"), keep_for=600)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json", "recent.json"]
    assert rendered.load(tmp_path, "new") == Rendered("c", "Title")
