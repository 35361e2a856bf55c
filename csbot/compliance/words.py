"""Is a short phrase a whole word here?  jieba decides, with a tokenizer of the guard's own.

The guard asks this of two-character phrases only (没货 in 没货源, 扣扣 in 扣扣子, 空包 in
空包装).  It uses the same dictionaries as ``csbot.segment`` but not the shared tokenizer:
a shop's intents add their vocabulary to that one (都没货, 没货了 …), and the guard's recall
must not depend on which shop was loaded first.

Segmentation may only *split a phrase apart* to clear it: a dictionary word that crosses
an edge of the phrase without containing all of it.  A word that swallows the whole phrase
(都没货) proves nothing, so the phrase still counts.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from csbot.compliance.canon import BOUNDARY

WINDOW = 6  # characters of context jieba sees on each side of the phrase
_CLAUSE_END = BOUNDARY + " "  # jieba never looks past a sentence boundary or a Latin word space

_lock = threading.Lock()
_tokenizer = None


def _build():
    from csbot import segment

    return segment.new_tokenizer()


def _segmenter():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _build()
    return _tokenizer


@lru_cache(maxsize=8192)
def _words(clause: str) -> tuple[tuple[int, int], ...]:
    """Word spans of a clause: dictionary only, no HMM guessing of new words."""
    return tuple((start, end) for _word, start, end in _segmenter().tokenize(clause, HMM=False))


def is_whole_word(text: str, start: int, end: int) -> bool:
    """Does no dictionary word split text[start:end] from its neighbours?"""
    low = max(0, start - WINDOW)
    return _whole_in(text[low : end + WINDOW], start - low, end - start)


@lru_cache(maxsize=8192)
def _whole_in(context: str, offset: int, length: int) -> bool:
    low, high = offset, offset + length
    while low > 0 and context[low - 1] not in _CLAUSE_END:
        low -= 1
    while high < len(context) and context[high] not in _CLAUSE_END:
        high += 1
    first, last = offset - low, offset - low + length
    for start, end in _words(context[low:high]):
        crosses = start < first < end or start < last < end
        if crosses and not (start <= first and last <= end):
            return False
    return True
