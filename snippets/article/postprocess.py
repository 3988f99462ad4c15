import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")
outputs = model(**inputs)

# --8<-- [start:softmax]
predictions = torch.softmax(outputs.logits, dim=-1)  # (1)!
print(predictions)
# --8<-- [end:softmax]

# --8<-- [start:labels]
print(model.config.id2label)  # (1)!
for sentence, probs in zip(raw_inputs, predictions):
    scores = ", ".join(f"{model.config.id2label[i]}: {p:.4f}" for i, p in enumerate(probs.tolist()))
    print(f"{sentence!r} -> {scores}")
# --8<-- [end:labels]
