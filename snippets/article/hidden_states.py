from transformers import AutoTokenizer

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")

# --8<-- [start:body]
import torch
from transformers import AutoModel

model = AutoModel.from_pretrained(checkpoint)
with torch.no_grad():  # (1)!
    outputs = model(**inputs)
print(outputs.last_hidden_state.shape)
# --8<-- [end:body]
