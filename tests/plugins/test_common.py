"""What the three plugins share (hf_model_guide.plugins.common), and their options as MkDocs
validates them."""

from __future__ import annotations

from hf_model_guide.pages.builder_page import page_link
from hf_model_guide.plugins.common import NestedBuilds
from hf_model_guide.plugins.notebooks import NotebooksConfig
from hf_model_guide.plugins.run_snippets import SnippetsConfig
from hf_model_guide.plugins.translation_notices import TranslationNoticesConfig


def test_a_link_to_a_docs_path_stays_in_the_page_language():
    assert page_link("standin.md", "article.md") == "standin.md"
    assert page_link("standin.md", "article.en.md") == "standin.md"
    assert page_link("standin.md", "guide/deep/page.md") == "../../standin.md"
    assert page_link("contributing.md#translations", "guide/page.md") == (
        "../contributing.md#translations"
    )
    assert page_link("https://x.invalid/card", "guide/page.en.md") == "https://x.invalid/card"
    assert page_link("/card/", "guide/page.md") == "/card/"
    assert page_link("", "guide/page.md") == ""


def test_only_the_outer_build_counts_as_outer():
    builds = NestedBuilds()
    assert builds.enter()  # the outer build
    assert not builds.enter()  # i18n's nested build of another language
    assert not builds.leave()
    assert builds.leave()  # the outer build ends
    builds.enter()
    builds.reset()  # a build error
    assert builds.enter()


def validate(config_class, options: dict):
    config = config_class()
    config.load_dict(options)
    failed, _ = config.validate()
    return {name: str(error) for name, error in failed}


def test_a_typo_in_model_source_names_the_option_and_the_choices():
    failed = validate(SnippetsConfig, {"model_source": "ofline"})
    assert list(failed) == ["model_source"]
    for choice in ("hub", "offline", "auto", "none"):
        assert repr(choice) in failed["model_source"]
    assert validate(SnippetsConfig, {"model_source": "offline"}) == {}
    assert validate(SnippetsConfig, {}) == {}  # unset: the environment decides


def test_the_plugins_defaults_validate():
    for config_class in (SnippetsConfig, NotebooksConfig, TranslationNoticesConfig):
        assert validate(config_class, {}) == {}
