from transformers import AutoTokenizer

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")

# --8<-- [start:forward]
import torch
from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
with torch.no_grad():  # (1)!
    outputs = model(**inputs)
print(outputs.logits.shape)
print(outputs.logits)
# --8<-- [end:forward]

# --8<-- [start:batch]
ids = torch.tensor(tokenizer(raw_inputs[1])["input_ids"])
print("one sentence:", tuple(ids.shape))
try:
    model(ids)
except (RuntimeError, IndexError, ValueError) as error:  # what a 1-D input raises
    unbatched_error = f"{type(error).__name__}: {error}"
    print(unbatched_error)
batch = ids.unsqueeze(0)
print("a batch of one:", tuple(batch.shape))
with torch.no_grad():
    print(model(batch).logits)
# --8<-- [end:batch]

# --8<-- [start:mask]
alone = tokenizer(raw_inputs[1], return_tensors="pt")
with torch.no_grad():
    logits_alone = model(**alone).logits[0]
    logits_masked = model(**inputs).logits[1]
    logits_unmasked = model(input_ids=inputs["input_ids"]).logits[1]
print("alone:            ", logits_alone)
print("padded, with mask:", logits_masked)
print("padded, no mask:  ", logits_unmasked)
# Equal up to rounding, which differs from one processor to another: compare with a tolerance
# well above rounding (about 1e-6) and below the 4 decimals shown, never print the rounding.
TOLERANCE = 1e-4
same_with_mask = torch.allclose(logits_masked, logits_alone, rtol=0, atol=TOLERANCE)
unmasked_gap = (logits_alone - logits_unmasked).abs().max().item()
print(f"with mask, the same as alone (within {TOLERANCE:g}): {same_with_mask}")
print(f"without mask, largest difference from alone: {unmasked_gap:.4f}")
# --8<-- [end:mask]

# --8<-- [start:attention]
import torch
from IPython.display import display
from matplotlib.figure import Figure

model.set_attn_implementation("eager")  # (1)!
with torch.no_grad():
    attentions = model(**inputs, output_attentions=True).attentions
print(len(attentions), "layers, each", tuple(attentions[-1].shape))

length = int(inputs["attention_mask"][0].sum())  # sentence 1 has no [PAD]
weights = attentions[-1][0].mean(dim=0)[:length, :length]  # (2)!
tokens = tokenizer.convert_ids_to_tokens(inputs["input_ids"][0][:length])
print(f"[CLS] attends most to {tokens[int(weights[0].argmax())]!r}: {weights[0].max():.2f}")

figure = Figure(figsize=(3.4, 4.4), layout="constrained")  # narrow enough for a phone
axes = figure.subplots()
image = axes.imshow(weights, cmap="viridis", vmin=0)
axes.set_xticks(range(length), tokens, rotation=90)
axes.set_yticks(range(length), tokens)
axes.set_xlabel("attends to (key)")
axes.set_ylabel("token (query)")
figure.colorbar(image, ax=axes, location="top", shrink=0.8, label="weight")
display(figure)
# --8<-- [end:attention]
