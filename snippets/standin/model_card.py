from pathlib import Path

from huggingface_hub import snapshot_download

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
repo = Path(snapshot_download(checkpoint, allow_patterns=["README.md"]))
print((repo / "README.md").read_text())
