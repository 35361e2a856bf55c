"""The canonical form the guard matches on, with a map back to the original offsets.

``csbot.normalize.normalise`` is built for intent matching: it caps long texts and squeezes
repeats, so its output cannot be mapped back to the agent's text.  The guard needs both
(a violation must point at the characters the agent typed, and nothing past a cap may slip
through), so it canonicalises character by character and records where each canonical
character came from.

What canonicalisation does, and why:

* NFKC, lower case, traditional to simplified: ``ＶＸ``, ``Ⓥⓧ``, ``沒貨`` read as ``vx``, ``没货``.
* Zero-width characters are dropped.  Spaces, emoji, symbols and decorative punctuation
  count as a gap: dropped between CJK characters (``没 货``, ``没-货``, ``薇❤信`` read as
  one word), kept as one space between two ASCII letters or digits, because Latin words
  are delimited that way (``5V X2`` must not become ``5vx2``, ``wxid_abc`` is ``wxid abc``).
  Letters spelled out one by one are joined again (``V X``, ``v.x``, ``w e i x i n``).
* Sentence punctuation (，。！？；：、 and newlines) becomes a hard boundary, never removed:
  ``还没，货到了`` must not become ``还没货到了``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from csbot.normalize import strip_decoration, to_simplified

BOUNDARY = "\n"
"""Every sentence-ending or clause punctuation mark becomes this one character."""

_BOUNDARIES = frozenset(",!?;:。、\n\r\u2028\u2029\u3002\uff61")
# Decorative punctuation people put inside a word; dropped so 没-货 and 加.微.信 match.
# "+" is deliberately absent: "+v" is itself an evasion of 加v, so it stays visible.
_JOINERS = frozenset("-_.*~|/\\`'\"^=#@&$%<>()[]{}·•‧∙・…—–―‐‑‒﹏（）【】［］「」『』《》〈〉〔〕“”‘’")
# NFKC leaves these as they are; map them to what people mean by them.
_SPECIAL = {"○": "〇", "➕": "+", "﹢": "+", "⁺": "+"}


@dataclass(frozen=True)
class Canonical:
    """A canonical text and, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the canonical slice [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _map_char(char: str) -> str:
    """What one input character becomes: '' (dropped), ' ' (a space), BOUNDARY, or text."""
    char = _SPECIAL.get(char, char)
    if unicodedata.category(char) == "Cf":  # zero-width joiners, bidi marks, soft hyphen
        return ""
    out = []
    for piece in to_simplified(unicodedata.normalize("NFKC", char).lower()):
        if piece in _BOUNDARIES:
            out.append(BOUNDARY)
        elif piece.isspace():
            out.append(" ")
        elif unicodedata.category(piece) == "Cc":
            continue
        elif piece in _JOINERS or strip_decoration(piece) == " ":
            out.append(" ")  # like a space: joins CJK (没-货), separates Latin words (wxid_abc)
        else:
            out.append(piece)
    mapped = "".join(out)
    if BOUNDARY in mapped:
        return BOUNDARY
    if mapped.strip() == "":
        return " " if mapped else ""
    return mapped.replace(" ", "")


_TABLE: dict[str, str] = {}
_TABLE_LIMIT = 200_000  # arbitrary binary input must not grow the table without bound


def _lookup(char: str) -> str:
    mapped = _TABLE.get(char)
    if mapped is None:
        mapped = _map_char(char)
        if len(_TABLE) < _TABLE_LIMIT:
            _TABLE[char] = mapped
    return mapped


class _FastTable(dict):
    """str.translate table filled on demand.  Every input character becomes at least one
    character, so that without multi-character expansions offsets are unchanged: GAP for
    whitespace (decided in a second step) and DROP for what canonicalisation removes."""

    def __missing__(self, code: int) -> str:
        mapped = _lookup(chr(code))
        value = _GAP if mapped == " " else mapped or _DROP
        if len(self) < _TABLE_LIMIT:
            self[code] = value
        return value


# Control characters are dropped by _map_char, so neither marker can come from the input.
_GAP = "\x01"
_DROP = "\x02"
_FAST = _FastTable()
# Patterns open with a character or a set, never a lookbehind, so re can skip ahead fast.
_KEPT_GAP = re.compile(r"([a-z0-9])\x01+(?=[a-z0-9])")
_GAP_RUN = re.compile(r"\x01+")
_NOT_DROPPED = re.compile(r"[^\x02]+")
# A lone letter next to another lone letter is a word spelled out (v x, w e i x i n).
_SPELLED_GAP = re.compile(r" (?=[a-z](?![a-z0-9]))(?<=(?<![a-z0-9])[a-z] )")


def first_pass(text: str) -> str:
    """Each character mapped on its own, at C speed (markers still in place)."""
    return text.translate(_FAST)


def finish(first: str) -> str:
    """The canonical text from ``first_pass``: drops removed, spaces decided."""
    out = first.replace(_DROP, "") if _DROP in first else first
    if _GAP in out:
        out = _KEPT_GAP.sub(r"\1 ", out).replace(_GAP, "")
        if " " in out:
            out = _SPELLED_GAP.sub("", out)
    return out


def canonical_text(text: str) -> str:
    """The canonical form alone: all ``check`` needs when nothing matches."""
    return finish(first_pass(text))


def canonical(text: str, first: str | None = None) -> Canonical:
    """The canonical form with its origin map (``first``: ``first_pass(text)`` if known).

    Mostly C-speed string work, because a 1 MB paste full of hits needs an origin for every
    one of them; equal to ``canonical_text(text)``, which the tests check on arbitrary text.
    """
    out = first_pass(text) if first is None else first
    if len(out) != len(text):  # a character expanded to several (rare: ligatures, ⑴)
        return _canonical_slow(text)
    if _DROP in out:
        origin: list[int] = []
        for run in _NOT_DROPPED.finditer(out):
            origin.extend(range(run.start(), run.end()))
        out = out.replace(_DROP, "")
    else:
        origin = list(range(len(text)))
    if _GAP in out:
        out, origin = _resolve_gaps(out, origin)
    if " " in out:
        gaps = {match.start() for match in _SPELLED_GAP.finditer(out)}
        if gaps:
            keep = [i for i in range(len(out)) if i not in gaps]
            out, origin = "".join(out[i] for i in keep), [origin[i] for i in keep]
    return Canonical(out, tuple(origin))


def _resolve_gaps(gapped: str, origin: list[int]) -> tuple[str, list[int]]:
    """Whitespace runs: one space between two Latin words or digits, nothing elsewhere."""
    chars: list[str] = []
    kept: list[int] = []
    last = 0
    for match in _GAP_RUN.finditer(gapped):
        chars.append(gapped[last : match.start()])
        kept.extend(origin[last : match.start()])
        before = gapped[match.start() - 1] if match.start() else ""
        after = gapped[match.end()] if match.end() < len(gapped) else ""
        if _is_word_char(before) and _is_word_char(after):
            chars.append(" ")
            kept.append(origin[match.start()])
        last = match.end()
    chars.append(gapped[last:])
    kept.extend(origin[last:])
    return "".join(chars), kept


def _canonical_slow(text: str) -> Canonical:
    """Character by character; only for texts with multi-character expansions."""
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1  # offset of a run of whitespace not yet decided on
    for index, char in enumerate(text):
        mapped = _lookup(char)
        if not mapped:
            continue
        if mapped == " ":
            if pending_space < 0:
                pending_space = index
            continue
        if pending_space >= 0:
            if out and _is_word_char(out[-1]) and _is_word_char(mapped[0]):
                out.append(" ")
                origin.append(pending_space)
            pending_space = -1
        for piece in mapped:
            out.append(piece)
            origin.append(index)
    joined = "".join(out)
    gaps = {match.start() for match in _SPELLED_GAP.finditer(joined)} if " " in joined else set()
    keep = [i for i in range(len(joined)) if i not in gaps]
    return Canonical("".join(joined[i] for i in keep), tuple(origin[i] for i in keep))


def canonical_key(phrase: str) -> str:
    """The canonical form of a rule or allow-list phrase (what the automaton stores)."""
    return canonical(phrase).text.strip(BOUNDARY + " ")
