"""Word segmentation with jieba, tuned for shop chat and for a fast cold start.

jieba's full dictionary takes about a second to load; csbot ships the 50,000 most
frequent words of it plus a domain dictionary (拼单, 成团, 仅退款, …), which loads in a
tenth of that and segments buyer messages the same way for the words that matter.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable
from functools import lru_cache

from csbot import paths

_lock = threading.Lock()
_tokenizer = None

_PUNCTUATION = set(" \t,.!?;:~～…，。！？；：、·'\"“”‘’()（）[]【】<>《》-_—=+*/\\|@#$%^&")


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


def _build_tokenizer():
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


def tokenizer():
    """The shared jieba tokenizer, loaded on first use (thread-safe)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build_tokenizer()
    return _tokenizer


def add_words(words: Iterable[str]) -> dict[str, int]:
    """Teach the segmenter words from a shop's intents file (keywords, product terms).
    Returns the frequencies jieba settled on, for ``add_known_words`` next time."""
    tk = tokenizer()
    added: dict[str, int] = {}
    for word in words:
        word = word.strip()
        if len(word) >= 2 and " " not in word and word not in added:
            tk.add_word(word, freq=None)
            added[word] = tk.FREQ.get(word, 1)
    segment.cache_clear()
    segment_raw.cache_clear()
    return added


def add_known_words(frequencies: dict[str, int]) -> None:
    """``add_words`` with the frequencies already worked out: no trial segmentation,
    which is what makes it cheap enough for a cold start."""
    tk = tokenizer()
    for word, freq in frequencies.items():
        tk.add_word(word, freq=freq)
    segment.cache_clear()
    segment_raw.cache_clear()


@lru_cache(maxsize=8192)
def segment(normalised_text: str) -> tuple[str, ...]:
    """Words of an already normalised text, punctuation and spaces dropped."""
    return tuple(
        word for word in tokenizer().lcut(normalised_text, HMM=True) if word.strip() and word not in _PUNCTUATION
    )


@lru_cache(maxsize=8192)
def segment_raw(normalised_text: str) -> tuple[str, ...]:
    """Every piece jieba cuts, spaces and punctuation included, so offsets line up."""
    return tuple(tokenizer().lcut(normalised_text, HMM=True))
