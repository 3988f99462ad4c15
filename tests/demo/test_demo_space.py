"""snippets/demo is a deployable Hugging Face Space at the versions the project tests together,
and the site's embed settings agree with it. No network, no browser, no model."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import version

import pytest
import yaml
from kit.demo import ARTICLE_SENTENCES, DEMO_CSS, DEMO_JS, ROOT, project_config
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

DEMO = ROOT / "snippets" / "demo"
CHECKPOINT = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
CDN = re.compile(r"^https://gradio\.s3-us-west-2\.amazonaws\.com/(?P<version>[^/]+)/gradio\.js$")


def front_matter() -> dict:
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "snippets/demo/README.md must start with the Space's YAML front matter"
    return yaml.safe_load(match.group(1))


def installed(name: str) -> str:
    return Version(version(name)).public  # 2.13.0+cpu -> 2.13.0


def project_pins() -> dict[str, str]:
    """``name==version`` pins in pyproject.toml (dependencies and every extra)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    lines = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    pins = {}
    for line in lines:
        req = Requirement(line)
        exact = [s.version for s in req.specifier if s.operator == "=="]
        if exact:
            pins[req.name.lower()] = exact[0]
    return pins


def space_requirements() -> dict[str, Requirement]:
    reqs = {}
    for line in (DEMO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            reqs[req.name.lower()] = req
    return reqs


def test_space_front_matter():
    meta = front_matter()
    assert meta["sdk"] == "gradio"
    assert meta["app_file"] == "app.py" and (DEMO / meta["app_file"]).is_file()
    for field in ("title", "emoji", "colorFrom", "colorTo", "short_description"):
        assert meta.get(field), f"front matter field {field!r} is empty"
    assert len(meta["short_description"]) <= 60  # the Hub's limit
    assert CHECKPOINT in meta.get("models", [])
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert Version(str(meta["python_version"])) in SpecifierSet(requires)


def test_space_versions_are_the_projects():
    meta = front_matter()
    pins = project_pins()
    assert str(meta["sdk_version"]) == installed("gradio"), (
        "sdk_version is not the installed gradio"
    )
    if "gradio" in pins:
        assert str(meta["sdk_version"]) == pins["gradio"]
    reqs = space_requirements()
    # The Space installs Gradio from sdk_version; listing it again could only disagree.
    assert "gradio" not in reqs
    for name in ("torch", "transformers"):
        assert name in reqs, f"requirements.txt does not pin {name}"
        pinned = [s.version for s in reqs[name].specifier if s.operator == "=="]
        assert pinned == [installed(name)], f"{name}: Space {pinned}, installed {installed(name)}"
        if name in pins:
            assert pinned == [pins[name]], f"{name}: Space {pinned}, pyproject {pins[name]}"


def test_app_is_reader_simple_and_importable_without_launching():
    tree = ast.parse((DEMO / "app.py").read_text(encoding="utf-8"))
    assigned = {
        t.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert ast.literal_eval(assigned["checkpoint"]) == CHECKPOINT
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    pipeline = [c for c in calls if getattr(c.func, "id", None) == "pipeline"]
    assert len(pipeline) == 1
    keywords = {k.arg: k.value for k in pipeline[0].keywords}
    assert ast.literal_eval(pipeline[0].args[0]) == "sentiment-analysis"
    assert getattr(keywords["model"], "id", None) == "checkpoint"
    assert isinstance(keywords["top_k"], ast.Constant) and keywords["top_k"].value is None
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert set(ARTICLE_SENTENCES) <= strings, "the article's two sentences are the examples"
    # launch() only under `if __name__ == "__main__":`, so importing the file starts nothing.
    launches = [c for c in calls if getattr(c.func, "attr", None) == "launch"]
    main_guard = [
        n
        for n in tree.body
        if isinstance(n, ast.If)
        and ast.unparse(n.test).replace("'", '"') == '__name__ == "__main__"'
    ]
    guarded = [c for g in main_guard for c in ast.walk(g) if c in launches]
    assert launches and guarded == launches
    assert "hf_model_guide" not in ast.unparse(tree), "the app stays free of project code"


def test_site_embed_settings_match_the_space():
    demo = (project_config().get("extra") or {}).get("demo")
    if demo is None:
        pytest.skip("mkdocs.yml has no extra.demo yet (the embed is tested with its own config)")
    sdk = str(front_matter()["sdk_version"])
    assert str(demo["gradio_version"]) == sdk
    cdn = CDN.match(demo["gradio_js"])
    if cdn:  # not overridden by DEMO_GRADIO_JS
        assert cdn.group("version") == sdk, "gradio.js must be the Space's Gradio version"
    assert demo["space_url"].startswith(("https://", "http://127.0.0.1"))
    config = project_config()
    assert DEMO_CSS in config.get("extra_css", [])
    assert DEMO_JS in config.get("extra_javascript", [])
