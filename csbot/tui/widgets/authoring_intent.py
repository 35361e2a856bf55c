"""The intent form: label, order, filler and yields flags, and the four phrase lists, one phrase a line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from csbot.authoring.intents_file import LIST_FIELDS
from csbot.errors import IntentsFileError
from csbot.tui.formatting import MUTED

if TYPE_CHECKING:
    from csbot.catalogue import IntentSpec

FORM_ORDER = ("examples", "negatives", "keywords", "hints")
"""Examples first: they are what the owner adds most (two columns: examples | negatives)."""
FIELD_TITLES = {
    "examples": "示例: 买家的原话, 一行一条",
    "keywords": "关键词: 出现就基本是这一类",
    "hints": "弱提示词: 有点像, 不能单凭它",
    "negatives": "反例: 像但不是这一类",
}


class IntentForm(Vertical):
    DEFAULT_CSS = """
    IntentForm { height: 1fr; }
    IntentForm #intent-title { height: 1; padding: 0 1; background: $panel; }
    IntentForm > Horizontal { height: 3; }
    IntentForm Label { padding: 1 1 0 1; }
    IntentForm #intent-label { width: 24; }
    IntentForm #intent-order { width: 8; }
    IntentForm Grid { grid-size: 2 2; height: 1fr; }
    IntentForm Grid TextArea { border: round $border-blurred; }
    IntentForm Grid TextArea:focus { border: round $border; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.spec: IntentSpec | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("← 先在左边选一个意图", MUTED), id="intent-title")
        with Horizontal():
            yield Label("中文名")
            yield Input(id="intent-label")
            yield Label("顺序")
            yield Input(id="intent-order", type="integer")
            # Short labels, the meaning in a tooltip: both boxes must fit beside the inputs at 120 columns.
            filler = Checkbox("客套话", id="intent-filler")
            filler.tooltip = "问候/致谢这类客套话: 同一条消息里有正经问题时不单独回答"
            yield filler
            yields = Checkbox("排在问题后", id="intent-yields")
            yields.tooltip = "像转人工: 同一条消息里有明确问题时排在它后面, 回复仍会带上"
            yield yields
        with Grid():
            for key in FORM_ORDER:
                area = TextArea(id=f"intent-{key}", soft_wrap=True, tab_behavior="focus")
                area.border_title = FIELD_TITLES[key]
                yield area

    def show(self, spec: IntentSpec) -> None:
        self.spec = spec
        self.query_one("#intent-title", Static).update(
            Content.assemble((spec.id, "bold"), (f"  {len(spec.examples)} 条示例 · F2 保存 · F6 改名", MUTED))
        )
        self.query_one("#intent-label", Input).value = spec.label
        self.query_one("#intent-order", Input).value = str(spec.order)
        self.query_one("#intent-filler", Checkbox).value = spec.filler
        self.query_one("#intent-yields", Checkbox).value = spec.yields
        for key in LIST_FIELDS:
            self.query_one(f"#intent-{key}", TextArea).load_text("\n".join(getattr(spec, key)))

    def values(self) -> dict[str, Any]:
        """The form as keyword arguments for IntentsDocument.update_intent."""
        order_text = self.query_one("#intent-order", Input).value.strip() or "50"
        try:
            order = int(order_text)
        except ValueError:
            raise IntentsFileError(f"顺序必须是整数, 不是 “{order_text}”", title="顺序无效") from None
        values: dict[str, Any] = {
            "label": self.query_one("#intent-label", Input).value,
            "order": order,
            "filler": self.query_one("#intent-filler", Checkbox).value,
            "yields": self.query_one("#intent-yields", Checkbox).value,
        }
        for key in LIST_FIELDS:
            values[key] = self.query_one(f"#intent-{key}", TextArea).text.splitlines()
        return values

    @property
    def dirty(self) -> bool:
        if self.spec is None:
            return False
        try:
            values = self.values()
        except IntentsFileError:
            return True
        current = {key: [line.strip() for line in values[key] if line.strip()] for key in LIST_FIELDS}
        return (
            values["label"].strip() != self.spec.label
            or values["order"] != self.spec.order
            or values["filler"] != self.spec.filler
            or values["yields"] != self.spec.yields
            or any(current[key] != getattr(self.spec, key) for key in LIST_FIELDS)
        )
