"""Every copied reply, newest first, and the buyer messages the classifier could not place.

The second list is the shop owner's to-do: each `unknown` message is a phrasing to add as an
example to an intent (or a new intent)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from csbot.errors import CsbotError
from csbot.tui import keys
from csbot.tui.formatting import one_line

if TYPE_CHECKING:
    from csbot.shop import Shop
    from csbot.store import HistoryEntry

HISTORY_LIMIT = 500
MESSAGE_WIDTH = 24
TEXT_WIDTH = 40


class HistoryScreen(Screen[None]):
    BINDINGS = keys.bindings((keys.CLOSE,))
    DEFAULT_CSS = """
    HistoryScreen #history-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    HistoryScreen TabbedContent, HistoryScreen ContentSwitcher, HistoryScreen TabPane { height: 1fr; }
    HistoryScreen DataTable { height: 1fr; }
    """

    def __init__(self, shop: Shop) -> None:
        super().__init__()
        self.shop = shop

    def compose(self) -> ComposeResult:
        yield Static(f"历史记录 · {self.shop.name}", id="history-title")
        with TabbedContent():
            with TabPane("已复制的回复", id="copied"):
                yield DataTable(id="copied-table", cursor_type="row", zebra_stripes=True)
            with TabPane("未识别的消息", id="unknown"):
                yield DataTable(id="unknown-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        copied = self.query_one("#copied-table", DataTable)
        copied.add_columns("时间", "意图", "模板", "强制", "买家消息", "回复")
        unknown = self.query_one("#unknown-table", DataTable)
        unknown.add_columns("时间", "买家消息", "回复")
        try:
            rows = self.shop.store.history(HISTORY_LIMIT)
            unknown_rows = self.shop.store.unknown_messages(HISTORY_LIMIT)
        except CsbotError as exc:
            self.notify(str(exc), title="无法读取历史记录", severity="error", timeout=8, markup=False)
            return
        label = self.shop.catalogue.label
        for entry in rows:
            copied.add_row(
                _time(entry),
                label(entry.intent),
                entry.template or "手写",
                Text("强制", style="bold red") if entry.override else "",
                _cell(entry.message, MESSAGE_WIDTH),
                _cell(entry.text, TEXT_WIDTH),
                key=str(entry.id),
            )
        for entry in unknown_rows:
            unknown.add_row(_time(entry), _cell(entry.message, TEXT_WIDTH), _cell(entry.text, TEXT_WIDTH))
        self.query_one(TabbedContent).get_tab("unknown").label = f"未识别的消息 ({len(unknown_rows)})"
        self.query_one(TabbedContent).get_tab("copied").label = f"已复制的回复 ({len(rows)})"
        copied.focus()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)


def _time(entry: HistoryEntry) -> str:
    return entry.time.strftime("%m-%d %H:%M")


def _cell(text: str, width: int) -> Text:
    """One line, cut to ``width`` cells (CJK characters count two)."""
    cell = Text(one_line(text), no_wrap=True, overflow="ellipsis")
    cell.truncate(width, overflow="ellipsis")
    return cell
