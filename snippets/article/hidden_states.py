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

model = AutoModel.from_pretrained(checkpoint)  # (1)!
with torch.no_grad():  # (2)!
    outputs = model(**inputs)
print(outputs.last_hidden_state.shape)  # (3)!
# --8<-- [end:body]
