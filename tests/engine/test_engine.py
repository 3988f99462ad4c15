"""The engine core, without MkDocs: parsing, sections, cache keys, isolation, disclosure."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from kit.files import write

from hf_model_guide.engine import Engine, Snippet, SnippetError, Source, parse
from hf_model_guide.engine.directives import annotation_list_end


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    (root / "snippets").mkdir(parents=True)
    return root


def engine_for(root: Path, **kw) -> Engine:
    kw.setdefault("source", Source(kind="standin", fingerprint="fake-1"))
    return Engine(root, cache_folder=root.parent / "cache", preload=[], **kw)


def run(engine: Engine, pages: dict[str, str]) -> dict[str, str]:
    engine.begin_build()
    engine.prepare(pages)
    return {
        page: engine.render(text, page=page, lang="en").markdown for page, text in pages.items()
    }


# -- snippets and directives ----------------------------------------------------------------


def test_sections_follow_pymdownx_markers_and_markers_are_never_shown():
    snippet = Snippet("s.py", "a = 1\n# --8<-- [start:b]\nb = 2\n# --8<-- [end:b]\nc = 3\n")
    assert snippet.sections == {"b": (2, 4)}
    assert snippet.shown_code() == "a = 1\nb = 2\nc = 3"
    assert snippet.shown_code("b") == "b = 2"
    assert [(c.start, c.end, c.sections) for c in snippet.chunks] == [
        (1, 1, ()),
        (3, 3, ("b",)),
        (5, 5, ()),
    ]
    with pytest.raises(SnippetError, match="no section 'x'"):
        snippet.shown_code("x")
    with pytest.raises(SnippetError, match="never ended"):
        Snippet("s.py", "# --8<-- [start:b]\nb = 2\n")


def test_a_code_span_closes_on_as_many_backticks_as_opened_it():
    """As CommonMark reads them, the rule the number check and the quoted values share."""
    inside = parse("``a ` {= snippets/a.py | x =}``")
    assert inside.values == []
    # `a`` opens no span (no closing run of one backtick): the value is prose
    outside = parse("`a`` {= snippets/a.py | x =}")
    assert [v.expr for v in outside.values] == ["x"]


def test_directives_are_found_outside_code_only():
    parsed = parse(
        textwrap.dedent("""
        {* snippets/a.py section=s hl=1,3-4 title="A title" *}
        Text {= snippets/a.py | x + 1 | .2f =} and `{= snippets/a.py | y =}`.
        ```
        {* snippets/inside_fence.py *}
        ```
            {* snippets/b.py stderr=true *}
        {= snippets/c.py | a | b | =}
        {* snippets/a.py color=red *}
        """)
    )
    a, b = parsed.includes
    assert (a.path, a.section, a.hl, a.title, a.line) == (
        "snippets/a.py",
        "s",
        "1 3-4",
        "A title",
        2,
    )
    assert (b.path, b.indent, b.stderr) == ("snippets/b.py", "    ", True)
    values = [(v.path, v.expr, v.spec) for v in parsed.values]
    assert values == [("snippets/a.py", "x + 1", ".2f"), ("snippets/c.py", "a | b", "")]
    assert parsed.errors == [
        (
            9,
            (
                "unknown option 'color' (known: section, hl, title, stderr, run, timeout, "
                "device, alt, max_memory, max_file_size, max_processes)"
            ),
        )
    ]


def test_annotation_list_end_covers_items_and_their_continuations():
    lines = ["{* x *}", "", "1. one", "    more", "", "2. two", "", "Prose."]
    assert annotation_list_end(lines, 0) == 6
    assert annotation_list_end(["{* x *}", "", "Prose."], 0) == 1


# -- running ----------------------------------------------------------------------------------


@pytest.mark.build
def test_section_output_is_what_its_own_statements_printed(project):
    write(
        project,
        "snippets/s.py",
        """
        print("setup")
        # --8<-- [start:two]
        print("two")
        # --8<-- [end:two]
        print("tail")
    """,
    )
    engine = engine_for(project)
    page = "{* snippets/s.py section=two *}\n\n{* snippets/s.py *}\n"
    out = run(engine, {"p.md": page})["p.md"]
    assert '``` { .text .snippet-output title="Output" }\ntwo\n```' in out
    assert "setup\ntwo\ntail\n```" in out
    engine.close()


@pytest.mark.build
def test_an_expression_missing_from_the_cache_reruns_the_snippet(project):
    write(project, "snippets/v.py", "x = 0.123456\n")
    engine = engine_for(project)
    assert "0.12" in run(engine, {"p.md": "{= snippets/v.py | x | .2f =}"})["p.md"]
    assert engine.stats.executed == 1
    rendered = run(
        engine, {"p.md": "{= snippets/v.py | x | .2f =} {= snippets/v.py | x * 2 | .3f =}"}
    )
    mark = '<span class="snippet-value" data-snippet="snippets/v.py" title="snippets/v.py">'
    assert (
        rendered["p.md"] == f"{mark}0.12</span> {mark}0.247</span>" and engine.stats.executed == 1
    )
    run(engine, {"p.md": "{= snippets/v.py | x | .2f =} {= snippets/v.py | x * 2 | .3f =}"})
    assert (engine.stats.executed, engine.stats.cached) == (0, 1)  # both now in the entry
    engine.close()


@pytest.mark.build
def test_the_cache_key_covers_imported_project_modules_and_the_model_source(project):
    write(project, "snippets/helper.py", "VALUE = 1\n")
    write(project, "snippets/main.py", "from helper import VALUE\nprint(VALUE)\n")
    page = {"p.md": "{* snippets/main.py *}"}
    engine = engine_for(project)
    run(engine, page)
    assert run(engine, page) and engine.stats.cached == 1
    write(project, "snippets/helper.py", "VALUE = 2\n")
    out = run(engine, page)["p.md"]
    assert engine.stats.executed == 1 and "\n2\n```" in out
    engine.close()
    other_model = engine_for(project, source=Source(kind="standin", fingerprint="fake-2"))
    run(other_model, page)
    assert other_model.stats.executed == 1
    other_model.close()


@pytest.mark.build
def test_a_snippet_alone_prints_what_it_prints_after_the_others(project):
    write(project, "snippets/helper.py", "counter = []\n")
    write(
        project,
        "snippets/polluter.py",
        """
        import builtins, json, os, random, sys
        import helper
        helper.counter.append(1)
        random.seed(123)
        json.MARK = True
        builtins.leaked = True
        os.environ["LEAK"] = "1"
        sys.path.append("/nowhere")
        os.chdir("/")
    """,
    )
    write(
        project,
        "snippets/victim.py",
        """
        import builtins, json, os, random, sys
        import helper
        print(random.random(), len(helper.counter), hasattr(json, "MARK"))
        print(hasattr(builtins, "leaked"), "LEAK" in os.environ, "/nowhere" in sys.path)
        print(os.getcwd() == str(__import__("pathlib").Path(__file__).parents[1]))
        print(__name__)
    """,
    )
    victim = "{* snippets/victim.py *}"
    alone = engine_for(project, parallel=1)
    alone_out = run(alone, {"v.md": victim})["v.md"]
    alone.close()
    for entry in (project.parent / "cache" / "runs").glob("*.json"):
        entry.unlink()
    together = engine_for(project, parallel=1)  # one child at a time: polluter runs first
    after = run(together, {"a.md": "{* snippets/polluter.py *}", "v.md": victim})["v.md"]
    together.close()
    assert together.stats.executed == 2
    assert after == alone_out
    assert "False False False\nTrue\n__main__" in alone_out  # and the cwd is the project root


@pytest.mark.build
def test_two_runs_from_scratch_print_the_same(project):
    write(project, "snippets/r.py", "import random\nprint(random.random(), {'b', 'a', 'c'})\n")
    texts = []
    for _ in range(2):
        for entry in (project.parent / "cache" / "runs").glob("*.json"):
            entry.unlink()
        engine = engine_for(project)
        texts.append(run(engine, {"p.md": "{* snippets/r.py *}"})["p.md"])
        engine.close()  # a new worker process: new hash seed unless fixed
    assert texts[0] == texts[1]


@pytest.mark.build
def test_failure_names_path_line_and_exception_and_is_not_cached(project):
    write(project, "snippets/bad.py", "x = 1\nraise ValueError('nope')\n")
    engine = engine_for(project)
    run(engine, {"p.md": "{* snippets/bad.py *}"})
    assert engine.take_problems() == ["snippets/bad.py:2: ValueError: nope"]
    assert not list((project.parent / "cache" / "runs").glob("*.json"))
    engine.close()


# -- disclosure and switch ------------------------------------------------------------------


@pytest.mark.build
def test_stand_in_outputs_are_disclosed_in_the_page_language(project):
    write(
        project, "snippets/model.py", "# AutoModel.from_pretrained(...) would load it\nprint(1)\n"
    )
    write(project, "snippets/plain.py", "print(2)\n")
    engine = engine_for(project)
    pages = {"m.md": "# Title\n\n{* snippets/model.py *}\n", "p.md": "{* snippets/plain.py *}\n"}
    engine.prepare(pages)
    zh = engine.render(pages["m.md"], page="m.md", lang="zh", standin_url="../standin/")
    assert zh.standin and zh.markdown.startswith(
        '# Title\n\n!!! info ""\n\n    本页的输出来自[离线替身模型]'
    )
    assert "输出 · 离线替身模型" in zh.markdown  # and beside the output
    assert "(../standin/)" in zh.markdown
    assert not engine.render(pages["p.md"], page="p.md", lang="en").standin
    hub = engine_for(project, source=Source(kind="hub", fingerprint="hub"))
    hub.prepare(pages)
    assert not hub.render(pages["m.md"], page="m.md", lang="en").standin
    engine.close()
    hub.close()


def test_a_value_names_the_model_that_made_a_snippets_outputs(project):
    # {= path | @model =} labels outputs a page lays out itself (the demo's answers table)
    # as an output block's title does; a snippet that loads no model has no such label.
    write(project, "snippets/model.py", "# pipeline('sentiment-analysis') loads it\nx = 1\n")
    write(project, "snippets/plain.py", "x = 2\n")
    page = "{= snippets/model.py | @model =}, {= snippets/model.py | x =}\n"
    for kind, zh, en in [
        ("standin", "离线替身模型", "offline stand-in"),
        ("hub", "Hub 上的 checkpoint", "the Hub's checkpoint"),
    ]:
        engine = engine_for(project, source=Source(kind=kind, fingerprint=kind))
        engine.prepare({"m.md": page})
        for lang, label in (("zh", zh), ("en", en)):
            shown = engine.render(page, page="m.md", lang=lang).markdown
            value = '<span class="snippet-value" data-snippet="snippets/model.py"'
            assert shown.rstrip().endswith(f'{label}, {value} title="snippets/model.py">1</span>')
        assert engine.take_problems() == [] and engine.stats.failed == 0
        engine.close()
    engine = engine_for(project)
    engine.prepare({"p.md": "{= snippets/plain.py | @model =}\n"})
    problems = engine.take_problems()
    assert len(problems) == 1 and problems[0].startswith("p.md:1: {= snippets/plain.py | @model =}")
    assert "loads no model" in problems[0]
    engine.close()


@pytest.mark.build
def test_switched_off_nothing_runs_and_no_worker_starts(project):
    write(project, "snippets/a.py", "open('ran', 'w').write('x')\nprint('hi')\ny = 1\n")
    engine = engine_for(project, enabled=False, source=lambda: pytest.fail("resolved a model"))
    out = run(engine, {"p.md": "# T\n\n{* snippets/a.py *}\n\ny = {= snippets/a.py | y =}\n"})[
        "p.md"
    ]
    assert engine.worker is None and not (project / "ran").exists()
    assert "‹not run›" in out and "snippet-output" not in out and "!!! note" in out


@pytest.mark.build
def test_a_worker_that_cannot_start_fails_the_snippets_not_the_build(project, monkeypatch):
    from hf_model_guide.engine import runner

    write(project, "snippets/a.py", "print(1)\n")
    engine = engine_for(project)
    monkeypatch.setattr(
        runner.Worker,
        "start",
        lambda self: (_ for _ in ()).throw(runner.WorkerError("the snippet worker did not start")),
    )
    out = run(engine, {"p.md": "{* snippets/a.py *}"})["p.md"]
    assert engine.stats.failed == 1 and "!!! failure" in out
    assert engine.take_problems() == ["snippets/a.py: not run: the snippet worker did not start"]
