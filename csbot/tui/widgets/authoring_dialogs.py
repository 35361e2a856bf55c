"""Small modal questions for the authoring screen: a name to type, a yes/no before deleting."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from csbot.tui import keys

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 70; height: auto; border: thick $accent; background: $surface; padding: 0 1;
}}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
{name} Button {{ margin-left: 1; }}
{name} .hint {{ color: $text-muted; }}
"""


class AskText(ModalScreen["str | None"]):
    """One line of text (an id, a name); Enter accepts, Esc cancels."""

    BINDINGS = keys.bindings((keys.CLOSE,))
    DEFAULT_CSS = _DIALOG_CSS.format(name="AskText")

    def __init__(self, title: str, hint: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(self.hint, classes="hint", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="ask-input")
            yield Static("Enter 确定 · Esc 取消", classes="hint")

    @on(Input.Submitted, "#ask-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """A destructive step, said in words, confirmed with a button (never a single stray key)."""

    BINDINGS = keys.bindings((keys.CLOSE,))
    DEFAULT_CSS = _DIALOG_CSS.format(name="Confirm")

    def __init__(self, title: str, question: str, yes: str = "删除") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(self.question, markup=False)
            with Horizontal():
                yield Button("取消", id="no")
                yield Button(self.yes, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_dismiss_screen(self) -> None:
        self.dismiss(False)
