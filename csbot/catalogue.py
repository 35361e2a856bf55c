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
    yields = false            # true for human: ranks behind a clear request in the same message
    keywords = ["发货", "什么时候发"]   # strong cues, matched in the normalised text
    hints = ["急"]                       # weak cues
    examples = ["怎么还不发货", "什么时候能发"]
    negatives = ["已经发货了吗 物流不动"]  # phrasings that are NOT this intent

Beside the file, an optional ``phrasings/<intent_id>.txt`` per intent holds many more buyer
phrasings, one per line (``#`` starts a comment).  Examples are compared with a message one by
one; phrasings only teach the word model which words each intent's buyers use, so a shop can
paste hundreds of lines from its chat logs without slowing classification down.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csbot import paths
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
    yields: bool = False
    """Ranks behind a clear request in the same message ("修改发票 我要转人工": the invoice
    question leads); unlike a filler, its own reply is still part of the composed answer."""
    keywords: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)
    phrasings: list[str] = field(default_factory=list, compare=False)
    """From ``phrasings/<id>.txt``: word-model training only, never matched one by one.
    Not part of equality: the intents file is unchanged when only phrasings differ."""


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
    unknown_keys = set(raw) - {"id", "label", "order", "filler", "yields", "keywords", "hints", "examples", "negatives"}
    if unknown_keys:
        raise IntentsFileError(f"{here}: unknown field(s) {', '.join(sorted(unknown_keys))}")
    return IntentSpec(
        id=intent_id,
        label=label,
        order=order,
        filler=bool(raw.get("filler", False)),
        yields=bool(raw.get("yields", False)),
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
    catalogue = parse_catalogue(text, source=Path(path))
    attach_phrasings(catalogue)
    return catalogue


def attach_phrasings(catalogue: Catalogue, *, strict: bool = True) -> None:
    """Read ``phrasings/<id>.txt`` beside the catalogue's intents file into its intents.
    Not strict: a file for no intent is passed over (the intents file was just saved and
    the owner's phrasings are moved along by csbot.authoring.shop_ops)."""
    if catalogue.source is None:
        return
    folder = catalogue.source.parent / paths.PHRASINGS_DIR
    if not folder.is_dir():
        return
    for file in sorted(folder.glob("*.txt")):
        spec = catalogue.get(file.stem)
        if spec is None and not strict:
            continue
        if spec is None:
            known = ", ".join(catalogue.ids)
            raise IntentsFileError(f"{file}: no intent {file.stem!r} in the intents file (one of: {known})", path=file)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise IntentsFileError(f"{file}: cannot read phrasings ({exc})", path=file) from None
        spec.phrasings = read_phrasings(text)


def read_phrasings(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]
