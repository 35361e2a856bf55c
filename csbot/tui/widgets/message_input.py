"""The buyer-message box: Enter analyses, ctrl+j (or shift+enter where the terminal reports it)
starts a new line, a pasted multi-line message stays as it is."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea

from csbot.tui import keys

_NEWLINE_KEYS = frozenset(keys.NEWLINE.keys.split(","))


class MessageInput(TextArea):
    # Listed for the footer and the help screen; the keys themselves are handled in
    # _on_key, in order with the typed characters.  (A priority binding would run as soon
    # as the key arrives, before the characters typed just before it reach the box, so a
    # fast "text⏎" would analyse an empty box.)
    BINDINGS = keys.bindings(keys.MESSAGE_ACTIONS)

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            highlight_cursor_line=False,
            placeholder="粘贴或输入买家消息, Enter 分析",
            id=id,
        )

    async def _on_key(self, event: events.Key) -> None:
        if event.key == keys.ANALYSE.keys:
            event.stop()
            event.prevent_default()
            self.action_submit()
        elif event.key in _NEWLINE_KEYS:
            event.stop()
            event.prevent_default()
            self.action_newline()
        else:
            await super()._on_key(event)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self.text))

    def action_newline(self) -> None:
        self.insert("\n")
