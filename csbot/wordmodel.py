"""Word evidence: which intent a message's characters and character pairs point to.

A softmax (multinomial logistic) regression over the TF-IDF weighted character unigrams and
bigrams of the shop's examples, phrasings and keywords.  Keywords and close examples decide
most short messages; this carries the long, wordy ones whose cue is spread over ordinary
words ("用了两天就不制冷了"), and breaks ties between keywords of different intents.

Why a trained regression and not naive Bayes: fed the same text, it learns which pairs tell
intents apart instead of which are merely frequent; measured with the demo shop, top-1 on the
independent set rose from 0.865 to about 0.90, with the real set and the held-out set no worse.
Training is plain Python (no numpy), twelve passes of stochastic gradient descent in an order
drawn from each line's text, so the same catalogue always gives the same model and one added
phrasing leaves the others' order alone; it takes six to eight seconds for the
demo shop's ~15,500 lines and is cached on disk with the rest of the matcher (the TUI rebuilds
it in a worker thread after an edit).

Why characters and not jieba words: jieba words added nothing to top-1 accuracy on the
evaluation sets while segmenting every message cost three times the rest of classification.
jieba still segments for the explanation, the user dictionary and the compliance guard.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import Counter
from operator import mul

from csbot.catalogue import Catalogue
from csbot.normalize import PLACEHOLDER, normalise

EPOCHS = 12
LEARNING_RATE = 2.0
"""Initial step, decayed as 1 / (1 + passes made); TF-IDF rows are unit length. A smaller step
over more passes settles nearer the optimum, so the shuffle matters less: over four shuffle
seeds real-set top-1 0.813 (worst 0.810) against 0.798 for 5.0 over three passes and 0.808
(worst 0.796) for 2.0 over six; the independent set 0.941 against 0.927."""
SKIP_GRADIENT = 0.01
"""A class whose predicted probability is already this close to right is not updated:
after the first pass that leaves two or three classes per line, which keeps training fast."""
SHUFFLE_SEED = 20261122
MIN_LINES = 2
TRAINING = (EPOCHS, LEARNING_RATE, SKIP_GRADIENT, SHUFFLE_SEED, MIN_LINES)
"""Everything training depends on besides the catalogue: a cached model trained otherwise is stale."""


# A mask read literally ("[数字x]") is four characters no phrasing contains: it would only make
# the message look foreign (see familiarity) and say nothing of its intent.
_PLACEHOLDER_AS = {"金额": "0元", "日期": "0号", "时间": "0点", "链接": "", "url": "", "邮箱": "", "email": ""}
"""What each mask stands for, written as a buyer would: a number unless named here; a
name, an address or a company is 某."""
_NUMBER_MASKS = ("数字", "订单", "电话", "身份证号", "num")
_DIGITS = re.compile(r"\d+")
_TRAILING_NOT = re.compile(r"(?<![还也都就并绝而我你他她它再要才又偏])不(?=\s*(?:[?？]|$))")
"""Colloquial A-not-A: "能保证到不" asks "能保证到吗", and 吗 is what most questions end with."""


def _unmask(match: re.Match[str]) -> str:
    kind = match.group(1) or match.group(2)
    if kind in _PLACEHOLDER_AS:
        return _PLACEHOLDER_AS[kind]
    return "0" if kind.startswith(_NUMBER_MASKS) else "某"


def features(normalised: str) -> list[str]:
    """Characters and character pairs; every number reads as 0, because "3天" and "15天" or
    two order numbers differ in nothing that tells intents apart (top-1 on the real set +1
    point, the other sets unchanged)."""
    normalised = _TRAILING_NOT.sub("吗", _DIGITS.sub("0", PLACEHOLDER.sub(_unmask, normalised)))
    unigrams = [c for c in normalised if c != " "]
    bigrams = [normalised[i : i + 2] for i in range(len(normalised) - 1) if " " not in normalised[i : i + 2]]
    return unigrams + bigrams


def _shuffled(lines: list[int], texts: list[str], labels: list[int], seed: int, epoch: int) -> list[int]:
    """The lines in an order drawn from each line's own text: a phrasing added or removed
    moves only itself, where a shuffled list would reorder every other line too, and a
    shop's edit would change answers it never touched."""

    def key(k: int) -> int:
        return zlib.crc32(f"{seed}:{epoch}:{labels[k]}:{texts[k]}".encode())

    return sorted(lines, key=key)


class WordModel:
    def __init__(self, catalogue: Catalogue, *, seed: int = SHUFFLE_SEED) -> None:
        texts: list[str] = []
        labels: list[int] = []
        self._intents = [spec.id for spec in catalogue.intents]
        for index, spec in enumerate(catalogue.intents):
            for text in (*spec.examples, *spec.phrasings, *spec.keywords):
                texts.append(normalise(text))
                labels.append(index)
        counted = [Counter(features(text)) for text in texts]
        document_frequency: Counter[str] = Counter(f for counts in counted for f in counts)
        total = len(texts)
        # A pair seen in one line only says more about that line than about its intent.
        kept = [f for f, n in document_frequency.items() if n >= MIN_LINES or len(f) == 1]
        self._index = {feature: i for i, feature in enumerate(kept)}
        # Smoothed IDF, as scikit-learn's TfidfVectorizer computes it.
        self._idf = [math.log((1 + total) / (1 + document_frequency[f])) + 1 for f in self._index]
        classes = len(self._intents)
        weights = [[0.0] * classes for _ in self._index]
        self._bias = [0.0] * classes
        vectors = [self._vector(counts) for counts in counted]
        trained = [k for k, (ids, _) in enumerate(vectors) if ids]
        step_count = 0
        for epoch in range(EPOCHS if classes > 1 else 0):
            for k in _shuffled(trained, texts, labels, seed, epoch):
                ids, values = vectors[k]
                rows = [weights[i] for i in ids]
                probabilities = self._softmax(rows, values)
                rate = LEARNING_RATE / (1 + step_count / total)
                step_count += 1
                for c, probability in enumerate(probabilities):
                    gradient = probability - (1.0 if c == labels[k] else 0.0)
                    if -SKIP_GRADIENT < gradient < SKIP_GRADIENT:
                        continue
                    step = rate * gradient
                    self._bias[c] -= step
                    for row, value in zip(rows, values):
                        row[c] -= step * value
        # One flat array: pickles as a single block, so loading the cached matcher stays fast;
        # rows are copied out of it into lists the first time a message uses them.
        self._weights = array("d", (w for row in weights for w in row))
        self._width = classes
        self._rows: dict[int, list[float]] = {}

    def _vector(self, counts: Counter[str]) -> tuple[list[int], list[float]]:
        """Known features of a text as (indices, sublinear TF-IDF values of unit length)."""
        ids = [self._index[f] for f in counts if f in self._index]
        values = [(1 + math.log(counts[f])) * self._idf[self._index[f]] for f in counts if f in self._index]
        norm = math.sqrt(sum(v * v for v in values)) or 1.0
        return ids, [v / norm for v in values]

    def _softmax(self, rows: list, values: list[float]) -> list[float]:
        logits = [bias + sum(map(mul, values, column)) for bias, column in zip(self._bias, zip(*rows))]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def posterior(self, normalised: str) -> tuple[dict[str, float], float]:
        """P(intent | words) over the intents ({} when no word is known to the model), and
        how familiar the message is: the share of its character pairs the model was trained on.

        A softmax always names some intent, however foreign the text ("量子力学的基本原理是什么"
        shares only 的/是/什么 with a shop's phrasings): the familiarity tells a caller how
        much that choice is worth."""
        index, idf, rows_of = self._index, self._idf, self._rows
        rows: list[list[float]] = []
        values: list[float] = []
        pairs = known_pairs = 0
        for feature, count in Counter(features(normalised)).items():
            i = index.get(feature)
            if len(feature) == 2:
                pairs += count
                known_pairs += count if i is not None else 0
            if i is None:
                continue
            row = rows_of.get(i)
            if row is None:
                row = rows_of[i] = self._weights[i * self._width : (i + 1) * self._width].tolist()
            rows.append(row)
            values.append(idf[i] if count == 1 else (1 + math.log(count)) * idf[i])
        if not rows:
            return {}, 0.0
        norm = math.sqrt(sum(v * v for v in values))
        familiarity = known_pairs / pairs if pairs else 1.0
        return dict(zip(self._intents, self._softmax(rows, [v / norm for v in values]))), familiarity

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["_rows"] = {}  # rebuilt as messages come in; the flat array is what is stored
        return state
