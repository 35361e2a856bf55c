"""Fuzzy search over all reply templates; Enter puts the chosen reply in the editor."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from csbot.tui import keys
from csbot.tui.formatting import MUTED, one_line
from csbot.tui.screens.query_list import ArrowsMoveResults
from csbot.tui.search import SearchEntry, build_entries, rank

if TYPE_CHECKING:
    from csbot.pipeline import Engine


class QuickSearch(ArrowsMoveResults, ModalScreen["SearchEntry | None"]):
    BINDINGS = keys.bindings((keys.CLOSE,))
    DEFAULT_CSS = """
    QuickSearch { align: center top; }
    QuickSearch > Vertical {
        width: 96%; max-width: 120; height: 90%; margin-top: 1;
        border: thick $accent; background: $surface;
    }
    QuickSearch OptionList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    QuickSearch #search-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, engine: Engine, context: dict[str, Any] | None, order_sn: str | None, now: datetime) -> None:
        super().__init__()
        if context is None:
            # No message yet: the context of an empty message still carries the shop and order.
            context = engine.analyse("", order_sn=order_sn, now=now).context
        self.entries = build_entries(engine, context)
        self.shown: list[SearchEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "快捷回复"
            yield Input(placeholder="搜索意图, 模板名或内容 (如 催发货, ship_urge, 优惠券)", id="search-query")
            yield OptionList(id="search-results")
            yield Static("↑↓ 选择 · Enter 放入编辑框 · Esc 返回", id="search-hint")

    def on_mount(self) -> None:
        self._refresh("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        self.shown = rank(self.entries, query)
        results = self.query_one(OptionList)
        results.set_options(_option(entry) for entry in self.shown)
        if self.shown:
            results.highlighted = 0

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self._choose(index)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, index: int) -> None:
        entry = self.shown[index]
        if not entry.usable:
            why = entry.problem or "此模板在当前订单/情境下没有内容"
            self.notify(why, title=entry.template, severity="warning", timeout=5, markup=False)
            return
        self.dismiss(entry)

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)


def _option(entry: SearchEntry) -> Option:
    if entry.usable:
        body: Content | str = one_line(entry.text)
    else:
        body = Content.styled(entry.problem or "(当前情境不适用)", MUTED)
    return Option(Content.assemble((f"{entry.label} ", "bold $accent"), (f"{entry.template}  ", MUTED), body))
