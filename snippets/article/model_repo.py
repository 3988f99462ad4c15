# --8<-- [start:files]
from pathlib import Path

from huggingface_hub import snapshot_download

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
# The files a PyTorch user needs; the real repository also holds TensorFlow, Flax, ONNX
# and Core ML weights, which we leave on the Hub.
repo = Path(
    snapshot_download(
        checkpoint,
        allow_patterns=["*.json", "*.txt", "*.safetensors", "README.md", ".gitattributes"],
    )
)  # (1)!

for path in sorted(repo.rglob("*")):
    if path.is_file():
        print(f"{path.relative_to(repo).as_posix():28} {path.stat().st_size:>12,} bytes")
# --8<-- [end:files]

# --8<-- [start:config]
import json

config = json.loads((repo / "config.json").read_text())
for key in ["architectures", "model_type", "n_layers", "dim", "vocab_size", "id2label"]:
    print(f"{key}: {config[key]}")
# --8<-- [end:config]

# --8<-- [start:lfs]
print((repo / ".gitattributes").read_text().count("filter=lfs"), "LFS patterns, e.g.:")
for line in (repo / ".gitattributes").read_text().splitlines():
    if "safetensors" in line:
        print(line)
# --8<-- [end:lfs]
