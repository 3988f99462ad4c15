"""Site Markdown → notebook Markdown: what Jupyter and Colab cannot show is rewritten."""

from __future__ import annotations

from hf_model_guide.notebooks.prose import Links, markdown_cells

SITE = "https://example.invalid/guide/"
LINKS = Links(SITE, "en/", SITE + "en/article/")


def cells(text: str, lang: str = "en") -> list[str]:
    return markdown_cells(text, lang=lang, links=LINKS)


def test_each_heading_starts_a_cell_and_keeps_its_anchor_for_the_pages_links():
    assert cells(
        "# Title { #top }\n\nIntro, see [below](#more).\n\n## More { #more }\n\nText\n"
    ) == [
        '<a id="top"></a>\n\n# Title\n\nIntro, see [below](#more).',
        '<a id="more"></a>\n\n## More\n\nText',
    ]


def test_admonitions_and_details_become_block_quotes_with_their_title_and_tables_follow():
    text = (
        '!!! info "About"\n\n    First line\n\n    | a | b |\n    |---|---|\n    Last\n'
        "After\n\n???+ warning\n    Body\n"
    )
    assert cells(text) == [
        (
            "> **About**\n>\n> First line\n\n| a | b |\n|---|---|\n\n> Last\n\nAfter\n\n"
            "> **Warning**\n>\n> Body"
        )
    ]


def test_links_to_pages_point_at_the_published_site_and_urls_stay():
    text = (
        "[card](standin.md) [home](index.md#x) [sub](a/index.md) [web](https://hf.co/x) "
        "[here](#y) [mail](mailto:a@b.c)"
    )
    assert cells(text) == [
        (
            f"[card]({SITE}en/standin/) [home]({SITE}en/#x) [sub]({SITE}en/a/) "
            "[web](https://hf.co/x) [here](#y) [mail](mailto:a@b.c)"
        )
    ]


def test_interactive_html_is_replaced_by_a_link_to_the_page_in_the_readers_language():
    text = 'Before\n\n<div class="demo" data-x>\n<div><p>inner</p></div>\n<button>go</button>\n</div>\n\nAfter\n'
    assert cells(text, "zh") == [
        f"Before\n\n（这里是网站上的交互内容，请在[网站上的这一页]({SITE}en/article/)查看。）\n\nAfter"
    ]
    assert "see [this page on the site]" in cells(text, "en")[0]


def test_the_open_in_colab_paragraph_is_left_out_and_attribute_lists_dropped():
    text = (
        "Intro\n\nAlso a notebook:\n[Open in Colab](https://colab.research.google.com/github/o/r)"
        "{ .md-button } [Download](a.ipynb){ .md-button }\n\n[Next](#n){ .md-button }\n"
    )
    assert cells(text) == ["Intro\n\n[Next](#n)"]


def test_fenced_code_is_left_exactly_as_written():
    text = "```mermaid\nflowchart LR\n# not a heading\n!!! not an admonition\n```\n\n[x](y.md)\n"
    assert cells(text) == [
        f"```mermaid\nflowchart LR\n# not a heading\n!!! not an admonition\n```\n\n[x]({SITE}en/y/)"
    ]


def test_an_admonition_with_more_classes_and_its_engine_values_become_plain_markdown():
    text = (
        '!!! info standin "The stand-in"\n\n'
        '    Hidden size <span class="snippet-value" data-snippet="s.py" title="s.py">384</span>, '
        'real <span class="quoted-value" data-quote="repo.hidden_size" title="Hub">768</span>.\n'
    )
    assert cells(text) == ["> **The stand-in**\n>\n> Hidden size 384, real 768."]


def test_an_empty_title_leaves_the_quote_untitled_and_span_anchors_become_a_anchors():
    assert cells('!!! info ""\n\n    One line.\n') == ["> One line."]
    assert cells('| <span id="erratum-x"></span>said | true |\n') == [
        '| <a id="erratum-x"></a>said | true |'
    ]


def test_a_fences_attribute_list_becomes_its_language():
    text = '!!! quote "2023"\n\n    ``` { .text .quoted-value }\n    [1, 2]\n    ```\n'
    assert cells(text) == ["> **2023**\n>\n> ```text\n> [1, 2]\n> ```"]
