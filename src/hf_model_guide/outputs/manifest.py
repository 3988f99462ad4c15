"""The output manifest: one JSON file per build, ``outputs.json`` at the site's root.

Shape (``MANIFEST_VERSION`` 1)::

    {
      "manifest": 1,
      "built": "2026-11-25",                       # UTC date; SOURCE_DATE_EPOCH if set
      "environment": {
        "python": "3.11.2",
        "packages": {"torch": "2.13.0", "transformers": "5.24.0", ...},
        "model": {"checkpoint": "distilbert/...", "source": "hub" | "standin" | "none",
                  "revision": "<commit>" | null, "fingerprint": "hub-<commit>" | "standin-..."}
      },
      "pages": {"docs/article.md": {"snippets": ["snippets/a.py", "snippets/a.py#logits"],
                                    "values": ["snippets/a.py | probs[0] | .4f"]}},
      "snippets": {"snippets/a.py": {"ok": true, "error": null,
                                     "stdout": "...", "stderr": "...",
                                     "sections": {"logits": "..."},
                                     "values": {"probs[0] | .4f": "0.9598"},
                                     "exact": {"probs[0] | .4f": "0.9597621560096741"},
                                     "rich": [{"section": "logits", "mime": "image/png",
                                               "sha256": "..."}],
                                     "printed_from": [[12, 0], [20, 37]],  # line, offset
                                     "tolerance": {"logits.tolist()": 0.001},  # no page shows it
                                     "inputs": {"code": "<sha256>",
                                                "imports": {"snippets/x/helpers.py": "<sha256>"},
                                                "data": {"snippets/x/data.json": "<sha256>"},
                                                "versions": {"python": "3.11.7 (main, ...)",
                                                             "torch": "2.13.0", ...},
                                                "model": "standin-..." | "hub-<commit>" | "",
                                                "engine": 5}}}
    }

``inputs`` is what the snippet's run key was made of (``engine.reasons.RunInputs``), so that
``diff`` says beside a changed output what changed in its inputs; a manifest written before
they were kept has none, and ``diff`` then says nothing about causes.

Only what the reader saw and what made it: no timings, no cache hits, no absolute paths, so
two builds of the same inputs write the same bytes (keys sorted, fixed indentation). The
build date is the one field that moves by itself; ``diff`` reports it but never counts it
as a change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hf_model_guide.engine import Engine, Source
from hf_model_guide.engine import directives as d
from hf_model_guide.engine.reasons import RunInputs
from hf_model_guide.engine.results import Chunk, RunResult
from hf_model_guide.pages import agreement
from hf_model_guide.versions import installed_versions

MANIFEST_VERSION = 1
FILENAME = "outputs.json"

# The libraries whose releases can change what a page shows, or how it is built.
PACKAGES = (
    "torch",
    "transformers",
    "tokenizers",
    "safetensors",
    "huggingface-hub",
    "gradio",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "mkdocs-jupyter",
    "pymdown-extensions",
)


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    return installed_versions(names)


def build_date() -> str:
    """Today (UTC), or the reproducible-builds date ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        if epoch.isdigit()
        else dt.datetime.now(dt.UTC)
    )
    return when.date().isoformat()


def model_info(source: Source | None) -> dict[str, str | None]:
    """The model that produced the outputs: checkpoint id, source kind, revision, fingerprint;
    and ``perturbed`` (``SCALE:SEED``) when its weights were perturbed to look for noise."""
    from hf_model_guide.model.source import CHECKPOINT, split_fingerprint

    kind = source.kind if source is not None else "none"
    fingerprint, perturbed = split_fingerprint(source.fingerprint if source is not None else "")
    return {
        "checkpoint": CHECKPOINT if kind != "none" else None,
        "source": kind,
        "revision": (source.revision or None) if source is not None and kind == "hub" else None,
        "fingerprint": (fingerprint or None) if kind != "none" else None,
        **({"perturbed": perturbed} if perturbed else {}),
    }


def environment(source: Source | None) -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "packages": package_versions(),
        "model": model_info(source),
    }


def value_name(expr: str, spec: str) -> str:
    return f"{expr} | {spec}" if spec else expr


def _sha256(data: Any) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif not isinstance(data, bytes):
        data = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _rich(chunk: Chunk) -> list[dict[str, str]]:
    """A chunk's rich outputs (``display()``), each MIME type of each bundle by its hash: the
    bytes are on the pages, the manifest only has to notice that they changed."""
    return [
        {"mime": mime, "sha256": _sha256(data)}
        for shown in chunk.displays
        for mime, data in sorted(shown.data.items())
    ]


def snippet_record(
    result: RunResult,
    inputs: RunInputs | None = None,
    tolerances: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """What one snippet showed: whole-file and per-section output, values, rich outputs,
    the line each printing piece starts at; what its run key was made of, when known; and
    the tolerance of each value no page shows that the agreement check compares
    (``tolerances``: {expression: tolerance})."""
    sections: dict[str, str] = {}
    rich: list[dict[str, str]] = []
    printed_from: list[list[int]] = []  # [line of the snippet, offset in stdout]
    offset = 0
    for chunk in result.chunks:
        if chunk.out:
            printed_from.append([chunk.first_line, offset])
            offset += len(chunk.out)
        for name in chunk.sections:
            sections[name] = sections.get(name, "") + chunk.out
        for item in _rich(chunk):
            rich.append({"section": chunk.sections[-1] if chunk.sections else "", **item})
    values: dict[str, Any] = {}
    exact: dict[str, str] = {}
    for key in sorted(result.values):
        found = result.values[key]
        values[value_name(key.expr, key.spec)] = found.value if found.ok else {"error": found.error}
        if found.ok and found.exact:
            exact[value_name(key.expr, key.spec)] = found.exact
    checked = {
        key.expr: tolerance
        for key in result.values
        if not key.spec and (tolerance := (tolerances or {}).get(key.expr)) is not None
    }
    return {
        "ok": result.ok,
        "error": result.error.message if result.error else None,
        "stdout": result.printed("out"),
        "stderr": result.printed("err"),
        "sections": dict(sorted(sections.items())),
        "values": values,
        # The numbers behind the values, unrounded: diff tells noise from change with them.
        **({"exact": exact} if exact else {}),
        # Compared at the agreement check's tolerance, not at the digits Python printed.
        **({"tolerance": checked} if checked else {}),
        "printed_from": printed_from,
        "rich": rich,
        **({"inputs": inputs.to_json()} if inputs is not None else {}),
    }


def page_record(markdown: str) -> dict[str, list[str]]:
    parsed = d.parse(markdown)
    shown = {
        inc.path + (f"#{inc.section}" if inc.section else "") for inc in parsed.includes if inc.run
    }
    values = {f"{v.path} | {value_name(v.expr, v.spec)}" for v in parsed.values}
    return {"snippets": sorted(shown), "values": sorted(values)}


def of_build(engine: Engine, pages: Mapping[str, str]) -> dict[str, Any]:
    """The manifest of the build ``engine`` ran, whichever builder (MkDocs' plugin, Zensical's
    extension) asks: its runs, the pages, the model source, the run inputs and the agreement
    check's tolerances."""
    return make(
        engine.results, pages, engine.source, engine.inputs, agreement.tolerances(engine.root)
    )


def make(
    results: Mapping[str, RunResult],
    pages: Mapping[str, str],
    source: Source | None,
    inputs: Mapping[str, RunInputs] | None = None,
    tolerances: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, Any]:
    """The manifest of one build: ``results`` maps snippet paths to run entries, ``pages``
    page ids to their Markdown (every language), ``source`` is the model source used,
    ``inputs`` what each run key was made of (``Engine.inputs``), ``tolerances`` the
    agreement check's ({snippet: {expression: tolerance}}, ``pages.agreement.tolerances``)."""
    inputs = inputs or {}
    page_records = {page: page_record(text) for page, text in sorted(pages.items())}
    return {
        "manifest": MANIFEST_VERSION,
        "built": build_date(),
        "environment": environment(source),
        "pages": {page: rec for page, rec in page_records.items() if any(rec.values())},
        "snippets": {
            path: snippet_record(results[path], inputs.get(path), (tolerances or {}).get(path))
            for path in sorted(results)
        },
    }


def dumps(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write(manifest: Mapping[str, Any], site_dir: Path) -> Path:
    """Write ``outputs.json`` into the built site (via a temporary file, then renamed)."""
    site_dir.mkdir(parents=True, exist_ok=True)
    target = site_dir / FILENAME
    tmp = target.with_name(f".{FILENAME}.tmp")
    tmp.write_text(dumps(manifest), encoding="utf-8")
    os.replace(tmp, target)
    return target


class ManifestError(ValueError):
    """A file that is not an output manifest; the message names it."""


def load(path: Path) -> dict[str, Any]:
    """A manifest from its file, or from a built site's folder (its ``outputs.json``)."""
    path = Path(path)
    file = path / FILENAME if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{file}: no such file (is it a built site?)") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(f"{file}: not an output manifest: {exc}") from None
    if not isinstance(data, dict) or data.get("manifest") != MANIFEST_VERSION:
        raise ManifestError(f"{file}: not an output manifest of version {MANIFEST_VERSION}")
    return data
