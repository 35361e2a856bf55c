"""Word segmentation with jieba, tuned for shop chat and for a fast cold start.

jieba's full dictionary takes about a second to load; csbot ships the 50,000 most
frequent words of it plus a domain dictionary (拼单, 成团, 仅退款, …), which loads in a
tenth of that and segments buyer messages the same way for the words that matter.

The base dictionary loads once per process.  Each user that adds words of its own (a
shop's matcher, the compliance guard) gets a ``Segmenter`` cloned from it, so one shop's
vocabulary never changes how another shop — or the guard — reads a message.
"""

from __future__ import annotations

import copy
import logging
import sys
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from csbot import paths

_lock = threading.RLock()
_base: Any = None
_shared: Segmenter | None = None

_PUNCTUATION = set(" \t,.!?;:~～…，。！？；：、·'\"“”‘’()（）[]【】<>《》-_—=+*/\\|@#$%^&")
_CACHE_SIZE = 8192


def _import_jieba():
    # jieba imports pkg_resources only to open its own data files, and that import alone
    # costs ~0.1 s of a cold start; without it jieba opens them by path, the same files.
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if hide:
            del sys.modules["pkg_resources"]
    return jieba


def _load_base():
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(dictionary=str(paths.segmenter_dictionary_file()))
    cache_dir = paths.cache_dir()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(cache_dir)
    except OSError:
        pass  # an unwritable data dir only costs the cache, jieba falls back to the temp dir
    tokenizer.initialize()
    tokenizer.load_userdict(str(paths.user_dictionary_file()))
    return tokenizer


def new_tokenizer():
    """A private jieba tokenizer with csbot's dictionaries (a cheap copy of the base)."""
    global _base
    if _base is None:
        with _lock:
            if _base is None:
                _base = _load_base()
    clone = copy.copy(_base)
    clone.FREQ = dict(_base.FREQ)
    clone.user_word_tag_tab = dict(_base.user_word_tag_tab)
    clone.lock = threading.RLock()
    return clone


class Segmenter:
    """A jieba tokenizer of one's own, with a bounded cache of recent messages."""

    def __init__(self) -> None:
        self._tokenizer = new_tokenizer()
        self._pieces: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    def add_words(self, words: Iterable[str]) -> dict[str, int]:
        """Teach it a shop's words; returns the frequencies jieba settled on, for
        ``add_known_words`` next time (working them out is a trial segmentation each)."""
        added: dict[str, int] = {}
        for word in words:
            word = word.strip()
            if len(word) >= 2 and " " not in word and word not in added:
                self._tokenizer.add_word(word, freq=None)
                added[word] = self._tokenizer.FREQ.get(word, 1)
        self._pieces.clear()
        return added

    def add_known_words(self, frequencies: dict[str, int]) -> None:
        for word, freq in frequencies.items():
            self._tokenizer.add_word(word, freq=freq)
        self._pieces.clear()

    def pieces(self, normalised_text: str) -> tuple[str, ...]:
        """Every piece jieba cuts, spaces and punctuation included, so offsets line up."""
        cached = self._pieces.get(normalised_text)
        if cached is None:
            cached = tuple(self._tokenizer.lcut(normalised_text, HMM=False))
            self._pieces[normalised_text] = cached
            if len(self._pieces) > _CACHE_SIZE:
                self._pieces.popitem(last=False)
        return cached

    def words(self, normalised_text: str) -> tuple[str, ...]:
        """Words of an already normalised text, punctuation and spaces dropped."""
        return tuple(w for w in self.pieces(normalised_text) if w.strip() and w not in _PUNCTUATION)

    def tokenize(self, text: str, hmm: bool = False):
        return self._tokenizer.tokenize(text, HMM=hmm)


def shared() -> Segmenter:
    """The segmenter with csbot's own dictionaries only (product titles, explanations)."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = Segmenter()
    return _shared


def segment(normalised_text: str) -> tuple[str, ...]:
    """Words of an already normalised text with csbot's dictionaries."""
    return shared().words(normalised_text)
