import gradio as gr
from transformers import pipeline

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
classifier = pipeline("sentiment-analysis", model=checkpoint, top_k=None)  # (1)!


def classify(text):
    scores = classifier([text])[0]  # (2)!
    return {item["label"]: item["score"] for item in scores}


demo = gr.Interface(
    fn=classify,
    inputs=gr.Textbox(label="Text", lines=2, placeholder="I love you."),
    outputs=gr.Label(label="Sentiment", num_top_classes=2),  # (3)!
    examples=[
        "I've been waiting for a HuggingFace course my whole life.",
        "I hate this so much!",
        "I love you.",
    ],
    title="Sentiment analysis with DistilBERT",
    description=f"Text classification with the checkpoint `{checkpoint}`.",
    flagging_mode="never",
)

if __name__ == "__main__":
    demo.launch()  # (4)!
