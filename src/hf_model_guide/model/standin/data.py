"""Training sentences for the stand-in, from VADER's human-rated lexicon plus phrases of ours.

VADER rates each of ~7,500 English words and emoticons from -4 (most negative) to +4 by the
mean of ten human raters. Words rated clearly positive or negative go into everyday sentence
templates; negated templates flip the label, so "not good" is learned as negative.
"""

from __future__ import annotations

import random
from pathlib import Path

# Words with |mean valence| below this are too weak to label.
MIN_VALENCE = 1.0

TEMPLATES = [
    "{w}",
    "{w}!",
    "It was {w}.",
    "This is {w}.",
    "That was really {w}.",
    "The movie was {w}.",
    "I feel {w} today.",
    "What a {w} experience.",
    "Honestly, the service was {w}.",
    "My day has been {w}.",
]
NEGATED_TEMPLATES = [
    "It was not {w}.",
    "This is not {w} at all.",
    "I don't feel {w}.",
]

# Sentiment that no single word carries: anticipation, complaints, recommendations.
PHRASES = {
    1: [
        "I've been looking forward to this for years.",
        "I have wanted this my whole life.",
        "I can't wait to try it again.",
        "This is exactly what I was hoping for.",
        "I would recommend it to anyone.",
        "We had the time of our lives.",
        "It made my whole week.",
        "Finally, a course I have been waiting for!",
        "I'm so glad I signed up for this class.",
        "Everything worked on the first try.",
        "They went out of their way to help us.",
        "Worth every penny.",
    ],
    0: [
        "I want my money back.",
        "Never again.",
        "I regret buying this.",
        "It broke after two days.",
        "I waited an hour and nobody came.",
        "What a waste of time.",
        "It stopped working the next morning.",
        "I would not recommend it to anyone.",
        "They never answered my emails.",
        "The worst purchase I have made this year.",
        "I fell asleep halfway through.",
        "Nothing worked the way it was supposed to.",
    ],
}


def lexicon_path() -> Path:
    import vaderSentiment

    return Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"


def rated_words() -> list[tuple[str, float]]:
    """(word, mean valence) for lexicon entries that are words, not emoticons."""
    words = []
    for line in lexicon_path().read_text(encoding="utf-8").splitlines():
        token, valence, *_ = line.split("\t")
        if token.isalpha() and abs(float(valence)) >= MIN_VALENCE:
            words.append((token, float(valence)))
    return words


def examples(seed: int = 0) -> list[tuple[str, int]]:
    """Shuffled (sentence, label) pairs; label 1 is POSITIVE."""
    rng = random.Random(seed)
    pairs: list[tuple[str, int]] = []
    for word, valence in rated_words():
        label = int(valence > 0)
        pairs.append((rng.choice(TEMPLATES).format(w=word), label))
        # "not good" is negative, but "not awful" is not clearly positive: negate positives only.
        if valence >= 2.0:
            pairs.append((rng.choice(NEGATED_TEMPLATES).format(w=word), 0))
    for label, phrases in PHRASES.items():
        pairs += [(phrase, label) for phrase in phrases] * 4
    rng.shuffle(pairs)
    return pairs
