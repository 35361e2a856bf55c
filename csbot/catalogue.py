"""The shop's intents file: what buyers ask, in the shop owner's words.

Format (TOML, documented in docs/authoring.md)::

    [matcher]
    threshold = 0.45          # below this the message is "unknown"
    ambiguity_margin = 0.04   # top two closer than this (and both weak) -> "unknown"
    question_fallback = "product_info"  # an unmatched question goes here instead of "unknown"

    [[intent]]
    id = "ship_urge"
    label = "催发货"
    order = 30                # position in a composed reply, lower first
    filler = false            # true for greeting/thanks: they yield to a real request
    keywords = ["发货", "什么时候发"]   # strong cues, matched in the normalised text
    hints = ["急"]                       # weak cues
    examples = ["怎么还不发货", "什么时候能发"]
    negatives = ["已经发货了吗 物流不动"]  # phrasings that are NOT this intent
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csbot.errors import IntentsFileError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

UNKNOWN = "unknown"
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


@dataclass
class IntentSpec:
    id: str
    label: str
    order: int = 50
    filler: bool = False
    keywords: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)


@dataclass
class MatcherSettings:
    threshold: float = 0.45
    ambiguity_margin: float = 0.04
    question_fallback: str | None = None
    """Intent for a question nothing else matched (e.g. "product_info"); none: unknown."""


@dataclass
class Catalogue:
    intents: list[IntentSpec]
    settings: MatcherSettings = field(default_factory=MatcherSettings)
    source: Path | None = None

    def get(self, intent_id: str) -> IntentSpec | None:
        for spec in self.intents:
            if spec.id == intent_id:
                return spec
        return None

    def label(self, intent_id: str) -> str:
        spec = self.get(intent_id)
        return spec.label if spec else ("其他" if intent_id == UNKNOWN else intent_id)

    @property
    def ids(self) -> list[str]:
        return [spec.id for spec in self.intents]


def _string_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise IntentsFileError(f"{where}: expected a list of strings")
    return [item.strip() for item in value if item.strip()]


def _parse_intent(raw: Any, index: int, where: str) -> IntentSpec:
    if not isinstance(raw, dict):
        raise IntentsFileError(f"{where}: intent #{index + 1} is not a table")
    intent_id = raw.get("id")
    if not isinstance(intent_id, str) or not intent_id or not set(intent_id) <= _ID_CHARS:
        raise IntentsFileError(f"{where}: intent #{index + 1} needs an id of lower-case letters, digits and _")
    here = f"{where}: intent {intent_id}"
    label = raw.get("label", intent_id)
    if not isinstance(label, str):
        raise IntentsFileError(f"{here}: label must be text")
    order = raw.get("order", 50)
    if not isinstance(order, int):
        raise IntentsFileError(f"{here}: order must be a whole number")
    unknown_keys = set(raw) - {"id", "label", "order", "filler", "keywords", "hints", "examples", "negatives"}
    if unknown_keys:
        raise IntentsFileError(f"{here}: unknown field(s) {', '.join(sorted(unknown_keys))}")
    return IntentSpec(
        id=intent_id,
        label=label,
        order=order,
        filler=bool(raw.get("filler", False)),
        keywords=_string_list(raw.get("keywords"), f"{here}.keywords"),
        hints=_string_list(raw.get("hints"), f"{here}.hints"),
        examples=_string_list(raw.get("examples"), f"{here}.examples"),
        negatives=_string_list(raw.get("negatives"), f"{here}.negatives"),
    )


def parse_catalogue(text: str, source: Path | None = None) -> Catalogue:
    where = str(source) if source else "intents file"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IntentsFileError(f"{where}: {exc}") from None
    raw_intents = data.get("intent", [])
    if not isinstance(raw_intents, list) or not raw_intents:
        raise IntentsFileError(f"{where}: no [[intent]] tables")
    intents = [_parse_intent(raw, i, where) for i, raw in enumerate(raw_intents)]
    seen: set[str] = set()
    for spec in intents:
        if spec.id in seen:
            raise IntentsFileError(f"{where}: intent {spec.id} is defined twice")
        seen.add(spec.id)
    raw_settings = data.get("matcher", {})
    settings = MatcherSettings(
        threshold=float(raw_settings.get("threshold", MatcherSettings.threshold)),
        ambiguity_margin=float(raw_settings.get("ambiguity_margin", MatcherSettings.ambiguity_margin)),
        question_fallback=raw_settings.get("question_fallback") or None,
    )
    if settings.question_fallback is not None and settings.question_fallback not in seen:
        raise IntentsFileError(f"{where}: [matcher] question_fallback names no intent: {settings.question_fallback}")
    return Catalogue(intents=intents, settings=settings, source=source)


def load_catalogue(path: Path) -> Catalogue:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IntentsFileError(f"{path}: intents file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IntentsFileError(f"{path}: cannot read intents file ({exc})") from None
    return parse_catalogue(text, source=Path(path))
