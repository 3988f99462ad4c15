"""Fine-tune the converted model into a two-class sentiment classifier, deterministically.

Only the top layers and the head are trained: the lower layers of a sentence-embedding model
already encode what the words mean, and freezing them keeps the build within its time target
on two CPU cores (benchmarks/README.md, "Latest figures": the stand-in build).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from transformers import DistilBertForSequenceClassification, PreTrainedTokenizerBase

HYPERPARAMETERS: dict[str, Any] = {
    "seed": 0,
    "trainable_layers": 2,
    "epochs": 1,
    "batch_size": 32,
    "learning_rate": 1e-4,
    "max_length": 32,
    "threads": 2,
}


def fine_tune(
    model: DistilBertForSequenceClassification,
    tokenizer: PreTrainedTokenizerBase,
    examples: list[tuple[str, int]],
    hp: dict = HYPERPARAMETERS,
    on_batch: Callable[[], object] | None = None,  # called after each batch (progress)
) -> DistilBertForSequenceClassification:
    # A fixed thread count (the same on a 1-core laptop and a 4-core runner: a sum split over
    # threads is added in that many parts) and deterministic algorithms; the kernels
    # themselves are fixed by the build's environment (hf_model_guide.kernels).
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    torch.set_num_threads(hp["threads"])
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(hp["seed"])
    try:
        _train(model, tokenizer, examples, hp, on_batch or (lambda: None))
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)
    return model


def batches(examples: list[tuple[str, int]], hp: dict = HYPERPARAMETERS) -> int:
    """How many optimizer steps ``fine_tune`` takes."""
    return hp["epochs"] * -(-len(examples) // hp["batch_size"])


def _train(model, tokenizer, examples, hp, on_batch: Callable[[], object]) -> None:

    layers = model.distilbert.transformer.layer
    for param in model.distilbert.parameters():
        param.requires_grad = False
    for layer in layers[len(layers) - hp["trainable_layers"] :]:
        for param in layer.parameters():
            param.requires_grad = True
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=hp["learning_rate"])

    texts = [text for text, _ in examples]
    labels = torch.tensor([label for _, label in examples])
    model.train()
    generator = torch.Generator().manual_seed(hp["seed"])
    for _ in range(hp["epochs"]):
        order = torch.randperm(len(texts), generator=generator)
        for start in range(0, len(texts), hp["batch_size"]):
            batch = order[start : start + hp["batch_size"]]
            enc = tokenizer(
                [texts[i] for i in batch],
                padding=True,
                truncation=True,
                max_length=hp["max_length"],
                return_tensors="pt",
            )
            loss = model(**enc, labels=labels[batch]).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            on_batch()
    model.eval()
    for param in model.parameters():
        param.requires_grad = True
