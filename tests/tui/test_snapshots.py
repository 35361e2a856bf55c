"""Snapshots of the main screens at 100x32 (update with ``pytest --snapshot-update``).

Deterministic by construction: the demo shop is built at FIXED_NOW and the app's clock is
fixed, so deadlines, coupons and history times never move; nothing waits on wall time."""

from __future__ import annotations

from tui_helpers import analyse, settle, wait_ready

SIZE = (100, 32)


def out_of_stock_order(screen) -> str:
    """A 待发货 order whose item has no stock: the richest context panel (notes, similar items)."""
    store = screen.engine.shop.store
    for order in store.list_orders(status="待发货"):
        item = order.items[0]
        product = store.get_product(item.product_id)
        sku = product.sku(item.sku) if product and item.sku else None
        if sku is not None and not sku.in_stock:
            return order.sn
    raise AssertionError("the demo shop has no out-of-stock 待发货 order")


def test_main_screen_ready(snap_compare, app):
    async def ready(pilot):
        await wait_ready(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=ready)


def test_main_screen_after_analysing(snap_compare, app):
    async def analysed(pilot):
        screen = await wait_ready(pilot)
        await analyse(pilot, f"订单{out_of_stock_order(screen)} 怎么还不发货 急用")

    assert snap_compare(app, terminal_size=SIZE, run_before=analysed)


def test_help_screen(snap_compare, app):
    async def help_open(pilot):
        await wait_ready(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=help_open)


def test_history_screen(snap_compare, app):
    async def history_open(pilot):
        await analyse(pilot, "刚买就降价了 补差价")
        await pilot.press("f5")
        await analyse(pilot, "qwertyuiop")
        await pilot.press("f5")
        # The copy toasts would cover the table; they are not what this snapshot is about.
        pilot.app.clear_notifications()
        await pilot.press("f8")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=history_open)
