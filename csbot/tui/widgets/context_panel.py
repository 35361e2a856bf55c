"""The order, offers and agent-only notes for the message on screen.

Nothing here is copied to the buyer: the notes say so in their heading.  The deadline
countdown keeps ticking between analyses (the engine computed it at analysis time)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from csbot.tui.formatting import context_report

TICK_SECONDS = 30.0


class ContextPanel(VerticalScroll):
    DEFAULT_CSS = """
    ContextPanel > Static { width: 1fr; }
    """

    def __init__(self, clock: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self._now = clock
        self._shown_context: dict[str, Any] | None = None
        self._computed_at: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Static(context_report(None), id="context-text")

    def on_mount(self) -> None:
        self.set_interval(TICK_SECONDS, self._redraw)

    def show(self, context: dict[str, Any] | None) -> None:
        self._shown_context = context
        self._computed_at = self._now()
        self._redraw()

    def _redraw(self) -> None:
        elapsed = 0.0
        if self._computed_at is not None:
            elapsed = max((self._now() - self._computed_at).total_seconds() / 3600, 0.0)
        self.query_one("#context-text", Static).update(context_report(self._shown_context, elapsed_hours=elapsed))
