from transformers import pipeline

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
classifier = pipeline("sentiment-analysis", model=checkpoint)  # (1)!
outputs = classifier(
    [
        "I've been waiting for a HuggingFace course my whole life.",
        "I hate this so much!",
    ]
)
# Scores to four decimals: the digits after them are rounding, which another processor does
# otherwise (the page shows only what is the same everywhere).
print([{"label": output["label"], "score": round(output["score"], 4)} for output in outputs])
