"""What the demo answers for its own example sentences, computed by its own code.

``classify`` and the examples are app.py's, the file the Space runs: the article shows these
answers when the Space does not answer (asleep, building, gone), so the reader still sees
what the demo says. Importing app.py builds the Gradio interface without launching it.
"""

import os

# Gradio reports usage from the interface's constructor unless told not to: a build sends
# nothing anywhere.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from app import classify, demo

answers = []
for sentence in demo.examples:  # the sentences the app offers under its text box
    scores = classify(sentence)
    label = max(scores, key=scores.get)
    answers.append({"sentence": sentence, "label": label, "probability": scores[label]})
    print(f"{label:<8}  {scores[label]:.4f}  {sentence}")
