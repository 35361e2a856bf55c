"""Intent matching: which of the shop's intents a buyer message asks for, and why.

Three kinds of evidence, all from the shop's intents file and its phrasings:

* keywords and hints, found with one Aho-Corasick pass over the normalised text,
  leftmost-longest across all intents, so "退货退款" (return) masks the "退款" (refund)
  inside it and the longer, more specific cue wins; a cue that other intents' examples and
  phrasings use as well weighs less;
* the word model (csbot.wordmodel), a regression over characters and character pairs
  trained on examples, phrasings and keywords: long messages with no keyword;
* example phrasings, compared with rapidfuzz against the whole message: near-copies of
  short and fragmentary messages.

Scores are in [0, 1].  A message can ask for several things (``怎么还不发货 不发就退款了``):
every intent above the threshold is reported, best first.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick
from rapidfuzz import fuzz, process

from csbot import paths
from csbot.catalogue import UNKNOWN, Catalogue, IntentSpec, load_catalogue
from csbot.entities import ORDER_NUMBER, TRACKING
from csbot.normalize import blank_placeholders, normalise
from csbot.segment import Segmenter, segment
from csbot.wordmodel import SHUFFLE_SEED, TRAINING, WordModel

__all__ = ["Classification", "IntentScore", "Matcher", "load_catalogue"]

CACHE_FORMAT = 10
"""Bump when the matcher's pickled state changes shape or is built differently (the word
model's training settings are part of the cache key on their own)."""
KEYWORD_WEIGHT = 0.85
CUE_SHARE_STRENGTH = 0.7
"""How much a cue loses when other intents' examples and phrasings use it too (see _specificity)."""
HINT_WEIGHT = 0.35
FILLER_DAMPING = 0.55
"""greeting/thanks next to a real request: '你好 我想退货' is a return, not a greeting."""
EXAMPLE_CUTOFF = 55.0
NEGATIVE_PENALTY = 0.5
THREAT_DEMOTION = 0.8
_THREAT = re.compile(r"(?:再不|要是不|如果不|还不|不)[^\s,.!?，。！？]{0,6}?就|不然|否则|要不然")
WEAK_CAP = 0.45
SUBSTANTIVE_EVIDENCE = 0.3
FILLER_MINOR_SHARE = 0.5
"""A greeting/thanks whose own cues are less of the message than this ranks behind a request
named by keyword, however sure the word model is of it."""
FILLER_NAMED_QUESTION = 0.6
"""A request named by keyword this surely, and asked about, also ranks ahead of the greeting/thanks
around it: "好的，谢谢 这个赠品是哪单送的" asks about the gift."""
FILLER_FULL_COVERAGE = 0.6
"""A greeting/thanks must be most of the message to count fully: "你好" in a 13-character
question is a fifth of it."""
_QUESTION = re.compile(
    r"[?？]|[吗么嘛呢]\s*$|[吗么嘛呢][\s,.!?，。！？]"
    r"|什么|怎么|多少|几[个天号点]|哪|是不是|能不能|可不可以|有没有|会不会|多久|多大|多长"
)
"""Any real request this likely makes greeting/thanks around it mere politeness."""
MIN_REPORTED = 0.05
"""Scores below this are noise: not listed, so the runner-up shown to the agent means something."""
WORD_WEIGHT = 1.0
"""The word model's probability (discounted by how familiar the words are) is added at full
weight: trained on examples, phrasings and keywords together, it is the best single judge of
a message that no keyword settles, and may decide one alone."""
FAVOURITE_WORD_WEIGHT = 2.0
"""Its favourite counts double: 1.5 points more top-1 on the real set, 2 on the independent
set. Doubling its runners-up as well ranked no better and lifted a fifth more side intents
over the composing bar (a price-protection answer to a return question)."""
DECISIVE = 0.85
WORD_TOP = 3
WORD_CONFIDENT = 0.6
"""Word-model probability (familiarity included) above which the example search is skipped:
measured on the three evaluation sets, no answer changed for any value from 0.4 to 0.9."""
YIELD_TO = 0.6
"""A yielding intent (转人工) ranks behind a request at least this sure: "修改发票 我要转人工"
is an invoice question first; the agent reading it is the person asked for."""
YIELD_GAP = 0.01
POSITION_BONUS = 0.02
"""Buyers put what they want first; among equals, the earlier cue is the primary intent."""

REFERENCE_ONLY_LENGTH = 160
_REFERENCE_MASK = re.compile(r"\[(?:订单|数字)x\]")
_REFERENCE_LABELS = re.compile(
    r"(?:我的|这是|就是|是|这个|这单|订单编号|订单号码|订单号|订单|快递单号|运单号|物流单号|单号|编号|号码"
    r"|\[(?:日期|时间)x\]|[\s:：,，.。;；#=\-()（）\[\]])*"
)
_NOT_CONTENT = re.compile(r"[\s,.!?;:~，。！？；：、…'\"()（）\[\]【】<>《》]|[啊呀呢吧哈嘛吗哦噢呗啦了的亲]")


@dataclass(frozen=True)
class IntentScore:
    id: str
    label: str
    score: float

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "score": round(self.score, 3)}


@dataclass
class Evidence:
    keywords: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    first_position: int = 10**9
    whole_similarity: float = 0.0
    """Similarity of the whole message (not a clause) to this intent's closest example."""
    word_probability: float = 0.0
    covered: int = 0
    """Characters of the message explained by this intent's cues."""
    first_cue_end: int | None = None
    example: str | None = None
    example_similarity: float = 0.0


@dataclass
class Classification:
    text: str
    normalised: str
    intents: list[IntentScore]
    """Ranked; the first is ``unknown`` when nothing is confident enough."""
    evidence: dict[str, Evidence]
    reason: str = ""
    threshold: float = 0.45
    segmenter: Segmenter | None = field(default=None, repr=False, compare=False)
    guessed: bool = False
    """The top intent is the shop's question fallback, not something the message matched."""

    @property
    def tokens(self) -> tuple[str, ...]:
        """The message's jieba words, for showing the agent what csbot read."""
        if not self.normalised:
            return ()
        return self.segmenter.words(self.normalised) if self.segmenter else segment(self.normalised)

    @property
    def top(self) -> str:
        return self.intents[0].id

    def detected(self) -> list[IntentScore]:
        """The intents the message asks for, best first (empty when unknown)."""
        if self.top == UNKNOWN:
            return []
        return [item for item in self.intents if item.id != UNKNOWN and item.score >= self.threshold]

    def explain(self) -> dict:
        """Why the top intent won: matched cues and example, how strongly the message's
        words point to it (word model, discounted by familiarity), runner-up and margin."""
        real = [item for item in self.intents if item.id != UNKNOWN]
        best = real[0] if real else None
        runner_up = real[1] if len(real) > 1 else None
        ev = self.evidence.get(best.id) if best else None
        return {
            "tokens": list(self.tokens),
            "top": best.id if best else None,
            "keywords": list(ev.keywords) if ev else [],
            "hints": list(ev.hints) if ev else [],
            "example": ev.example if ev else None,
            "example_similarity": round(ev.example_similarity, 3) if ev else 0.0,
            "word_probability": round(ev.word_probability, 3) if ev else 0.0,
            "runner_up": runner_up.id if runner_up else None,
            "margin": round(best.score - runner_up.score, 3) if best and runner_up else None,
            "reason": self.reason,
        }


def _word_ids(segmenter: Segmenter, normalised: str) -> list[int]:
    """For each character, the index of the jieba word it belongs to."""
    ids: list[int] = []
    for index, word in enumerate(segmenter.pieces(normalised)):
        ids.extend([index] * len(word))
    return ids


def _aligned(start: int, end: int, word_ids: list[int]) -> bool:
    """A cue is read as written when it lies inside one word (发货 in 不发货) or starts
    and ends on word boundaries (退货|退款); a one-character cue must be a word itself."""
    starts_word = start == 0 or word_ids[start - 1] != word_ids[start]
    ends_word = end == len(word_ids) or word_ids[end] != word_ids[end - 1]
    if end - start == 1:
        return starts_word and ends_word
    return (starts_word and ends_word) or word_ids[start] == word_ids[end - 1]


class ExampleIndex:
    """Example phrasings sorted by length, so a query is compared only with examples
    whose length leaves room for a ratio above the cutoff (a 4-character message never
    against a 40-character example)."""

    def __init__(self, texts: list[str], intents: list[str]) -> None:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        self.texts = [texts[i] for i in order]
        self.intents = [intents[i] for i in order]
        self.lengths = [len(t) for t in self.texts]

    def best(self, query: str) -> dict[str, tuple[float, str]]:
        """Per intent, the most similar example (similarity in [0, 1]) above the cutoff."""
        cutoff = EXAMPLE_CUTOFF / 100
        size = len(query)
        low = bisect.bisect_left(self.lengths, size * cutoff / (2 - cutoff))
        high = bisect.bisect_right(self.lengths, size * (2 - cutoff) / cutoff)
        best: dict[str, tuple[float, str]] = {}
        if low >= high:
            return best
        for choice, similarity, index in process.extract(
            query, self.texts[low:high], scorer=fuzz.ratio, score_cutoff=EXAMPLE_CUTOFF, limit=8
        ):
            intent_id = self.intents[low + index]
            if similarity / 100 > best.get(intent_id, (0.0, ""))[0]:
                best[intent_id] = (similarity / 100, choice)
        return best


class Matcher:
    """Scores messages against a catalogue; build once per shop, call classify() per message."""

    def __init__(self, catalogue: Catalogue, *, word_seed: int = SHUFFLE_SEED) -> None:
        """``word_seed`` shuffles the word model's training; only the default one is cached,
        others are for measuring how much a figure owes to the shuffle."""
        self.catalogue = catalogue
        self.settings = catalogue.settings
        self._specs: dict[str, IntentSpec] = {spec.id: spec for spec in catalogue.intents}
        self._segmenter = Segmenter()
        self._word_frequencies = self._segmenter.add_words(self.vocabulary())
        self._example_texts: list[str] = []
        self._example_intents: list[str] = []
        self._negative_texts: list[str] = []
        self._negative_intents: list[str] = []
        for spec in catalogue.intents:
            for example in spec.examples:
                self._example_texts.append(normalise(example))
                self._example_intents.append(spec.id)
            for negative in spec.negatives:
                self._negative_texts.append(normalise(negative))
                self._negative_intents.append(spec.id)
        self._automaton = self._build_automaton(catalogue)
        self._words = WordModel(catalogue, seed=word_seed)
        self._examples = ExampleIndex(self._example_texts, self._example_intents)
        self._negatives = ExampleIndex(self._negative_texts, self._negative_intents)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        del state["_segmenter"]  # a jieba tokenizer: rebuilt from the base dictionary on load
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._segmenter = Segmenter()
        self._segmenter.add_known_words(self._word_frequencies)

    @classmethod
    def cached(cls, catalogue: Catalogue, cache_dir: Path | None) -> Matcher:
        """The matcher for this catalogue, from an on-disk cache when the catalogue is
        unchanged: building one segments thousands of examples, which a cold
        ``csbot reply`` cannot afford."""
        if cache_dir is None:
            return cls(catalogue)
        digest = hashlib.sha256(
            repr((CACHE_FORMAT, TRAINING, catalogue.intents, catalogue.settings)).encode("utf-8")
            + paths.user_dictionary_file().read_bytes()
        ).hexdigest()[:24]
        cache_file = cache_dir / f"matcher-{digest}.pickle"
        try:
            with cache_file.open("rb") as handle:
                matcher = pickle.load(handle)
            if isinstance(matcher, cls):
                matcher.catalogue = catalogue
                return matcher
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            pass  # no cache yet, or one from another version: build afresh below
        matcher = cls(catalogue)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump(matcher, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, cache_file)
        except OSError:
            pass  # a read-only data folder costs speed, not correctness
        return matcher

    def _cue_counts(self, keys: list[str]) -> dict[str, Counter[str]]:
        """For each cue, how many examples of each intent contain it (one pass)."""
        finder = ahocorasick.Automaton()
        for key in keys:
            finder.add_word(key, key)
        finder.make_automaton()
        counts: dict[str, Counter[str]] = {key: Counter() for key in keys}
        phrasings = [(normalise(text), spec.id) for spec in self.catalogue.intents for text in spec.phrasings]
        for text, owner in [*zip(self._example_texts, self._example_intents), *phrasings]:
            for key in {found for _, found in finder.iter(text)}:
                counts[key][owner] += 1
        return counts

    @staticmethod
    def _specificity(counts: Counter[str], intent_id: str) -> float:
        """How reliably a cue points at its intent, judged on the shop's own examples: a cue
        that also turns up in other intents' examples ("改成" in 改地址 and 发票 phrasings)
        weighs a little less than one only its own intent uses: enough to break ties."""
        total = sum(counts.values())
        if total < 2:
            return 1.0
        share = (counts[intent_id] + 1) / (total + 1)
        return 1 - CUE_SHARE_STRENGTH * (1 - share)

    def _build_automaton(self, catalogue: Catalogue) -> ahocorasick.Automaton | None:
        cues: dict[str, list[tuple[str, float]]] = {}
        for spec in catalogue.intents:
            for word, weight in [(k, KEYWORD_WEIGHT) for k in spec.keywords] + [(h, HINT_WEIGHT) for h in spec.hints]:
                key = normalise(word)
                if not key:
                    continue
                owners = cues.setdefault(key, [])
                if all(owner != spec.id for owner, _ in owners):  # a repeat counts once
                    owners.append((spec.id, weight))
        if not cues:
            return None
        counts = self._cue_counts(list(cues))
        automaton = ahocorasick.Automaton()
        for key, owners in cues.items():
            weighted = tuple((owner, weight * self._specificity(counts[key], owner)) for owner, weight in owners)
            automaton.add_word(key, (key, weighted))
        automaton.make_automaton()
        return automaton

    def vocabulary(self) -> list[str]:
        """Keywords worth teaching the segmenter."""
        return [normalise(w) for spec in self.catalogue.intents for w in (*spec.keywords, *spec.hints)]

    def classify(self, text: str) -> Classification:
        normalised = normalise(text)
        if not normalised or not any(ch.isalnum() for ch in normalised):
            return self._unknown(text, normalised, {}, "没有可读的文字（空白、表情或符号）")
        if _only_a_reference(normalised):
            # Asked for the order number, the buyer sends just that: there is nothing to match,
            # and "订单号" would otherwise read as a question about ordering.
            return self._unknown(text, normalised, {}, "只有订单号或快递单号")
        evidence: dict[str, Evidence] = {}
        scores = self._keyword_scores(blank_placeholders(normalised), evidence)
        posterior = self._word_posterior(normalised, scores)
        if not posterior or max(posterior.values()) < WORD_CONFIDENT:
            # A near-copy of an example could not change what the word model is sure of:
            # the example search, the costliest step, is only run when it might.
            self._add_example_scores(normalised, scores, evidence)
        self._add_word_scores(posterior, scores, evidence)
        self._apply_negatives(normalised, scores, evidence)
        self._damp_fillers(normalised, scores, evidence)
        for intent_id, ev in evidence.items():
            if intent_id in scores and ev.first_position < 10**9:
                scores[intent_id] += POSITION_BONUS * (1 - ev.first_position / max(len(normalised), 1))
        self._demote_threats(normalised, scores, evidence)
        self._yield_to_requests(scores, evidence)
        self._lead_with_reply_order(scores, evidence)
        # Ranked on the raw sums: two intents that both reach 1.0 are told apart by the
        # evidence above the cap (word model, position) instead of by chance.
        order = sorted(
            (i for i, s in scores.items() if s >= MIN_REPORTED),
            key=lambda i: (-scores[i], evidence.get(i, Evidence()).first_position),
        )
        ranked = [IntentScore(i, self._specs[i].label, min(scores[i], 1.0)) for i in order]
        return self._decide(text, normalised, ranked, evidence)

    def _word_posterior(self, normalised: str, scores: dict[str, float]) -> dict[str, float]:
        """Word-model probabilities, discounted by how familiar the message's words are."""
        if self._keywords_decide(scores):
            return {}  # one clear winner the word model could not overturn: skip its cost
        posterior, familiarity = self._words.posterior(normalised)
        return {intent_id: p * familiarity for intent_id, p in posterior.items()}

    def _add_word_scores(
        self, posterior: dict[str, float], scores: dict[str, float], evidence: dict[str, Evidence]
    ) -> None:
        best_first = sorted(posterior.items(), key=lambda kv: -kv[1])[:WORD_TOP]
        for rank, (intent_id, probability) in enumerate(best_first):
            evidence.setdefault(intent_id, Evidence()).word_probability = probability
            weight = FAVOURITE_WORD_WEIGHT if rank == 0 else WORD_WEIGHT
            scores[intent_id] = scores.get(intent_id, 0.0) + weight * probability

    def _keywords_decide(self, scores: dict[str, float]) -> bool:
        """One real request named by a keyword, nothing else in sight: example phrasings
        could not change the answer, so their search (most of the cost) is skipped."""
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < DECISIVE or self._specs[ranked[0][0]].filler:
            return False
        return len(ranked) == 1 or ranked[1][1] < HINT_WEIGHT

    def _demote_threats(self, normalised: str, scores: dict[str, float], evidence: dict[str, Evidence]) -> None:
        """ "怎么还不发货 不发就退款了": what follows 不…就 / 再不…就 / 不然 is a threat, and
        the request is what came before it, so an intent whose cues all sit in the threat
        ranks behind one the buyer asked for outright."""
        threat = _THREAT.search(normalised)
        if threat is None:
            return
        cued = {i: ev for i, ev in evidence.items() if i in scores and ev.first_cue_end is not None}
        asked = [i for i, ev in cued.items() if ev.first_cue_end is not None and ev.first_cue_end <= threat.end()]
        if not asked:
            return
        threatened = [i for i in cued if i not in asked]
        for intent_id in threatened:
            scores[intent_id] = min(scores[intent_id], 1.0) * THREAT_DEMOTION
        # The word model reads a whole "还没发货吗 不发就退款" as a refund, because shops file
        # such threats under refund; a request the buyer named by keyword still comes first.
        lead = max((i for i in asked if _named(evidence, i)), key=lambda i: scores[i], default=None)
        strongest_threat = max((scores[i] for i in threatened), default=0.0)
        if lead is not None and scores[lead] <= strongest_threat:
            scores[lead] = strongest_threat + YIELD_GAP

    def _is_request(self, intent_id: str) -> bool:
        """Something the buyer wants done or answered: not politeness (greeting/thanks), not unknown."""
        return intent_id != UNKNOWN and not self._specs[intent_id].filler

    def _yield_to_requests(self, scores: dict[str, float], evidence: dict[str, Evidence]) -> None:
        """A yielding intent (转人工) beside a clear request ranks just behind it; both stay detected.
        Only a request the buyer named counts: in "还有别的联系方式吗" the word model hears 还有别的
        as a stock question, but nothing asks about stock."""
        requests = [
            score
            for intent_id, score in scores.items()
            if self._is_request(intent_id) and not self._specs[intent_id].yields and _named(evidence, intent_id)
        ]
        if not requests or max(requests) < YIELD_TO:
            return
        clearest = min(max(requests), 1.0)
        for intent_id, score in scores.items():
            if self._specs[intent_id].yields and score >= clearest:
                scores[intent_id] = clearest - YIELD_GAP

    def _lead_with_reply_order(self, scores: dict[str, float], evidence: dict[str, Evidence]) -> None:
        """Two requests named outright and both certain: the primary one is the one the composed
        reply leads with (the catalogue's ``order``): wrong goods before the return they cause,
        not whichever the word model leaned to. Measured: +0.3 points real-set top-1 (mean of four
        shuffles); below certainty (0.9) the same rule cost a point."""
        certain = [i for i, s in scores.items() if s >= 1.0 and self._is_request(i) and _named(evidence, i)]
        if len(certain) < 2:
            return
        lead = min(certain, key=lambda i: self._specs[i].order)
        highest = max(scores[i] for i in certain)
        if scores[lead] < highest:
            scores[lead] = highest + YIELD_GAP

    def _keyword_scores(self, normalised: str, evidence: dict[str, Evidence]) -> dict[str, float]:
        scores: dict[str, float] = {}
        if self._automaton is None:
            return scores
        strong_misses: dict[str, float] = {}
        weak_misses: dict[str, float] = {}
        for start, key, owners in self._cue_matches(normalised):
            for intent_id, weight in owners:
                ev = evidence.setdefault(intent_id, Evidence())
                is_keyword = weight > HINT_WEIGHT
                (ev.keywords if is_keyword else ev.hints).append(key)
                ev.covered += len(key)
                ev.first_position = min(ev.first_position, start)
                if ev.first_cue_end is None or start + len(key) < ev.first_cue_end:
                    ev.first_cue_end = start + len(key)
                misses = strong_misses if is_keyword else weak_misses
                misses[intent_id] = misses.get(intent_id, 1.0) * (1 - weight)
        for intent_id in strong_misses.keys() | weak_misses.keys():
            # Weak cues ("一下", "这个") may add up, but never to what one keyword says.
            weak = min(1 - weak_misses.get(intent_id, 1.0), WEAK_CAP)
            strong = 1 - strong_misses.get(intent_id, 1.0)
            scores[intent_id] = 1 - (1 - strong) * (1 - weak)
        return scores

    def _cue_matches(self, normalised: str) -> list[tuple[int, str, tuple[tuple[str, float], ...]]]:
        """Cues found in the message, overlaps resolved: the longer cue wins, and when
        the words of the message are known, a cue must not cut across a word — "为什么快递"
        holds 快递, not courier's "什么快递"; "金额" holds no thanks "额"."""
        assert self._automaton is not None
        found = [(end - len(key) + 1, key, owners) for end, (key, owners) in self._automaton.iter(normalised)]
        if not found:
            return []
        word_ids = _word_ids(self._segmenter, normalised)
        found = [m for m in found if _aligned(m[0], m[0] + len(m[1]), word_ids)]
        found.sort(key=lambda m: (-len(m[1]), m[0]))
        taken = [False] * len(normalised)
        kept = []
        for start, key, owners in found:
            if not any(taken[start : start + len(key)]):
                taken[start : start + len(key)] = [True] * len(key)
                kept.append((start, key, owners))
        kept.sort(key=lambda m: m[0])
        return kept

    def _add_example_scores(self, normalised: str, scores: dict[str, float], evidence: dict[str, Evidence]) -> None:
        if self._keywords_decide(scores):
            return
        # Whole-message only: comparing each clause as well cost a fifth of classifying and,
        # measured once phrasings trained the word model, changed no answer.
        for intent_id, (similarity, example) in self._examples.best(normalised).items():
            ev = evidence.setdefault(intent_id, Evidence())
            ev.whole_similarity = ev.example_similarity = similarity
            ev.example = example
            if ev.first_position == 10**9:
                ev.first_position = 0
        for intent_id, ev in evidence.items():
            ex = _example_score(ev.example_similarity)
            kw = scores.get(intent_id, 0.0)
            combined = max(kw, ex) + 0.25 * min(kw, ex)
            if combined > 0:
                scores[intent_id] = combined

    def _apply_negatives(self, normalised: str, scores: dict[str, float], evidence: dict[str, Evidence]) -> None:
        for intent_id, (similarity, _) in self._negatives.best(normalised).items():
            ev = evidence.get(intent_id)
            if intent_id in scores and similarity >= 0.85 and (ev is None or similarity >= ev.example_similarity):
                scores[intent_id] *= NEGATIVE_PENALTY

    def _damp_fillers(self, normalised: str, scores: dict[str, float], evidence: dict[str, Evidence]) -> None:
        """greeting/thanks win only when they are most of what the buyer wrote: in
        '你好 我想退两双鞋子' the greeting is politeness around a return request."""
        requests = [(i, s) for i, s in scores.items() if self._is_request(i)]
        substantive = max((s for _, s in requests), default=0.0)
        named = max((s for i, s in requests if _named(evidence, i)), default=0.0)
        content = len(_NOT_CONTENT.sub("", normalised)) or 1
        for intent_id in scores:
            if not self._specs[intent_id].filler:
                continue
            ev = evidence.get(intent_id, Evidence())
            coverage = max(min(ev.covered / content, 1.0), ev.whole_similarity, ev.word_probability)
            if coverage < FILLER_FULL_COVERAGE:
                scores[intent_id] *= coverage / FILLER_FULL_COVERAGE
            if substantive >= SUBSTANTIVE_EVIDENCE:
                scores[intent_id] *= FILLER_DAMPING
            # "你好，有随机减吗?": the word model knows 你好 and not 随机减, so it calls the whole
            # line a greeting; a request named outright, or named and asked about, still comes
            # first when the greeting's own words are under half of the message.
            if ev.covered / content >= FILLER_MINOR_SHARE or scores[intent_id] < named:
                continue
            if named >= DECISIVE or (named >= FILLER_NAMED_QUESTION and _asks_beyond(normalised, ev)):
                scores[intent_id] = named - YIELD_GAP

    def _decide(
        self,
        text: str,
        normalised: str,
        ranked: list[IntentScore],
        evidence: dict[str, Evidence],
    ) -> Classification:
        threshold = self.settings.threshold
        if not ranked or ranked[0].id == UNKNOWN:
            reason = "最像店铺的“其他”例句" if ranked else "没有匹配到关键词或例句"
            return self._unknown(text, normalised, evidence, reason, ranked)
        top = ranked[0]
        fallback = self.settings.question_fallback
        if top.score < threshold and fallback in self._specs and _QUESTION.search(normalised):
            # An unmatched question in a shop chat is most often about the goods: answer it as
            # the shop's fallback intent (product_info by default) rather than "unknown".
            guess = IntentScore(fallback, self._specs[fallback].label, threshold)
            ranked = [guess, *[item for item in ranked if item.id != fallback]]
            guessed = self._result(
                text, normalised, ranked, evidence, f"未匹配的问句, 按“{self._specs[fallback].label}”处理"
            )
            guessed.guessed = True
            return guessed
        if top.score < threshold:
            return self._unknown(text, normalised, evidence, f"最高分 {top.score:.2f} 低于阈值 {threshold:.2f}", ranked)
        if len(ranked) > 1:
            margin = top.score - ranked[1].score
            if margin < self.settings.ambiguity_margin and top.score < threshold + 0.15:
                return self._unknown(
                    text,
                    normalised,
                    evidence,
                    f"难以区分: {top.label} 与 {ranked[1].label} 只差 {margin:.2f}",
                    ranked,
                )
        return self._result(text, normalised, ranked, evidence, "")

    def _result(
        self, text: str, normalised: str, ranked: list[IntentScore], evidence: dict[str, Evidence], reason: str
    ) -> Classification:
        return Classification(
            text,
            normalised,
            ranked,
            evidence,
            reason=reason,
            threshold=self.settings.threshold,
            segmenter=self._segmenter,
        )

    def _unknown(
        self,
        text: str,
        normalised: str,
        evidence: dict[str, Evidence],
        reason: str,
        ranked: list[IntentScore] | None = None,
    ) -> Classification:
        ranked = [item for item in (ranked or []) if item.id != UNKNOWN]
        best_other = ranked[0].score if ranked else 0.0
        unknown = IntentScore(UNKNOWN, self.catalogue.label(UNKNOWN), max(1.0 - best_other, 0.0))
        return self._result(text, normalised, [unknown, *ranked], evidence, reason)


def _named(evidence: dict[str, Evidence], intent_id: str) -> bool:
    """The buyer named this intent with one of its keywords (not only words the model leans on)."""
    ev = evidence.get(intent_id)
    return ev is not None and bool(ev.keywords)


def _asks_beyond(normalised: str, filler: Evidence) -> bool:
    """A question outside the greeting/thanks's own words: "好的，谢谢 这个赠品是哪单送的" asks
    something after thanking; "有人在线吗" asks only whether anyone is there."""
    rest = normalised
    for cue in (*filler.keywords, *filler.hints):
        rest = rest.replace(cue, " ")
    return _QUESTION.search(rest) is not None


def _only_a_reference(normalised: str) -> bool:
    """Nothing but order or waybill numbers (plain or masked) and the words that label them."""
    if len(normalised) > REFERENCE_ONLY_LENGTH:
        return False  # a few numbers and labels; a long message is something else, however it ends
    rest, found = ORDER_NUMBER.subn(" ", normalised)
    rest, tracking = TRACKING.subn(" ", rest)
    rest, masked = _REFERENCE_MASK.subn(" ", rest)
    return bool(found or tracking or masked) and _REFERENCE_LABELS.fullmatch(rest) is not None


def _example_score(similarity: float) -> float:
    """Map rapidfuzz similarity to a score: near-identical phrasings are strong evidence,
    loose resemblance is weak."""
    if similarity <= EXAMPLE_CUTOFF / 100:
        return 0.0
    return min(1.0, (similarity - 0.5) / 0.45) ** 1.2
