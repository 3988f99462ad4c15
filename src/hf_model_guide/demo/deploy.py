"""Deploy the article's demo to the project's own Space: ``python -m hf_model_guide.demo.deploy``.

The Space is the one ``mkdocs.yml`` names (``extra.demo.space``, ``OWNER/NAME``), the one the
article embeds. Its files are ``snippets/demo``'s ``README.md`` (the Space's configuration),
``app.py`` and ``requirements.txt``, uploaded with ``huggingface_hub`` (the Space is created
first if it does not exist). The token comes from ``HF_TOKEN`` (in the publish workflow, a
repository secret); without one, nothing is uploaded and a notice says so, on the terminal
and in the GitHub job summary (``GITHUB_STEP_SUMMARY``), and the exit status is 0: a fork or
a repository without the secret still publishes its site.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from hf_model_guide import mkdocs_yml

FILES = ("README.md", "app.py", "requirements.txt")
TOKEN_ENV = "HF_TOKEN"
SPACE_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


class DeployError(RuntimeError):
    """A configuration that cannot be deployed; the message is one line for the reader."""


def space_id(config_file: Path) -> str:
    demo = (mkdocs_yml.read(config_file).get("extra") or {}).get("demo") or {}
    space = str(demo.get("space") or "")
    if not SPACE_ID.match(space):
        raise DeployError(f"{config_file}: extra.demo.space must name the Space as OWNER/NAME")
    return space


def space_url(space: str) -> str:
    """Where a Space's app answers: ``https://OWNER-NAME.hf.space`` (the Hub's own rule)."""
    return "https://" + re.sub(r"[^a-z0-9-]", "-", space.lower().replace("/", "-")) + ".hf.space"


def deploy(folder: Path, space: str, token: str, message: str) -> str:
    """Create the Space if needed and upload the demo's files; returns the commit's URL."""
    from huggingface_hub import HfApi

    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise DeployError(f"{folder}: missing {', '.join(missing)}")
    api = HfApi(token=token)
    api.create_repo(space, repo_type="space", space_sdk="gradio", exist_ok=True)
    commit = api.upload_folder(
        folder_path=folder,
        repo_id=space,
        repo_type="space",
        allow_patterns=list(FILES),
        commit_message=message,
    )
    return str(commit.commit_url)


def _summary(text: str) -> None:
    print(text)
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hf_model_guide.demo.deploy")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    root = args.config.resolve().parent
    try:
        space = space_id(args.config)
    except (DeployError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        _summary(
            f"**Demo not deployed**: no Hugging Face token (`{TOKEN_ENV}`, from the repository "
            f"secret `HF_SPACE_TOKEN`), so the Space `{space}` keeps what it had."
        )
        return 0
    sha = os.environ.get("GITHUB_SHA", "")
    message = "Deploy the demo from hf-model-guide" + (f" {sha[:12]}" if sha else "")
    try:
        url = deploy(root / "snippets" / "demo", space, token, message)
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _summary(f"Demo deployed to the Space `{space}`: {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
