"""Where the article's checkpoint comes from: the Hugging Face Hub, or the offline stand-in.

Snippets name the real checkpoint exactly as a reader types it. This module decides, by
``HF_MODEL_GUIDE_MODEL_SOURCE``, what that name loads:

- ``hub``: the real checkpoint, through the user's normal Hugging Face cache and downloads;
- ``offline``: the stand-in (see ``hf_model_guide.model.standin``), served under the real ids from a
  Hugging Face cache that belongs to the project, so the snippets' code does not change;
- ``auto`` (default): the Hub if the checkpoint is already cached or the Hub answers within
  two seconds, else the stand-in.

The decision travels as environment variables (``ModelSource.env``), which a process must
have before it imports huggingface_hub: the hub cache location is read at import time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import math
import os
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from hf_model_guide import atomic
from hf_model_guide.engine.sandbox import perturb
from hf_model_guide.engine.sandbox.perturb import PERTURB_ENV
from hf_model_guide.model.standin import build as standin_build
from hf_model_guide.paths import cache_dir

CHECKPOINT = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
# The commit snippets pin when they read the repository's files (NOTES.md: the revision
# transformers' sentiment-analysis default pins; quoted in snippets/article/quoted.toml).
REVISION = "714eb0fa89d2f80546fda750413ed43d93601a13"
LEGACY_CHECKPOINT = "distilbert-base-uncased-finetuned-sst-2-english"
SERVED_IDS = (CHECKPOINT, LEGACY_CHECKPOINT)
# The checkpoint's pretrained body before fine-tuning; offline, the stand-in's own body
# before its fine-tuning (its folder's ``pretrained/``).
PRETRAINED_BODY = "distilbert/distilbert-base-uncased"
PRETRAINED_IDS = (PRETRAINED_BODY, "distilbert-base-uncased")
MODE_ENV = "HF_MODEL_GUIDE_MODEL_SOURCE"
# A check, never the site: every floating weight a snippet loads multiplied by
# (1 + SCALE * noise), noise seeded (``SCALE`` or ``SCALE:SEED``; engine/sandbox/perturb.py
# does it in the worker). What another processor's rounding does at inference is about a
# relative 1e-6: a page whose shown digits move under it shows noise (tests/machines).
PERTURBED = "~perturbed-"  # in the fingerprint: perturbed runs never share a run key
MODES = ("hub", "offline", "auto")
PROBE_TIMEOUT = 2.0


class ModelSourceError(RuntimeError):
    """A model source that cannot be used; the message is one line, meant for the reader."""


class HubUnreachable(ModelSourceError):
    """The Hub was asked for (mode ``hub``) and cannot be reached."""


@dataclass(frozen=True)
class ModelSource:
    kind: str  # "hub" or "standin"
    fingerprint: str  # part of every execution-cache key
    env: dict[str, str] = field(default_factory=dict)
    card_path: Path | None = None
    revision: str = ""  # hub: the checkpoint's commit that loads (so a new one reruns snippets)


def resolve(mode: str | None = None) -> ModelSource:
    """The model ``mode`` (else ``HF_MODEL_GUIDE_MODEL_SOURCE``) names, perturbed when
    ``HF_MODEL_GUIDE_PERTURB_WEIGHTS`` says so."""
    found = _resolve(mode)
    spec = os.environ.get(PERTURB_ENV, "").strip()
    return perturbed(found, spec) if spec else found


def perturbed(source: ModelSource, spec: str) -> ModelSource:
    """``source`` with its weights perturbed as ``spec`` says, under a fingerprint of its own."""
    scale, seed = perturbation(spec)
    text = f"{scale:g}:{seed}"
    return dataclasses.replace(
        source,
        fingerprint=f"{source.fingerprint}{PERTURBED}{text}",
        env={**source.env, PERTURB_ENV: text},
    )


def perturbation(spec: str) -> tuple[float, int]:
    """``1e-6`` or ``1e-6:7`` -> (scale, seed)."""
    try:
        found = perturb.parse(spec)
    except ValueError:
        found = (math.nan, 0)
    if not 0 < found[0] < 1:
        raise ModelSourceError(f"{PERTURB_ENV}={spec!r}: expected a scale below 1, e.g. 1e-6:0")
    return found


def split_fingerprint(fingerprint: str) -> tuple[str, str | None]:
    """(the model's own fingerprint, the perturbation ``SCALE:SEED`` or None)."""
    model, sep, spec = fingerprint.partition(PERTURBED)
    return model, spec if sep else None


def _resolve(mode: str | None) -> ModelSource:
    mode = (mode or os.environ.get(MODE_ENV) or "auto").strip().lower()
    if mode not in MODES:
        raise ModelSourceError(f"{MODE_ENV}={mode!r}: expected one of {', '.join(MODES)}")
    if mode == "offline" or (mode == "auto" and not hub_available()):
        return standin_source()
    if mode == "hub" and not hub_available():
        raise HubUnreachable(
            f"cannot reach the Hugging Face Hub at {endpoint()} and {CHECKPOINT} is not in the "
            f"Hugging Face cache; set {MODE_ENV}=offline to use the stand-in"
        )
    revision = latest_revision() or cached_revision() or ""
    return ModelSource(
        kind="hub", fingerprint=f"hub-{revision}" if revision else "hub", revision=revision
    )


def apply(source: ModelSource) -> None:
    """Put the source's environment into this process (before huggingface_hub is imported)."""
    os.environ.update(source.env)


def endpoint() -> str:
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_available() -> bool:
    return checkpoint_cached() or hub_answers()


def checkpoint_cached() -> bool:
    """Whether the real checkpoint's config and weights are in the user's Hugging Face cache."""
    snapshots = user_hub_cache() / repo_folder_name(CHECKPOINT) / "snapshots"
    return any(
        (snap / "config.json").is_file() and (snap / "model.safetensors").is_file()
        for snap in (snapshots.iterdir() if snapshots.is_dir() else [])
    )


def user_hub_cache() -> Path:
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    hf_home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "huggingface"
    )
    return Path(hf_home) / "hub"


def hub_answers() -> bool:
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return False
    request = urllib.request.Request(f"{endpoint()}/api/models/{CHECKPOINT}", method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT) as response:
            return response.status < 400
    except (urllib.error.URLError, OSError, ValueError):
        return False


def latest_revision(timeout: float = PROBE_TIMEOUT) -> str | None:
    """The commit the checkpoint's ``main`` points at on the Hub now, or None if unreachable."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return None
    url = f"{endpoint()}/api/models/{CHECKPOINT}/revision/main"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            sha = json.loads(response.read().decode("utf-8")).get("sha")
    except (urllib.error.URLError, OSError, ValueError, AttributeError):
        return None
    return sha if isinstance(sha, str) and sha else None


def cached_revision() -> str | None:
    """The commit of the checkpoint's ``main`` in the user's Hugging Face cache, if any."""
    ref = user_hub_cache() / repo_folder_name(CHECKPOINT) / "refs" / "main"
    try:
        return ref.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def repo_folder_name(repo_id: str) -> str:
    return "models--" + repo_id.replace("/", "--")


def standin_source() -> ModelSource:
    from hf_model_guide.model import standin

    folder = standin.ensure()
    hub = served_cache(folder, standin.recipe_version())
    return ModelSource(
        kind="standin",
        fingerprint=standin_fingerprint(folder),
        env={"HF_HUB_CACHE": str(hub), "HF_HUB_OFFLINE": "1"},
        card_path=folder / "README.md",
    )


def standin_fingerprint(folder: Path) -> str:
    """The stand-in's fingerprint (``standin.fingerprint``, a hash of its files' content),
    kept beside its folder with each file's size, modification time, inode and change time,
    and hashed again when one differs. The change time is the kernel's: any write sets it to
    now, and no process can put it back (``os.utime`` sets it too), so weights patched in
    place with their mtime restored are hashed again (issue 33). Hashing every build cost
    0.09 s of a 2.1 s warm build (benchmarks/README.md); snippets cannot write the stand-in
    anyway (the sandbox mounts it read-only). Beside the folder, not in it: a page lists the
    repository's files. Here, not in the stand-in's package: that package's code is its
    recipe, and a change to it builds a new stand-in (hence ``__wrapped__``, past its
    per-process memo: ``mkdocs serve`` checks again at each build)."""
    names = standin_build.fingerprinted()
    stats = {}
    for name in names:
        stat = (folder / name).stat()
        stats[name] = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
    memo = folder.parent / f"{folder.name}.fingerprint.json"
    try:
        kept = json.loads(memo.read_text(encoding="utf-8"))
        if kept["files"] == stats and isinstance(kept["fingerprint"], str):
            return kept["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or not ours: computed again and replaced
    found = standin_build.fingerprint.__wrapped__(folder)
    with contextlib.suppress(OSError):  # a read-only cache computes it at every build
        atomic.write_text(memo, json.dumps({"files": stats, "fingerprint": found}))
    return found


def served_repos(folder: Path) -> list[tuple[str, Path]]:
    """(repository id, the stand-in folder that holds it) for every id the stand-in serves."""
    body = folder / standin_build.PRETRAINED
    return [(i, folder) for i in SERVED_IDS] + [(i, body) for i in PRETRAINED_IDS]


def served_cache(folder: Path, recipe: str) -> Path:
    """A Hugging Face cache of the project's own in which the real ids hold the stand-in.

    Laid out as huggingface_hub lays out its cache (refs/main -> a commit, snapshots/<commit>/
    with the repository's files), so loading by id works offline with no code change. The
    user's own cache is never written.
    """
    hub = cache_dir() / "hub"
    commit = hashlib.sha1(recipe.encode()).hexdigest()
    for repo_id, source in served_repos(folder):
        repo = hub / repo_folder_name(repo_id)
        snapshot = repo / "snapshots" / commit
        ref = repo / "refs" / "main"
        current = ref.is_file() and ref.read_text() == commit and snapshot.is_dir()
        # A link that leads nowhere (a cache moved while its links were absolute) is remade.
        if current and all(link.exists() for link in snapshot.iterdir()):
            continue
        staging = hub / (repo.name + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "refs").mkdir(parents=True)
        files = staging / "snapshots" / commit
        files.mkdir(parents=True)
        for path in source.iterdir():
            if path.name != standin_build.PRETRAINED:  # served under its own ids
                # Relative: the cache may move as a whole (zensical-i18n moves .cache aside
                # while it builds, paths.project_cache), and its links must still lead home.
                (files / path.name).symlink_to(os.path.relpath(path.resolve(), files.resolve()))
        (staging / "refs" / "main").write_text(commit)
        # Snippets that pin the real repository's revision find the same files under it.
        (staging / "snapshots" / REVISION).symlink_to(commit, target_is_directory=True)
        shutil.rmtree(repo, ignore_errors=True)  # an older recipe's snapshot
        staging.rename(repo)
        assert snapshot.is_dir()
    return hub


# A revision a snippet pins (``revision="<commit>"``): fetched with the checkpoint's main.
_PINNED = re.compile(r"""revision\s*=\s*["']([0-9a-f]{40})["']""")


def prefetch(root: Path) -> Path:
    """Hub mode, before the snippets run: the checkpoint (its ``main``, and each commit a
    snippet under ``root/snippets`` pins) into the user's Hugging Face cache, which the
    sandboxed snippets then read offline. Returns that cache folder."""
    from huggingface_hub import snapshot_download

    cache = user_hub_cache()
    pinned = set()
    for path in sorted((root / "snippets").rglob("*.py")):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            pinned |= set(_PINNED.findall(path.read_text(encoding="utf-8")))
    for revision in (None, *sorted(pinned)):
        try:
            # the endpoint of now: huggingface_hub reads its variables once, at import
            snapshot_download(CHECKPOINT, revision=revision, cache_dir=cache, endpoint=endpoint())
        except Exception as exc:
            if revision is not None:
                continue  # the snippet pinning it fails offline, naming its line
            raise ModelSourceError(
                f"could not fetch {CHECKPOINT}@{revision or 'main'} before running the "
                f"snippets (they run offline, in the sandbox): {exc}"
            ) from exc
    return cache
