"""The guard: find penalised phrases in a reply, and rewrite a reply until none is left.

How a phrase is found (each step is cheap, the costly one runs last and rarely):

1. The text is canonicalised (``canon``) at C speed; the map back to the original offsets
   is only built when something matched.
2. One Aho-Corasick automaton over the canonical forms of every rule phrase, variant and
   allow-list phrase finds all candidates in one pass.
3. A candidate is dropped when
   * a Latin edge runs into more Latin letters or more digits (``usb`` is not ``sb``,
     ``no.10`` is not ``no.1``);
   * an allow-list phrase overlaps it and reaches past it (货到付款 masks 没货, 第一时间
     masks 全网第一);
   * its rule is negatable and a negation comes right before it (不缺货, 不会断货);
   * it is a two-character CJK phrase that jieba splits apart (没货 in 没货源, 扣扣 in
     扣扣子, 空包 in 空包装; see ``words``).  Longer phrases are specific enough, and jieba
     gluing them to a neighbour (亲爱买不买 → 亲爱/买…) would cost recall, so they skip it.
4. Regular-expression rules and the number detectors add their hits.  Each problem is
   reported once: a hit inside a longer hit of its category is dropped, and so is a
   warning that a block of its category overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import ahocorasick

from csbot import paths
from csbot.compliance.canon import Canonical, canonical, finish, first_pass
from csbot.compliance.numbers import find_numbers, mask
from csbot.compliance.rules import Rule, RuleSet, load_rules
from csbot.compliance.words import is_whole_word
from csbot.errors import InputError

_MASKABLE = frozenset({"mobile", "id_card", "bank_card"})
_NEGATION_REACH = 5  # longer than the longest negator (不用担心)
_RANK = {"block": 0, "warn": 1}
_SENTENCE_END = re.compile(r"(?:[。！？!?；;]+[”’」』）)\]]*|\n)\s*")


@dataclass(frozen=True)
class Violation:
    """One penalised phrase in a text, with offsets into the text given to ``check``."""

    rule_id: str
    phrase: str
    matched: str
    start: int
    end: int
    category: str
    severity: str
    why: str
    rewrite: str

    def to_dict(self) -> dict:
        return asdict(self)


class _Entry(NamedTuple):
    """What an automaton key stands for (rule None: an allow-list phrase), with the checks
    it needs worked out once at compile time rather than per hit."""

    rule: Rule | None
    length: int
    head: str  # first character when it is ASCII (Latin edge check), else ""
    tail: str  # last character when it is ASCII, else ""
    whole_word: bool  # must jieba cut it out as whole words?

    @classmethod
    def of(cls, rule: Rule | None, key: str) -> _Entry:
        whole_word = False
        if rule is not None:
            two_cjk = len(key) == 2 and _is_cjk(key[0]) and _is_cjk(key[1])
            whole_word = rule.word if rule.word is not None else two_cjk
        head = key[0] if key[0].isascii() else ""
        tail = key[-1] if key[-1].isascii() else ""
        return cls(rule, len(key), head, tail, whole_word)


class _Hit(NamedTuple):
    rule: Rule
    start: int  # canonical offsets
    end: int


def _latin_clash(left: str, right: str) -> bool:
    """Two ASCII characters of the same class side by side belong to one Latin token."""
    if not (left.isascii() and right.isascii()):
        return False
    return (left.isalpha() and right.isalpha()) or (left.isdigit() and right.isdigit())


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


class _Spans:
    """Spans indexed by start, so overlap tests look only at nearby starts (linear on 1 MB)."""

    def __init__(self) -> None:
        self._ends: dict[int, list[int]] = {}
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        self._ends.setdefault(start, []).append(end)
        self._longest = max(self._longest, end - start)

    def _near(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        if not self._ends:
            return
        for first in range(start - self._longest + 1, end):
            for last in self._ends.get(first, ()):
                yield first, last

    def contains(self, start: int, end: int) -> bool:
        if not self._ends:
            return False
        return any(a <= start and end <= b for a, b in self._near(start, end))

    def masks(self, start: int, end: int) -> bool:
        """An allow-list span overlapping [start, end) and reaching past it wins."""
        if not self._ends:
            return False
        return any(b > start and not (start <= a and b <= end) for a, b in self._near(start, end))


class Guard:
    """Compiled rules: ``check`` a reply, list its ``blocking`` hits, or ``rewrite`` it."""

    def __init__(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset
        self._negators = tuple(sorted(set(ruleset.negators), key=len, reverse=True))
        self._patterns = [(rule, re.compile(rule.pattern)) for rule in ruleset.rules.values() if rule.pattern]
        self._detectors = {rule.detector: rule for rule in ruleset.rules.values() if rule.detector}
        self._maskable = frozenset(rule.id for rule in ruleset.rules.values() if rule.detector in _MASKABLE)
        self._automaton = self._compile(ruleset)

    @staticmethod
    def _compile(ruleset: RuleSet) -> ahocorasick.Automaton | None:
        entries: dict[str, list[_Entry]] = {}
        for rule in ruleset.rules.values():
            for key in rule.keys():
                entries.setdefault(key, []).append(_Entry.of(rule, key))
        for key in ruleset.allow:
            entries.setdefault(key, []).append(_Entry.of(None, key))
        if not entries:
            return None
        automaton = ahocorasick.Automaton()
        for key, values in entries.items():
            automaton.add_word(key, tuple(values))
        automaton.make_automaton()
        return automaton

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, shop_rules_file: Path | None = None) -> Guard:
        """Shipped rules, plus a shop's rules.toml when given (a missing file adds nothing)."""
        shop_files = [Path(shop_rules_file)] if shop_rules_file is not None else []
        shop_files = [path for path in shop_files if path.exists()]
        stamp = tuple(_stamp(path) for path in [paths.default_rules_file(), *shop_files])
        return _load_cached(stamp)

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self._ruleset.rules.values())

    @property
    def rules_by_id(self) -> Mapping[str, Rule]:
        return MappingProxyType(self._ruleset.rules)

    @property
    def allow_phrases(self) -> tuple[str, ...]:
        return tuple(self._ruleset.allow)

    @property
    def fallback(self) -> str:
        return self._ruleset.fallback

    # -- checking --------------------------------------------------------------------------

    def check(self, text: str) -> list[Violation]:
        """Every violation in ``text``, sorted by start offset."""
        if not isinstance(text, str):
            raise InputError(f"the guard checks text, not {type(text).__name__}")
        first = first_pass(text)
        matched_on = finish(first)
        hits = self._hits(matched_on)
        if not hits:
            return []
        canon = canonical(text, first)  # the origin map costs more: only when something matched
        assert canon.text == matched_on, "canonical() and finish() disagree"
        return [self._violation(text, canon, hit) for hit in hits]

    def blocking(self, text: str) -> list[Violation]:
        """Only the violations that must stop the text from being sent."""
        return [v for v in self.check(text) if v.severity == "block"]

    def _hits(self, text: str) -> list[_Hit]:
        if not text:
            return []
        hits = list(self._phrase_hits(text))
        hits.extend(self._pattern_hits(text))
        hits.extend(self._number_hits(text))
        return _dedupe(hits)

    def _phrase_hits(self, text: str) -> Iterator[_Hit]:
        if self._automaton is None:
            return
        allowed = _Spans()
        negated = _Spans()
        candidates: list[tuple[_Entry, int, int]] = []
        for last, entries in self._automaton.iter(text):
            for entry in entries:
                start, end = last + 1 - entry.length, last + 1
                if entry.rule is None:
                    allowed.add(start, end)
                elif entry.rule.negatable and self._negated(entry.rule, text, start):
                    negated.add(start, end)  # 不会发空包 also shields the 空包 inside it
                else:
                    candidates.append((entry, start, end))
        for entry, start, end in candidates:
            if not negated.contains(start, end) and self._keeps(text, entry, start, end, allowed):
                yield _Hit(entry.rule, start, end)  # type: ignore[arg-type]

    @staticmethod
    def _keeps(text: str, entry: _Entry, start: int, end: int, allowed: _Spans) -> bool:
        if entry.head and start > 0 and _latin_clash(text[start - 1], entry.head):
            return False
        if entry.tail and end < len(text) and _latin_clash(entry.tail, text[end]):
            return False
        if allowed.masks(start, end):
            return False
        return not entry.whole_word or is_whole_word(text, start, end)

    def _negated(self, rule: Rule, text: str, start: int) -> bool:
        return rule.negatable and text[max(0, start - _NEGATION_REACH) : start].endswith(self._negators)

    def _pattern_hits(self, text: str) -> Iterator[_Hit]:
        for rule, regex in self._patterns:
            for match in regex.finditer(text):
                if match.end() > match.start() and not self._negated(rule, text, match.start()):
                    yield _Hit(rule, match.start(), match.end())

    def _number_hits(self, text: str) -> Iterator[_Hit]:
        if not self._detectors:
            return
        for number in find_numbers(text):
            kind = "mobile_contact" if number.kind == "mobile" and number.contact else number.kind
            rule = self._detectors.get(kind) or self._detectors.get(number.kind)
            if rule is not None:
                yield _Hit(rule, number.start, number.end)

    def _violation(self, original: str, canon: Canonical, hit: _Hit) -> Violation:
        start, end = canon.span(hit.start, hit.end)
        matched = original[start:end]
        rule = hit.rule
        rewrite = mask(matched) if rule.detector in _MASKABLE else rule.rewrite
        return Violation(rule.id, rule.phrase, matched, start, end, rule.category, rule.severity, rule.why, rewrite)

    # -- rewriting -------------------------------------------------------------------------

    def rewrite(self, text: str, *, violations: Sequence[Violation] | None = None) -> str:
        """``text`` with every sentence holding a blocking hit rewritten; passes ``check``.

        A sentence whose only problem is a personal number gets the number masked; any other
        is replaced by its rules' suggestion (each suggestion once per text).  Whatever still
        blocks after that is dropped, and if nothing is left the fallback sentence is used.
        ``violations`` (from ``check(text)``) saves checking a large text twice; the result
        is re-checked either way.
        """
        if violations is None:
            violations = self.check(text)
        blocking = [v for v in violations if v.severity == "block"]
        if not blocking:
            return text
        pieces: list[str] = []
        emitted: set[str] = set()
        for (start, end), hits in _by_sentence(text, blocking):
            pieces.append(self._rewrite_sentence(text[start:end], start, hits, emitted) if hits else text[start:end])
        return self._settle("".join(pieces))

    def _rewrite_sentence(self, sentence: str, offset: int, hits: list[Violation], emitted: set[str]) -> str:
        if all(v.rule_id in self._maskable for v in hits):
            chars = list(sentence)
            for v in sorted(hits, key=lambda v: v.start, reverse=True):
                chars[v.start - offset : v.end - offset] = list(v.rewrite)
            return "".join(chars)
        out = []
        for suggestion in dict.fromkeys(v.rewrite for v in hits if v.rule_id not in self._maskable):
            if suggestion not in emitted:  # two sentences about one stock-out: one apology
                emitted.add(suggestion)
                out.append(suggestion if suggestion[-1] in "。！？!?～~" else suggestion + "。")
        body = sentence.rstrip()
        return "".join(out) + (sentence[len(body) :] if out else "")

    def _settle(self, text: str) -> str:
        """Drop sentences that still block (say, a shop's rewrite that trips a shop rule)."""
        for _ in range(4):
            blocking = self.blocking(text)
            if not blocking:
                if text.strip():
                    return text
                break
            text = "".join(text[s:e] for (s, e), hits in _by_sentence(text, blocking) if not hits)
        fallback = self._ruleset.fallback
        return fallback if not self.blocking(fallback) else ""


def _by_sentence(text: str, violations: Sequence[Violation]) -> Iterator[tuple[tuple[int, int], list[Violation]]]:
    """Sentence spans of ``text`` (with trailing punctuation and whitespace) and the
    violations in each; a violation that crosses a sentence end merges the two sentences.
    One linear sweep: ``violations`` are sorted by start."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    ends.append(len(text))
    start = reach = index = 0
    hits: list[Violation] = []
    for end in ends:
        if end <= start:
            continue
        while index < len(violations) and violations[index].start < end:
            hits.append(violations[index])
            reach = max(reach, violations[index].end)
            index += 1
        if reach > end:
            continue
        yield (start, end), hits
        start, hits = end, []


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Sorted by position, each problem once: a hit inside a longer hit of its category is
    dropped, and so is a warning overlapping a block of its category (评价后返 / 返现).

    A block is never swallowed by a warning.  Sorted by (start, longest first), a container
    comes before what it contains, so one sweep per rule finds them all."""
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start, -h.end, _RANK[h.rule.severity], h.rule.id))
    reach: dict[tuple[str, str], int] = {}  # (category, severity) -> furthest end so far
    kept = []
    for hit in hits:
        category = hit.rule.category
        covered = reach.get((category, "block"), -1)
        if hit.rule.severity == "warn":
            covered = max(covered, reach.get((category, "warn"), -1))
        if covered < hit.end:
            kept.append(hit)
        key = (category, hit.rule.severity)
        reach[key] = max(reach.get(key, -1), hit.end)
    return _drop_warnings_under_blocks(kept)


def _drop_warnings_under_blocks(hits: list[_Hit]) -> list[_Hit]:
    """One forward sweep: a warning overlapped by a block of its category, from either side."""
    dropped: set[int] = set()
    block_reach: dict[str, int] = {}
    open_warnings: dict[str, list[tuple[int, int]]] = {}  # category -> [(end, index)]
    for index, hit in enumerate(hits):
        category = hit.rule.category
        waiting = [(end, i) for end, i in open_warnings.get(category, ()) if end > hit.start]
        if hit.rule.severity == "block":
            dropped.update(i for _end, i in waiting)
            waiting = []
            block_reach[category] = max(block_reach.get(category, -1), hit.end)
        elif block_reach.get(category, -1) > hit.start:
            dropped.add(index)
        else:
            waiting.append((hit.end, index))
        open_warnings[category] = waiting
    return [hit for index, hit in enumerate(hits) if index not in dropped]


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, 0)
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _load_cached(stamp: tuple[tuple[str, int, int], ...]) -> Guard:
    """One compiled guard per (file, mtime): replies call ``Guard.load`` freely."""
    shipped, *shop = (Path(path) for path, _mtime, _size in stamp)
    return Guard(load_rules(shipped, shop))


def default_guard() -> Guard:
    """The guard with the shipped rules only (cached)."""
    return Guard.load(None)
