"""One line at the top: the shop, loading state, the conversation so far and the order in context."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from csbot.tui.formatting import MUTED

THREAD_PREVIEW_CHARS = 12


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar {
        height: 1; width: 1fr; padding: 0 1;
        background: $panel; color: $foreground;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shop_name = ""
        self.state = "正在加载…"
        self.state_style = "$warning"
        self.thread: list[str] = []
        self.order_sn: str | None = None
        self.order_picked = False

    def on_mount(self) -> None:
        self._redraw()

    def set_state(self, text: str, style: str = "") -> None:
        self.state, self.state_style = text, style
        self._redraw()

    def set_conversation(self, thread: list[str], order_sn: str | None, *, picked: bool = True) -> None:
        """``picked``: the agent chose the order (F4); otherwise it was found in the messages."""
        self.thread, self.order_sn, self.order_picked = list(thread), order_sn, picked
        self._redraw()

    def _redraw(self) -> None:
        parts: list[Content | tuple[str, str] | str] = [("csbot ", "bold $accent")]
        if self.shop_name:
            parts.append((f"{self.shop_name}  ", "bold"))
        parts.append((self.state, self.state_style))
        parts.append(("  订单 ", MUTED))
        parts.append(self.order_sn or "—")
        if self.order_sn and not self.order_picked:
            parts.append((" (消息中)", MUTED))
        parts.append((f"  对话 {len(self.thread)} 条", MUTED))
        if self.thread:
            preview = " › ".join(_short(m) for m in self.thread)
            parts.append(f": {preview}")
        self.update(Content.assemble(*parts))


def _short(message: str) -> str:
    flat = " ".join(message.split())
    return flat if len(flat) <= THREAD_PREVIEW_CHARS else flat[: THREAD_PREVIEW_CHARS - 1] + "…"
