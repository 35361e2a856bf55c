"""Text clean-up before matching: one canonical form for what buyers type.

Buyers write full-width letters, traditional characters, emoji, decorative symbols and
zero-width characters.  Matching and the compliance guard both work on the canonical
form, so a phrase cannot slip past by being written differently.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from csbot import paths

MAX_MESSAGE_CHARS = 2000
"""Only the start of a pasted message is analysed: a buyer message is never longer, and
the cap keeps a pasted 1 MB blob from stalling the agent."""

_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\u00ad\u180e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_REPEAT = re.compile(r"(.)\1{3,}")
_SPACES = re.compile(r"\s+")
PLACEHOLDER = re.compile(r"\[([^\[\]\s]{1,8}?)x\]\]?|<(num|url|email)>")
"""Masked personal data in pasted chat logs: JD writes [数字x], [订单x], [姓名x] …, other exports
<NUM>/<URL> (lower case once normalised)."""


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    table: dict[int, str] = {}
    with paths.t2s_table_file().open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            trad, simp = line.rstrip("\n").split("\t", 1)
            table[ord(trad)] = simp
    return table


def to_simplified(text: str) -> str:
    """Map traditional characters to simplified ones, character by character."""
    return text.translate(_t2s_table())


def _is_decoration(char: str) -> bool:
    category = unicodedata.category(char)
    # So: emoji and symbols; Sk/Mn: modifiers and combining marks (skin tones, variation selectors).
    return category in ("So", "Sk", "Mn", "Me", "Cs", "Co", "Cn") or char in "\ufe0f\ufe0e"


def strip_decoration(text: str) -> str:
    return "".join(" " if _is_decoration(c) else c for c in text)


def clean(text: str) -> str:
    """The text as an agent would read it: invisible and control characters removed,
    whitespace collapsed, capped at MAX_MESSAGE_CHARS."""
    text = text[: MAX_MESSAGE_CHARS * 2]
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()[:MAX_MESSAGE_CHARS]


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Canonical form for matching: NFKC (full-width to half-width), lower case,
    simplified characters, decoration and long repeats squeezed, whitespace collapsed."""
    text = clean(text)
    text = unicodedata.normalize("NFKC", text).lower()
    text = to_simplified(text)
    text = strip_decoration(text)
    text = _REPEAT.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()


def blank_placeholders(normalised: str) -> str:
    """The text with every mask blanked out, same length, so positions still line up: the
    地址 in "北京[地址x]" is a masked address, not a buyer asking to change one."""
    return PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), normalised)
