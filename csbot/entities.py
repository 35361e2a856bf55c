"""Things worth picking out of a buyer message: order and waybill numbers, phone numbers,
body measurements for size advice, colours, sizes and amounts.

Phone numbers are masked as soon as they are found: nothing downstream (templates,
JSON output, history) ever sees the full number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TypeVar

T = TypeVar("T")

ORDER_NUMBER = re.compile(r"(?<!\d)(\d{6}-\d{12,18})(?!\d)")
PHONE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
TRACKING = re.compile(
    r"(?<![a-z0-9])((?:sf|yt|jt|zt|yd|jd|ems|sto|zto|yto|ty|dpk|db)\d{9,16}|\d{12,15})(?![a-z0-9])", re.I
)
HEIGHT = re.compile(r"(?:身高\s*)?(1[4-9]\d|2[0-1]\d)\s*(?:cm|厘米|公分)?")
HEIGHT_M = re.compile(r"(?<!\d)1[.点米](\d)(\d)?(?:米|m)?(?!\d)")
_QUANTITY_UNITS = set("斤件包个盒箱瓶袋只支套份罐双条¥￥价")
WEIGHT_JIN = re.compile(r"(?<!\d)(\d{2,3}(?:\.\d)?)\s*(?:斤)")
WEIGHT_SAID = re.compile(r"体重\s*(\d{2,3}(?:\.\d)?)(?!\d|\.\d|\s*(?:kg|公斤|千克|斤))")
"""'体重130': buyers give weight in 斤 unless they name kg."""
WEIGHT_KG = re.compile(r"(?<!\d)(\d{2,3}(?:\.\d)?)\s*(?:kg|公斤|千克)")
FOOT_MM = re.compile(r"(?:脚长|脚)\s*(\d{2,3}(?:\.\d)?)\s*(mm|cm|毫米|厘米)?")
SIZE_CODE = re.compile(r"(?<![a-z])(xxxl|xxl|xl|xs|[sml]|[2-5]xl)(?:码|号)?(?![a-z])", re.I)
SIZE_NUMBER = re.compile(r"(?<!\d)(3[4-9]|4[0-6])\s*(?:码|号)")
AMOUNT = re.compile(r"(?:¥|￥)\s*(\d+(?:\.\d{1,2})?)|(\d+(?:\.\d{1,2})?)\s*(?:元|块钱|块)")

COLOURS = (
    "黑色",
    "白色",
    "红色",
    "蓝色",
    "绿色",
    "黄色",
    "灰色",
    "粉色",
    "紫色",
    "棕色",
    "咖啡色",
    "卡其色",
    "米色",
    "米白",
    "杏色",
    "橙色",
    "藏青",
    "藏蓝",
    "深蓝",
    "浅蓝",
    "天蓝",
    "酒红",
    "银色",
    "金色",
    "军绿",
    "墨绿",
    "奶白",
    "黑",
    "白",
)


@dataclass
class Entities:
    order_numbers: list[str] = field(default_factory=list)
    tracking_numbers: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    height_cm: int | None = None
    weight_jin: float | None = None
    foot_mm: int | None = None
    colours: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    amounts: list[float] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_phones(text: str) -> str:
    """The text with every mobile number masked, for anything csbot writes out."""
    return PHONE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def _unique(items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))


def _canonical(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def extract(text: str) -> Entities:
    """Entities of a buyer message (raw or cleaned text; full-width digits are fine)."""
    text = _canonical(text)
    found = Entities()
    found.order_numbers = _unique(ORDER_NUMBER.findall(text))
    without_orders = ORDER_NUMBER.sub(" ", text)
    found.phones = _unique(mask_phone("".join(m.groups())) for m in PHONE.finditer(without_orders))
    without_phones = PHONE.sub(" ", without_orders)
    found.tracking_numbers = _unique(m.upper() for m in TRACKING.findall(without_phones))
    measurable = TRACKING.sub(" ", without_phones)
    _measurements(measurable, found)
    found.colours = _unique(
        c for c in COLOURS if c in measurable and not any(c != o and c in o for o in COLOURS if o in measurable)
    )
    found.sizes = _sizes(measurable)
    found.amounts = _unique(float(a or b) for a, b in AMOUNT.findall(measurable))
    return found


def _measurements(text: str, found: Entities) -> None:
    metres = HEIGHT_M.search(text)
    if metres:
        found.height_cm = 100 + int(metres.group(1)) * 10 + int(metres.group(2) or 0)
    else:
        for match in HEIGHT.finditer(text):
            after = text[match.end() : match.end() + 1]
            # "2斤198" and "两件158" are prices after a quantity, not a height.
            before = text[max(match.start() - 1, 0) : match.start()]
            if after not in ("斤", "元", "块", "k", "公", "g", "m") and before not in _QUANTITY_UNITS:
                found.height_cm = int(match.group(1))
                break
    # Only a plausible adult body weight: "买10斤核桃" is an amount of walnuts.
    said = (m.group(1) for m in (*WEIGHT_JIN.finditer(text), *WEIGHT_SAID.finditer(text)))
    jin = next((float(value) for value in said if 60 <= float(value) <= 400), None)
    kg = next((float(m.group(1)) for m in WEIGHT_KG.finditer(text) if 30 <= float(m.group(1)) <= 200), None)
    if jin is not None:
        found.weight_jin = jin
    elif kg is not None:
        found.weight_jin = kg * 2
    foot = FOOT_MM.search(text)
    if foot:
        value = float(foot.group(1))
        unit = foot.group(2) or ("cm" if value < 40 else "mm")
        found.foot_mm = int(round(value * 10 if unit in ("cm", "厘米") else value))


def _sizes(text: str) -> list[str]:
    sizes = [m.group(1).upper() for m in SIZE_CODE.finditer(text) if _looks_like_size(text, m)]
    sizes += [f"{n}码" for n in SIZE_NUMBER.findall(text)]
    return _unique(sizes)


def _looks_like_size(text: str, match: re.Match[str]) -> bool:
    code = match.group(1)
    if len(code) > 1 or match.group(0).endswith(("码", "号")):
        return True
    # A lone s/m/l counts only next to Chinese text, not inside words like "ok" or "usb".
    before = text[match.start() - 1 : match.start()] if match.start() else ""
    after = text[match.end() : match.end() + 1]
    return not (before.isascii() and before.isalpha()) and not (after.isascii() and after.isalpha())
