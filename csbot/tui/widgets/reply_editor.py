"""The reply the agent will copy: editable, and re-checked by the compliance guard on every edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, TextArea

from csbot.tui.formatting import MUTED, guard_report

if TYPE_CHECKING:
    from csbot.compliance import Guard, Violation

NOTHING_YET = Content.styled("选择候选回复 (1-9) 或快捷回复 (F3), 可在此修改", MUTED)


class ReplyEditor(Vertical):
    DEFAULT_CSS = """
    ReplyEditor { height: 1fr; min-height: 6; }
    ReplyEditor > TextArea { height: 1fr; min-height: 2; padding: 0 1; }
    ReplyEditor > #guard-report { height: auto; max-height: 5; padding: 0 1; border-top: dashed $border-blurred; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.guard: Guard | None = None
        self.violations: list[Violation] = []

    def compose(self) -> ComposeResult:
        yield TextArea(soft_wrap=True, tab_behavior="focus", id="reply-text", placeholder="回复", compact=True)
        yield Static(NOTHING_YET, id="guard-report")

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#reply-text", TextArea)

    @property
    def text(self) -> str:
        return self.text_area.text

    @property
    def blocked(self) -> bool:
        return any(v.severity == "block" for v in self.violations)

    def set_text(self, text: str) -> None:
        """Replace the reply; undo still brings the previous one back."""
        area = self.text_area
        area.replace(text, area.document.start, area.document.end)
        # The start of a reply is what the agent reads first.
        area.move_cursor((0, 0))
        # Checked now, not only when the Changed message arrives, so an immediate copy
        # (a key pressed right after a pick) sees the verdict for this text.
        self.check()

    def clear(self) -> None:
        self.text_area.clear()
        self.violations = []
        self.query_one("#guard-report", Static).update(NOTHING_YET)

    @on(TextArea.Changed, "#reply-text")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self.check()

    def check(self) -> list[Violation]:
        """Run the guard over the current text and show what it found."""
        report = self.query_one("#guard-report", Static)
        text = self.text
        if self.guard is None or not text.strip():
            self.violations = []
            report.update(NOTHING_YET if self.guard is not None or not text.strip() else Content("正在加载…"))
            return self.violations
        self.violations = list(self.guard.check(text))
        report.update(guard_report(self.violations))
        return self.violations
