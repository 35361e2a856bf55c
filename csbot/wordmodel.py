"""Word evidence: which intent's phrasings share the most words with the message.

A multinomial naive-Bayes model over jieba words and character bigrams of the shop's own
examples and keywords.  Keywords and whole-message similarity carry most messages; this
carries the long, wordy ones whose cue is spread over several ordinary words
("这个适合几岁的孩子用"), and breaks ties between two keywords of different intents.
"""

from __future__ import annotations

import math
from collections import Counter

from csbot.catalogue import Catalogue
from csbot.normalize import normalise
from csbot.segment import segment

SMOOTHING = 0.1
KEYWORD_REPEAT = 2
"""A keyword is a deliberate cue from the shop owner: it counts as two example uses."""


def features(normalised: str, tokens: tuple[str, ...] | None = None) -> list[str]:
    words = list(tokens if tokens is not None else segment(normalised))
    bigrams = [normalised[i : i + 2] for i in range(len(normalised) - 1) if " " not in normalised[i : i + 2]]
    return words + bigrams


class WordModel:
    def __init__(self, catalogue: Catalogue) -> None:
        self._log_probs: dict[str, dict[str, float]] = {}
        self._unseen: dict[str, float] = {}
        counts: dict[str, Counter[str]] = {}
        vocabulary: set[str] = set()
        for spec in catalogue.intents:
            counter: Counter[str] = Counter()
            for text in [*spec.examples, *spec.keywords * KEYWORD_REPEAT]:
                counter.update(set(features(normalise(text))))
            counts[spec.id] = counter
            vocabulary.update(counter)
        size = len(vocabulary) or 1
        for intent_id, counter in counts.items():
            total = sum(counter.values()) + SMOOTHING * size
            self._log_probs[intent_id] = {f: math.log((n + SMOOTHING) / total) for f, n in counter.items()}
            self._unseen[intent_id] = math.log(SMOOTHING / total)
        self._vocabulary = vocabulary

    def posterior(self, normalised: str, tokens: tuple[str, ...]) -> dict[str, float]:
        """P(intent | words) over the intents, or {} when no word is known to the model."""
        known = [f for f in features(normalised, tokens) if f in self._vocabulary]
        if not known:
            return {}
        scores = {
            intent_id: sum(table.get(f, self._unseen[intent_id]) for f in known)
            for intent_id, table in self._log_probs.items()
        }
        top = max(scores.values())
        exp = {intent_id: math.exp(value - top) for intent_id, value in scores.items()}
        total = sum(exp.values())
        return {intent_id: value / total for intent_id, value in exp.items()}
