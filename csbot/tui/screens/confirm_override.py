"""Asked when the agent copies a reply with a blocking phrase: rewrite it, copy anyway, or not."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from csbot.tui import keys

if TYPE_CHECKING:
    from csbot.compliance import Violation


class OverrideChoice(Enum):
    REWRITE = "rewrite"
    OVERRIDE = "override"


class ConfirmOverride(ModalScreen[OverrideChoice | None]):
    BINDINGS = keys.bindings(keys.OVERRIDE_ACTIONS)
    DEFAULT_CSS = """
    ConfirmOverride { align: center middle; }
    ConfirmOverride > Vertical {
        width: 90%; max-width: 90; height: auto; max-height: 90%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    ConfirmOverride .title { text-style: bold; color: $error; }
    ConfirmOverride .rewrite { color: $success; margin-bottom: 1; }
    ConfirmOverride Horizontal { height: auto; }
    ConfirmOverride Button { margin-right: 1; }
    """

    def __init__(self, text: str, blocked: list[Violation], rewrite: str) -> None:
        super().__init__()
        self.text = text
        self.blocked = blocked
        self.rewrite = rewrite

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("⛔ 回复含禁用语, 未复制", classes="title")
            for v in self.blocked:
                yield Static(Content.assemble("「", (v.matched or v.phrase, "bold $error"), "」 ", v.why))
            yield Static(Content.styled("改写建议:", "bold"))
            yield Static(Content(self.rewrite), classes="rewrite")
            with Horizontal():
                yield Button("采用改写 (r)", id="rewrite", variant="success")
                yield Button("仍然复制 (o, 记为强制)", id="override", variant="error")
                yield Button("取消 (Esc)", id="cancel")

    def on_mount(self) -> None:
        # The safe choice has focus: an Enter pressed out of habit rewrites, never overrides.
        self.query_one("#rewrite", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(OverrideChoice(choice))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
