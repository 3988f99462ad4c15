"""The weekly freshness run: the releases it moves to, its report, and the one issue it keeps
(against a local stand-in for GitHub's issues API); its dry run on the site built here."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlparse

import pytest
from kit.network import LocalServer
from kit.root import ROOT

from hf_model_guide.outputs import freshness
from hf_model_guide.outputs.freshness import Build, GitHub

MANIFEST = {
    "manifest": 1,
    "built": "2026-11-01",
    "environment": {
        "python": "3.11.7",
        "packages": {"torch": "2.13.0", "transformers": "5.24.0"},
        "model": {
            "checkpoint": "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
            "source": "hub",
            "revision": "714eb0fa89d2f80546fda750413ed43d93601a13",
            "fingerprint": "hub-714eb0fa89d2f80546fda750413ed43d93601a13",
        },
    },
    "pages": {"docs/article.md": {"snippets": ["snippets/article/pipeline.py"], "values": []}},
    "snippets": {
        "snippets/article/pipeline.py": {
            "ok": True,
            "error": None,
            "stdout": "POSITIVE 0.9598\n",
            "stderr": "",
            "sections": {},
            "values": {},
            "rich": [],
        }
    },
}
PINNED = MANIFEST["environment"]["model"]["revision"]


def test_requirements_lift_exact_pins_and_keep_other_bounds():
    found = freshness.requirements(ROOT / "pyproject.toml")
    assert "transformers" in found and "torch" in found and "gradio" in found
    assert "huggingface-hub" in found and "mkdocs-material" in found
    assert "mkdocs<2,>=1.6.1" in found  # MkDocs 2 drops plugins: the project does not allow it
    assert not any("jieba" in r or "==" in r for r in found)


def test_all_the_same_is_no_change():
    new = copy.deepcopy(MANIFEST) | {"built": "2026-11-08"}
    result = freshness.report(Build(True, "", new), MANIFEST, "", PINNED, "2026-11-08")
    assert not result.changed
    assert f"is still at `{PINNED}`" in result.text
    assert "No output changed" in result.text


def test_a_new_revision_changed_output_and_a_failed_build_are_reported():
    new = copy.deepcopy(MANIFEST)
    new["environment"]["packages"]["transformers"] = "5.30.0"
    new["snippets"]["snippets/article/pipeline.py"]["stdout"] = "POSITIVE 0.9601\n"
    result = freshness.report(Build(True, "", new), MANIFEST, "", "1f4bc97" + "0" * 33, "d")
    assert result.changed
    assert (
        "has a **new revision**: `1f4bc97" in result.text and f"came from `{PINNED}`" in result.text
    )
    assert "| packages.transformers | `5.24.0` | `5.30.0` |" in result.text
    assert "POSITIVE 0.9598" in result.text and "POSITIVE 0.9601" in result.text
    failed = freshness.report(
        Build(False, "INFO - x\nERROR - snippets/a.py:3: DeprecationWarning: old", None),
        MANIFEST,
        "",
        PINNED,
        "d",
    )
    assert failed.changed and "**The strict build failed.**" in failed.text
    assert "snippets/a.py:3: DeprecationWarning: old" in failed.text


class FakeIssues(LocalServer):
    """GitHub's issues API for one repository, as far as the run uses it."""

    def __init__(self) -> None:
        self.issues: dict[int, dict] = {}
        self.comments: list[tuple[int, str]] = []
        self.tokens: set[str] = set()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> dict:
                return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

            def do_GET(self):
                fake.tokens.add(self.headers["Authorization"])
                assert urlparse(self.path).path == "/repos/o/r/issues"
                self._answer(200, [i for i in fake.issues.values() if i["state"] == "open"])

            def do_POST(self):
                path = urlparse(self.path).path
                if path == "/repos/o/r/issues":
                    number = max(fake.issues, default=0) + 1
                    fake.issues[number] = {"number": number, "state": "open", **self._body()}
                    self._answer(201, fake.issues[number])
                else:
                    number = int(path.split("/")[-2])
                    fake.comments.append((number, self._body()["body"]))
                    self._answer(201, {})

            def do_PATCH(self):
                number = int(urlparse(self.path).path.split("/")[-1])
                fake.issues[number].update(self._body())
                self._answer(200, fake.issues[number])

        super().__init__(Handler)


@pytest.fixture
def github():
    with FakeIssues() as fake:
        yield fake


def test_one_issue_is_opened_updated_then_closed(github):
    api = GitHub("o/r", "t0ken", github.url)
    changed, same = freshness.Report("# changed\n", True), freshness.Report("# same\n", False)
    github.issues[7] = {"number": 7, "state": "open", "title": "another issue", "body": ""}
    assert freshness.file_report(api, same) == "nothing to file: all the same"
    assert freshness.file_report(api, changed) == "opened issue #8"
    assert freshness.file_report(api, freshness.Report("# changed again\n", True)) == (
        "updated issue #8"
    )
    assert github.issues[8]["title"] == freshness.ISSUE_TITLE
    assert github.issues[8]["body"] == "# changed again\n"
    assert freshness.file_report(api, same) == "closed issue #8: all the same again"
    assert github.issues[8]["state"] == "closed" and github.comments == [(8, "# same\n")]
    assert github.issues[7]["state"] == "open"  # other issues are left alone
    assert github.tokens == {"Bearer t0ken"}


def run_on(site, *args: str) -> subprocess.CompletedProcess:
    """``freshness run`` on a site already built, compared with itself."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "hf_model_guide.outputs.freshness",
            "run",
            *args,
            "--site",
            str(site),
            "--published",
            str(site / "outputs.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        # No Hub from tests: the revision check says it was not done.
        env={**os.environ, "HF_HUB_OFFLINE": "1", "GITHUB_TOKEN": "", "GITHUB_STEP_SUMMARY": ""},
    )


def test_dry_run_on_the_site_built_here_prints_the_report(built_site):
    done = run_on(built_site.path, "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(
        f"Dry run: would close (if open) the issue {freshness.ISSUE_TITLE!r} with this report:"
    )
    assert "The strict build passed." in done.stdout
    assert "the Hub did not answer; its revision was not checked" in done.stdout
    assert "No output changed" in done.stdout


def test_the_report_is_written_for_another_job_to_file_with_no_token(built_site, tmp_path):
    # The weekly workflow's build job holds no token: it leaves the report and the verdict.
    done = run_on(built_site.path, "--report", str(tmp_path / "report"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "report" / "status").read_text() == "same\n"
    text = (tmp_path / "report" / "report.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {freshness.ISSUE_TITLE}") and "No output changed" in text
