"""Shared behaviour of the pickers that filter a list as the agent types (orders, replies)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, OptionList


class ArrowsMoveResults:
    """Mixin for a screen with a query box over an OptionList: the cursor stays in the
    box, so typing keeps filtering, while the arrow and page keys move through the results."""

    def on_key(self, event: events.Key) -> None:
        results = self.query_one(OptionList)  # type: ignore[attr-defined]
        moves = {
            "up": results.action_cursor_up,
            "down": results.action_cursor_down,
            "pageup": results.action_page_up,
            "pagedown": results.action_page_down,
        }
        if event.key in moves and self.query_one(Input).has_focus:  # type: ignore[attr-defined]
            moves[event.key]()
            event.stop()
