"""Accuracy of a classifier on the hand-labelled held-out sentences (tests/standin/heldout.tsv)."""

from __future__ import annotations

from pathlib import Path

import torch

from hf_model_guide.paths import project_root


def heldout_path() -> Path | None:
    root = project_root()
    path = root / "tests" / "standin" / "heldout.tsv" if root else None
    return path if path and path.is_file() else None


def read_heldout(path: Path) -> list[tuple[str, str]]:
    """(sentence, label) pairs; lines starting with # are comments."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, sentence = line.partition("\t")
        if not sep or label not in {"POSITIVE", "NEGATIVE"}:
            raise ValueError(f"{path}:{number}: expected 'POSITIVE|NEGATIVE<TAB>sentence'")
        pairs.append((sentence, label))
    return pairs


def predict(model, tokenizer, sentences: list[str]) -> list[str]:
    with torch.no_grad():
        logits = model(**tokenizer(sentences, padding=True, return_tensors="pt")).logits
    return [model.config.id2label[i] for i in logits.argmax(-1).tolist()]


def accuracy(model, tokenizer, pairs: list[tuple[str, str]]) -> float:
    predicted = predict(model, tokenizer, [sentence for sentence, _ in pairs])
    return sum(p == label for p, (_, label) in zip(predicted, pairs)) / len(pairs)
