"""Calls the demo's API, /classify, as any program can: with gradio_client.

Run the demo first (`.venv/bin/python -m hf_model_guide.demo`), then
`.venv/bin/python snippets/demo_api/classify.py`; or give another address, a Space's:
`.venv/bin/python snippets/demo_api/classify.py https://NAME.hf.space`.
"""

import sys

from gradio_client import Client

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7860/"
client = Client(url, verbose=False)
# The app's function is `classify`, so Gradio names its endpoint /classify.
result = client.predict(
    "I've been waiting for a HuggingFace course my whole life.", api_name="/classify"
)
print(result["label"], {c["label"]: round(c["confidence"], 4) for c in result["confidences"]})
