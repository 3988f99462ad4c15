"""Predict, then run: three small changes to the lesson's code."""

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
classifier = pipeline("sentiment-analysis", model=checkpoint)
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")

# --8<-- [start:sentence]
changed = classifier(["I don't hate this so much!", "This course is not bad at all."])
print(changed)
# --8<-- [end:sentence]

# --8<-- [start:no_mask]
with torch.no_grad():
    with_mask = model(**inputs).logits[0]
    without_mask = model(input_ids=inputs["input_ids"]).logits[0]
print("sentence 1, with mask:   ", with_mask)
print("sentence 1, without mask:", without_mask)
same = torch.allclose(with_mask, without_mask, atol=1e-4)
print("the same to four decimals:", same)
# --8<-- [end:no_mask]

# --8<-- [start:special]
bare = tokenizer(raw_inputs[1], add_special_tokens=False, return_tensors="pt")
print(tokenizer.convert_ids_to_tokens(bare["input_ids"][0]))
with torch.no_grad():
    logits_bare = model(**bare).logits[0]
    logits_full = model(**tokenizer(raw_inputs[1], return_tensors="pt")).logits[0]
print("with [CLS] and [SEP]:   ", logits_full)
print("without [CLS] and [SEP]:", logits_bare)
# --8<-- [end:special]
