# --8<-- [start:files]
from pathlib import Path

from huggingface_hub import snapshot_download

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
revision = "714eb0fa89d2f80546fda750413ed43d93601a13"  # (1)!
repo = Path(
    snapshot_download(
        checkpoint,
        revision=revision,
        allow_patterns=["*.json", "*.txt", "*.safetensors", "README.md", ".gitattributes"],
        ignore_patterns=["*/*"],  # (2)!
    )
)

for path in sorted(repo.iterdir()):
    print(f"{path.name:24} {path.stat().st_size:>12,} bytes")
# --8<-- [end:files]

# --8<-- [start:config]
import json

config = json.loads((repo / "config.json").read_text())
for key in ["architectures", "model_type", "n_layers", "dim", "vocab_size", "id2label"]:
    print(f"{key}: {config[key]}")
# --8<-- [end:config]

# --8<-- [start:lfs]
rules = (repo / ".gitattributes").read_text().splitlines()
print(len(rules), "rules, e.g.:")
for line in rules:
    if "safetensors" in line or line.startswith("*.bin "):
        print(line)
# --8<-- [end:lfs]

# --8<-- [start:save]
import tempfile

from transformers import AutoModelForSequenceClassification, AutoTokenizer

model = AutoModelForSequenceClassification.from_pretrained(checkpoint, revision=revision)
tokenizer = AutoTokenizer.from_pretrained(checkpoint, revision=revision)

with tempfile.TemporaryDirectory() as folder:  # (1)!
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    for path in sorted(Path(folder).iterdir()):
        print(f"{path.name:24} {path.stat().st_size:>12,} bytes")
# --8<-- [end:save]
