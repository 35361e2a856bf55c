"""Choose one of the shop's orders to put into the reply context (typing filters the list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from csbot.errors import CsbotError
from csbot.tui import keys
from csbot.tui.formatting import MUTED
from csbot.tui.screens.query_list import ArrowsMoveResults

if TYPE_CHECKING:
    from csbot.shop import Shop
    from csbot.store import Order

ORDER_LIMIT = 500


class OrderPicker(ArrowsMoveResults, ModalScreen["str | None"]):
    BINDINGS = keys.bindings((keys.CLOSE,))
    DEFAULT_CSS = """
    OrderPicker { align: center top; }
    OrderPicker > Vertical {
        width: 96%; max-width: 120; height: 90%; margin-top: 1;
        border: thick $accent; background: $surface;
    }
    OrderPicker OptionList { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    OrderPicker #order-hint { color: $text-muted; padding: 0 1; }
    """

    def __init__(self, shop: Shop) -> None:
        super().__init__()
        self.shop = shop
        self.orders: list[Order] = []
        self.shown: list[Order] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "选择订单"
            yield Input(placeholder="按订单号, 状态或商品筛选", id="order-query")
            yield OptionList(id="order-results")
            yield Static("↑↓ 选择 · Enter 放入上下文 · Esc 返回", id="order-hint")

    def on_mount(self) -> None:
        try:
            self.orders = self.shop.store.list_orders(limit=ORDER_LIMIT)
        except CsbotError as exc:
            self.notify(str(exc), title="无法读取订单", severity="error", timeout=8, markup=False)
        self._refresh("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#order-query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        words = query.split()
        self.shown = [o for o in self.orders if all(w in _haystack(o) for w in words)]
        results = self.query_one(OptionList)
        results.set_options(_option(o) for o in self.shown)
        if self.shown:
            results.highlighted = 0

    @on(Input.Submitted, "#order-query")
    def _submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and self.shown:
            self.dismiss(self.shown[index].sn)

    @on(OptionList.OptionSelected, "#order-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index].sn)

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)


def _haystack(order: Order) -> str:
    titles = " ".join(f"{item.title} {item.sku}" for item in order.items)
    return f"{order.sn} {order.status} {order.courier or ''} {order.tracking_no or ''} {titles}"


def _option(order: Order) -> Option:
    title = order.items[0].title if order.items else ""
    when = order.group_time.strftime("%m-%d %H:%M") if order.group_time else ""
    return Option(
        Content.assemble(
            (order.sn, "bold"),
            "  ",
            (f"{order.status}", "$accent"),
            f"  ¥{order.amount:g}  ",
            (f"成团 {when}  " if when else "", MUTED),
            title,
        )
    )
