"""The detected intents: Chinese label, score bar, and why the first one won."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from csbot.tui.formatting import MUTED, intent_report

if TYPE_CHECKING:
    from csbot.intents import Classification

IDLE = Content.styled("意图: 等待买家消息", MUTED)


class IntentPanel(Static):
    DEFAULT_CSS = """
    IntentPanel { height: auto; min-height: 2; max-height: 4; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(IDLE, id=id)

    def show_classification(self, classification: Classification) -> None:
        self.update(intent_report(classification))

    def show_text(self, text: str) -> None:
        self.update(Content.styled(text, MUTED))

    def clear(self) -> None:
        self.update(IDLE)
