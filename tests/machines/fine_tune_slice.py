"""Fine-tune the stand-in further on a slice of its own training data, as the stand-in's build
does, and print a hash of every weight: run by tests/machines as different machines.

    python tests/machines/fine_tune_slice.py STANDIN_FOLDER EXAMPLES
"""

from __future__ import annotations

import hashlib
import sys

import torch
from transformers import AutoTokenizer, DistilBertForSequenceClassification

from hf_model_guide.model.standin import data, train

folder, count = sys.argv[1], int(sys.argv[2])
model = DistilBertForSequenceClassification.from_pretrained(folder)
tokenizer = AutoTokenizer.from_pretrained(folder)
train.fine_tune(model, tokenizer, data.examples()[:count])
digest = hashlib.sha256()
for name, tensor in sorted(model.state_dict().items()):
    digest.update(name.encode() + b"\0" + tensor.detach().contiguous().numpy().tobytes())
print(digest.hexdigest(), torch.get_num_threads())
