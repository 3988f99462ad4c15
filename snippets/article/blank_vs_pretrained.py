from transformers import AutoTokenizer

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")

# --8<-- [start:compare]
import torch
from IPython.display import display
from matplotlib.figure import Figure
from transformers import AutoConfig, AutoModelForSequenceClassification

torch.manual_seed(0)
config = AutoConfig.from_pretrained(checkpoint)
models = {
    "blank": AutoModelForSequenceClassification.from_config(config),  # (1)!
    "pretrained": AutoModelForSequenceClassification.from_pretrained(
        "distilbert/distilbert-base-uncased", num_labels=2
    ),  # (2)!
    "fine-tuned": AutoModelForSequenceClassification.from_pretrained(checkpoint),
}
logits, positive = {}, {}
for name, model in models.items():
    with torch.no_grad():
        logits[name] = model.eval()(**inputs).logits
    probabilities = torch.softmax(logits[name], dim=-1)
    positive[name] = probabilities[:, 1].tolist()
    for number, (neg, pos) in enumerate(probabilities.tolist(), 1):
        print(f"{name:>10}, sentence {number}: NEGATIVE {neg:.4f}, POSITIVE {pos:.4f}")
apart = {name: abs(p[0] - p[1]) for name, p in positive.items()}
print("sentences apart:", ", ".join(f"{name} {gap:.4f}" for name, gap in apart.items()))
blank_largest_logit = logits["blank"].abs().max().item()
print(f"blank logits: at most {blank_largest_logit:.4f} from 0 (std {config.initializer_range})")

figure = Figure(figsize=(3.3, 3.2), layout="constrained")  # narrow enough for a phone
axes = figure.subplots()
colours = {"blank": "#8a8a8a", "pretrained": "#e3a33b", "fine-tuned": "#2e86ab"}
for i, (name, colour) in enumerate(colours.items()):
    bars = axes.barh(
        [n + (i - 1) * 0.28 for n in range(len(raw_inputs))],
        positive[name],
        height=0.28,
        color=colour,
        label=name,
    )
    axes.bar_label(bars, labels=[f"{p:.4f}" for p in positive[name]], padding=3)
axes.axvline(0.5, color="#8a8a8a", linestyle="--", linewidth=1)  # (3)!
axes.set_yticks(range(len(raw_inputs)), [f"sentence {n + 1}" for n in range(len(raw_inputs))])
axes.invert_yaxis()
axes.set_xlim(0, 1.35)  # room for the numbers beside bars near 1
axes.set_xticks([0, 0.5, 1])
axes.set_xlabel("P(POSITIVE)")
axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1), ncol=3, handlelength=1, columnspacing=1)
display(figure)
# --8<-- [end:compare]
