"""Editing the shop's intents file: add, change, rename and delete intents and their
examples, keywords, hints and negatives, then save it back as valid TOML.

Every change is made on a working copy of the catalogue; :meth:`IntentsDocument.save`
writes it through csbot.authoring.toml_writer, checks that the new text parses back
(csbot.catalogue.parse_catalogue) into exactly the intended catalogue, and only then
replaces the file atomically, keeping ``intents.toml.bak``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from pathlib import Path

from csbot.authoring.files import FileStamp, atomic_write, read_text
from csbot.authoring.toml_writer import write_surgically, write_whole
from csbot.catalogue import UNKNOWN, Catalogue, IntentSpec, attach_phrasings, parse_catalogue
from csbot.errors import IntentsFileError
from csbot.normalize import normalise

LIST_FIELDS = ("keywords", "hints", "examples", "negatives")
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def check_intent_id(intent_id: str) -> str:
    intent_id = intent_id.strip()
    if not intent_id or not set(intent_id) <= _ID_CHARS or intent_id[0].isdigit():
        raise IntentsFileError(
            f"“{intent_id}” cannot be an intent id: use lower-case letters, digits and _ (e.g. gift_wrap); "
            "it is also the name of the intent's templates folder",
            title="意图编号无效",
        )
    return intent_id


def clean_phrases(values: list[str]) -> list[str]:
    """Stripped, non-empty, without repeats (as the catalogue parser would keep them, minus the repeats)."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = value.strip()
        if text and text not in seen:
            seen.add(text)
            out.append(text)
    return out


@dataclass
class ExamplesAdded:
    """What happened to phrasings offered as examples of one intent."""

    added: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    elsewhere: dict[str, str] = field(default_factory=dict)
    """phrasing -> the other intent that already has it as an example (added anyway, flagged)."""


class IntentsDocument:
    """The intents file opened for editing."""

    def __init__(self, path: Path, text: str, stamp: FileStamp) -> None:
        self.path = path
        self.text = text
        self.stamp = stamp
        self.original = parse_catalogue(text, source=path)
        self.intents: list[IntentSpec] = copy.deepcopy(self.original.intents)
        self.origin: dict[str, str] = {}
        """Renamed intents: current id -> id in the file (so the writer edits their block in place)."""

    @classmethod
    def open(cls, path: Path) -> IntentsDocument:
        text, stamp = read_text(path)
        if not stamp.exists:
            raise IntentsFileError(f"{path}: intents file not found")
        return cls(path, text, stamp)

    # ------------------------------------------------------------------ reading

    @property
    def dirty(self) -> bool:
        return self.intents != self.original.intents

    @property
    def ids(self) -> list[str]:
        return [spec.id for spec in self.intents]

    def get(self, intent_id: str) -> IntentSpec:
        for spec in self.intents:
            if spec.id == intent_id:
                return spec
        raise IntentsFileError(f"no intent {intent_id} in {self.path.name}")

    def owner_of_example(self, phrase: str) -> str | None:
        key = normalise(phrase)
        for spec in self.intents:
            if any(normalise(example) == key for example in spec.examples):
                return spec.id
        return None

    # ------------------------------------------------------------------ editing

    def add_intent(
        self, intent_id: str, label: str, *, order: int = 50, filler: bool = False, yields: bool = False
    ) -> IntentSpec:
        intent_id = check_intent_id(intent_id)
        if intent_id in self.ids:
            raise IntentsFileError(f"intent {intent_id} already exists", title="意图已存在")
        spec = IntentSpec(id=intent_id, label=label.strip() or intent_id, order=order, filler=filler, yields=yields)
        # `unknown` stays last: it is the catch-all the owner expects at the bottom of the file.
        position = self.ids.index(UNKNOWN) if UNKNOWN in self.ids else len(self.intents)
        self.intents.insert(position, spec)
        return spec

    def update_intent(
        self,
        intent_id: str,
        *,
        label: str | None = None,
        order: int | None = None,
        filler: bool | None = None,
        yields: bool | None = None,
        **lists: list[str],
    ) -> IntentSpec:
        """Change the given fields; list fields (keywords, hints, examples, negatives) are replaced whole."""
        unknown = set(lists) - set(LIST_FIELDS)
        if unknown:
            raise TypeError(f"unknown intent field(s): {', '.join(sorted(unknown))}")
        spec = self.get(intent_id)
        changes: dict[str, object] = {key: clean_phrases(value) for key, value in lists.items()}
        if label is not None:
            changes["label"] = label.strip() or intent_id
        if order is not None:
            changes["order"] = int(order)
        if filler is not None:
            changes["filler"] = bool(filler)
        if yields is not None:
            changes["yields"] = bool(yields)
        updated = replace(spec, **changes)  # type: ignore[arg-type]
        self.intents[self.ids.index(intent_id)] = updated
        return updated

    def rename_intent(self, old_id: str, new_id: str) -> IntentSpec:
        new_id = check_intent_id(new_id)
        if old_id == UNKNOWN:
            raise IntentsFileError("unknown is csbot's catch-all intent and keeps its id", title="不能改名")
        if new_id in self.ids:
            raise IntentsFileError(f"intent {new_id} already exists", title="意图已存在")
        spec = replace(self.get(old_id), id=new_id)
        self.intents[self.ids.index(old_id)] = spec
        self.origin[new_id] = self.origin.pop(old_id, old_id)
        return spec

    def delete_intent(self, intent_id: str) -> None:
        if intent_id == UNKNOWN:
            raise IntentsFileError("unknown is csbot's catch-all intent and cannot be deleted", title="不能删除")
        self.get(intent_id)
        if len(self.intents) == 1:
            raise IntentsFileError("the intents file needs at least one intent", title="不能删除")
        self.intents = [spec for spec in self.intents if spec.id != intent_id]
        self.origin.pop(intent_id, None)

    def add_examples(self, intent_id: str, phrases: list[str]) -> ExamplesAdded:
        """Append buyer phrasings as examples; ones another intent already has are added but reported."""
        spec = self.get(intent_id)
        report = ExamplesAdded()
        mine = {normalise(example) for example in spec.examples}
        new_examples = list(spec.examples)
        for phrase in clean_phrases(phrases):
            key = normalise(phrase)
            if key in mine:
                report.already_there.append(phrase)
                continue
            other = self.owner_of_example(phrase)
            if other is not None:
                report.elsewhere[phrase] = other
            mine.add(key)
            new_examples.append(phrase)
            report.added.append(phrase)
        if report.added:
            self.update_intent(intent_id, examples=new_examples)
        return report

    def revert(self) -> None:
        self.intents = copy.deepcopy(self.original.intents)
        self.origin = {}

    # ------------------------------------------------------------------ saving

    def render(self) -> str:
        """The new file text, proven to parse back into exactly the working catalogue."""
        if not self.intents:
            raise IntentsFileError("the intents file needs at least one intent")
        original = {spec.id: spec for spec in self.original.intents}
        candidates = [
            write_surgically(self.text, original, self.intents, self.origin),
            write_whole(self.text, self.original.settings, self.intents),
        ]
        problems = []
        for text in candidates:
            if text is None:
                continue
            try:
                parsed = parse_catalogue(text, source=self.path)
            except IntentsFileError as exc:
                problems.append(str(exc))
                continue
            if parsed.intents == self.intents and parsed.settings == self.original.settings:
                return text
            problems.append("the written text reads back differently")
        raise IntentsFileError(f"{self.path}: cannot write the intents file safely ({'; '.join(problems)})")

    def save(self) -> Catalogue:
        """Write the file (refusing if it changed on disk since it was opened); the new catalogue."""
        text = self.render()
        self.stamp = atomic_write(self.path, text, opened=self.stamp)
        self.text = text
        self.original = parse_catalogue(text, source=self.path)
        self.intents = copy.deepcopy(self.original.intents)
        attach_phrasings(self.original, strict=False)
        self.origin = {}
        return self.original
