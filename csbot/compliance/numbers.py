"""Contact and identity numbers in a reply: mobile numbers, QQ numbers, ID and bank cards.

A phrase list cannot catch ``一三八 0013 八〇〇〇``, so numbers get their own detector.  It
runs on the canonical text with Chinese numerals read as digits (a one-to-one mapping, so
offsets still hold) and checks each run of digits against the shape of what it could be:

* 11 digits starting 13–19 is a mainland mobile number, unless the clause says it is a
  tracking or order number (单号, 运单, 订单 …);
* 18 characters with a valid birth date and GB 11643 check digit is an ID card number;
* 5–11 digits right after "qq" / 扣扣 / 企鹅 is a QQ number;
* 16–19 digits passing the Luhn check right after 卡号 / 银行卡 / 账号 is a bank card.

Order numbers (``240512-123456789012345``) and tracking numbers have other lengths or a
cue before them, so they pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_CN_DIGITS = str.maketrans("零〇一壹幺二贰三叁四肆五伍六陆七柒八捌九玖", "001112233445566778899")
_DIGITISH = "0-9零〇一壹幺二贰三叁四肆五伍六陆七柒八捌九玖"
# Five or more digit-like characters (single spaces allowed between them): worth a look.
_LONG_RUN = re.compile(rf"[{_DIGITISH}](?:[{_DIGITISH}]| (?=[{_DIGITISH}])){{4,}}(?: ?x(?![a-z]))?")
_RUN = re.compile(r"[0-9](?:[0-9]| (?=[0-9]))*(?: ?x(?![a-z]))?")
_MOBILE = re.compile(r"(?:86)?(1[3-9][0-9]{9})")
# A cue may be followed by a few words and one colon or comma (a boundary) before the number.
_TRACKING_CUE = re.compile(r"(?:单号|运单|订单|物流|快递单|编号|条码|批号|货号|型号|sn)[^\n]{0,10}\n?$")
# Only words that invite contact: 电话/手机 alone label the buyer's own number (改地址 replies).
_CONTACT_CUE = re.compile(r"(?:加|联系|打我|打电话|拨打|致电|找我|私聊|微信|vx|wx|qq|call|tel)[^\n]{0,10}\n?$")
_QQ_CUE = re.compile(r"(?:(?<![a-z])q(?:q|号)?|扣扣|企鹅)[^\n\u4e00-\u9fff]{0,3}(?:号码|号)?\n? ?$")
_BANK_CUE = re.compile(r"(?:卡号|银行卡|银行|账号|储蓄卡|信用卡|借记卡)[^\n]{0,8}\n?$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10x98765432"


@dataclass(frozen=True)
class NumberHit:
    """A number found in canonical text: [start, end) and what it looks like."""

    kind: str  # "mobile", "id_card", "qq", "bank_card"
    start: int
    end: int
    contact: bool  # a contact cue precedes it: an invitation to leave the platform


def digit_view(canonical_text: str) -> str:
    """The canonical text with Chinese numerals as digits (same length, same offsets)."""
    return canonical_text.translate(_CN_DIGITS)


def _id_card_ok(digits: str) -> bool:
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == digits[17]


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _classify(digits: str, before: str) -> str | None:
    if _id_card_ok(digits):
        return "id_card"
    if not digits.isdigit():
        return None
    if _QQ_CUE.search(before) and 5 <= len(digits) <= 11:
        return "qq"
    if len(digits) in (11, 13) and _MOBILE.fullmatch(digits) and not _TRACKING_CUE.search(before):
        return "mobile"
    if 16 <= len(digits) <= 19 and _BANK_CUE.search(before) and _luhn_ok(digits):
        return "bank_card"
    return None


def find_numbers(canonical_text: str) -> Iterator[NumberHit]:
    """Every contact or identity number in a canonical text."""
    for candidate in _LONG_RUN.finditer(canonical_text):  # cheap pre-scan, no translation
        view = digit_view(canonical_text[max(0, candidate.start() - 14) : candidate.end()])
        shift = candidate.end() - len(view)
        for match in _RUN.finditer(view, candidate.start() - shift):
            yield from _number(view, match, shift)


def _number(view: str, match: re.Match[str], shift: int) -> Iterator[NumberHit]:
    digits = match.group().replace(" ", "")
    if len(digits) >= 5:
        before = view[max(0, match.start() - 14) : match.start()]
        kind = _classify(digits, before)
        if kind is None:
            return
        start = match.start()
        cue = _QQ_CUE.search(before) if kind == "qq" else None
        if cue is not None:  # report "QQ：1234 5678" as one hit, not a QQ mention plus a number
            start -= len(before) - cue.start()
        yield NumberHit(kind, start + shift, match.end() + shift, bool(_CONTACT_CUE.search(before)))


@lru_cache(maxsize=1024)
def mask(original: str) -> str:
    """``13800138000`` -> ``138****8000``: keep the first 3 and last 4 digits, star the rest."""
    view = digit_view(original)
    positions = [i for i, char in enumerate(view) if char.isdigit()]
    hidden = set(positions[3:-4]) if len(positions) > 7 else set(positions)
    return "".join("*" if i in hidden else char for i, char in enumerate(original))
