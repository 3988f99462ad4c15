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
with torch.no_grad():
    outputs = model(**inputs)

# --8<-- [start:softmax]
predictions = torch.softmax(outputs.logits, dim=-1)  # (1)!
print(predictions)
# --8<-- [end:softmax]

# --8<-- [start:by_hand]
import math

a, b = outputs.logits[0].tolist()  # (1)!
exp_a, exp_b = math.exp(a), math.exp(b)
by_hand = exp_b / (exp_a + exp_b)  # (2)!
print(f"e^a = exp({a:.4f}) = {exp_a:.4f}")
print(f"e^b = exp({b:.4f}) = {exp_b:.4f}")
print(f"by hand:       P(POSITIVE) = e^b / (e^a + e^b) = {by_hand:.4f}")
print(f"torch.softmax: P(POSITIVE) = {predictions[0, 1].item():.4f}")
# --8<-- [end:by_hand]

# --8<-- [start:labels]
print(model.config.id2label)  # (1)!
for sentence, probs in zip(raw_inputs, predictions):
    scores = ", ".join(f"{model.config.id2label[i]}: {p:.4f}" for i, p in enumerate(probs.tolist()))
    print(f"{sentence!r} -> {scores}")
# --8<-- [end:labels]

# --8<-- [start:chart]
from IPython.display import display
from matplotlib.figure import Figure

figure = Figure(figsize=(3.3, 2.3), layout="constrained")  # narrow enough for a phone
axes = figure.subplots()
sentences = range(len(raw_inputs))
for i, colour in enumerate(["#d1495b", "#2e86ab"]):  # (1)!
    values = predictions[:, i].tolist()
    bars = axes.barh(
        [row + (i - 0.5) * 0.4 for row in sentences],
        values,
        height=0.4,
        color=colour,
        label=model.config.id2label[i],
    )
    axes.bar_label(bars, labels=[f"{p:.4f}" for p in values], padding=3)  # (2)!
axes.set_yticks(sentences, [f"sentence {row + 1}" for row in sentences])
axes.invert_yaxis()
axes.set_xlim(0, 1.35)  # room for the numbers beside bars near 1
axes.set_xticks([0, 0.5, 1])
axes.set_xlabel("probability")
axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1), ncol=2)
display(figure)
# --8<-- [end:chart]
