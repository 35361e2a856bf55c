"""The shop-data part of the template context: order, product, similar items, coupon, notes.

See docs/context.md for the contract.  Everything a template may print is here as plain
dicts and strings; what the agent must know but the buyer must never read (deadline risk,
the stock-out report hint) goes to ``notes`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from csbot.settings import ShopSettings
from csbot.store import Order, Product, Sku, Store, spec_parts

CONTEXT_KEYS = ("order", "product", "similar_items", "coupon", "restock_date", "notes")
_SHOWN_TIME = "%Y-%m-%d %H:%M"


def build_context(
    store: Store,
    settings: ShopSettings,
    *,
    entities: dict[str, Any],
    intent_ids: list[str],
    order_sn: str | None = None,
    product_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The order and product in question and what the shop can offer, for one buyer message.

    ``order_sn`` (``--order`` or the TUI's pick) wins over order numbers in the message;
    ``product_id`` wins over the order's own items."""
    now = _naive(now or datetime.now())
    notes: list[str] = []
    order = _find_order(store, order_sn, entities.get("order_numbers") or [], notes)

    order_ctx = None
    focus: Product | None = None
    focus_sku: Sku | None = None
    focus_available = True
    if order is not None:
        order_ctx, focus, focus_sku, focus_available = _order_context(store, order, notes)
        _deadline_notes(order, order_ctx, settings, now, notes)

    if product_id:
        product = store.get_product(product_id)
        if product is None:
            notes.append(f"商品 {product_id} 不在商品库中: 请先导入最新商品表")
        else:
            focus, focus_sku = product, None
            focus_available = product.in_stock
    product_ctx = None
    if focus is not None:
        asked = _asked_skus(focus, entities, notes) if focus_sku is None else None
        product_ctx = _product_context(focus, focus_sku, asked)
        focus_available = focus_available and product_ctx["in_stock"]

    similar: list[dict[str, Any]] = []
    restock = None
    if focus is not None and not focus_available:
        similar = _similar(store, settings, focus, focus_sku, notes)
        restock = _restock(focus, now, notes)
        notes.append(
            f"{focus.title[:18]}{' ' + focus_sku.spec if focus_sku else ''} 暂无库存: 回复勿提缺货类字眼,"
            " 推荐相似商品或优惠, 买家要退款就走快速退款"
        )
        if settings.compensation is None:
            notes.append("本店未配置补偿 (shop.toml [shop] compensation): 回复不得承诺补偿金额")

    if "refund" in intent_ids and order_ctx is not None:
        notes.append("买家要退款: 不要引导买家选择退款原因")

    return {
        "order": order_ctx,
        "product": product_ctx,
        "similar_items": similar,
        "coupon": _coupon(store, order, focus, entities, now),
        "restock_date": restock,
        "notes": notes,
    }


# ---------------------------------------------------------------------------- order


def _find_order(store: Store, order_sn: str | None, in_message: Sequence[str], notes: list[str]) -> Order | None:
    if order_sn:
        order = store.get_order(order_sn)
        if order is None:
            notes.append(f"订单 {order_sn} 不在订单库中: 请先导入最新订单")
        return order
    for sn in in_message:
        order = store.get_order(sn)
        if order is not None:
            return order
    if in_message:
        notes.append(f"订单 {in_message[0]} 不在订单库中: 请先导入最新订单")
    return None


def _order_context(
    store: Store, order: Order, notes: list[str]
) -> tuple[dict[str, Any], Product | None, Sku | None, bool]:
    items = []
    focus: tuple[Product | None, Sku | None, bool] | None = None
    for item in order.items:
        product = store.get_product(item.product_id)
        sku = product.sku(item.sku) if product and item.sku else None
        if product is None:
            in_stock = True  # unknown is not out of stock: never steer a buyer away on a guess
            notes.append(f"订单商品 {item.product_id} 不在商品库中: 无法判断库存")
        else:
            in_stock = sku.in_stock if sku else product.in_stock
        items.append(
            {
                "product_id": item.product_id,
                "title": item.title or (product.title if product else ""),
                "sku": item.sku,
                "qty": item.qty,
                "in_stock": in_stock,
            }
        )
        if product is not None and (focus is None or (focus[2] and not in_stock)):
            focus = (product, sku, in_stock)  # the first item, unless a later one is unavailable
    first = items[0] if items else {"title": "", "sku": ""}
    ctx = {
        "sn": order.sn,
        "status": order.status,
        "title": first["title"],
        "sku": first["sku"],
        "items": items,
        "amount": order.amount,
        "group_time": _shown(order.group_time),
        "promise_ship_time": _shown(order.promise_ship_time),
        "shipped_time": _shown(order.shipped_time),
        "courier": order.courier,
        "tracking_no": order.tracking_no,
        "hours_to_deadline": None,
        "overdue": False,
        "out_of_stock": any(not it["in_stock"] for it in items),
    }
    if focus is None:
        return ctx, None, None, True
    return ctx, focus[0], focus[1], focus[2]


def _deadline_notes(order: Order, ctx: dict[str, Any], settings: ShopSettings, now: datetime, notes: list[str]) -> None:
    rules = settings.deadlines
    if order.status == "待发货":
        deadline = order.promise_ship_time
        basis = ""
        if deadline is None and order.group_time is not None:
            deadline = order.group_time + timedelta(hours=rules.ship_within_hours)
            basis = f" (按成团后 {rules.ship_within_hours:g} 小时计 {rules.caveat()})"
        if deadline is None:
            notes.append("订单没有成团时间和承诺发货时间: 无法计算发货时限")
            return
        hours = (deadline - now).total_seconds() / 3600
        ctx["hours_to_deadline"] = round(hours, 1)
        ctx["overdue"] = hours < 0
        if hours >= 0:
            urgent = ", 请尽快安排" if hours < 12 else ""
            notes.append(f"还剩 {_hours(hours)}发货{urgent}{basis}")
        else:
            notes.append(
                f"已超时 {_hours(-hours)}: 延迟发货风险, 无法发出请考虑缺货报备{basis or ' ' + rules.caveat()}"
            )
    elif order.status == "已发货" and order.shipped_time is not None:
        limit = rules.no_movement_hours
        if order.trace_time is None:
            since = (now - order.shipped_time).total_seconds() / 3600
            if since >= limit:
                notes.append(f"发货 {_hours(since)}无物流轨迹: 虚假发货风险, 请联系快递核实 {rules.caveat()}")
            else:
                notes.append(f"已发货 {_hours(since)}, 暂无物流轨迹 (超过 {limit:g} 小时无轨迹有虚假发货风险)")
        else:
            idle = (now - order.trace_time).total_seconds() / 3600
            if idle >= limit:
                notes.append(f"物流 {_hours(idle)}未更新: 请联系快递核实")
    elif order.status == "售后中":
        notes.append("订单售后中: 按售后进度答复")


def _hours(hours: float) -> str:
    if hours < 1:
        return "不到 1 小时"
    return f"{int(hours)} 小时"


# ---------------------------------------------------------------------------- product


def _asked_skus(product: Product, entities: dict[str, Any], notes: list[str]) -> list[Sku] | None:
    """The SKUs matching the colours and sizes the buyer named (None if they named none)."""
    colours = [p for c in entities.get("colours") or [] for p in spec_parts(c)]
    sizes = [p for s in entities.get("sizes") or [] for p in spec_parts(s)]
    if not product.skus or not (colours or sizes):
        return None
    matched = [
        sku
        for sku in product.skus
        if (not colours or any(c in spec_parts(sku.spec) for c in colours))
        and (not sizes or any(s in spec_parts(sku.spec) for s in sizes))
    ]
    if not matched:
        named = " ".join([*(entities.get("colours") or []), *(entities.get("sizes") or [])])
        notes.append(f"买家问的规格 {named} 不在该商品的 SKU 中")
        return None
    return matched


def _product_context(product: Product, sku: Sku | None, asked: list[Sku] | None) -> dict[str, Any]:
    if sku is not None:
        stock = sku.stock
    elif asked:
        stock = sum(s.stock for s in asked)
    else:
        stock = product.stock
    return {
        "id": product.id,
        "title": product.title,
        "category": product.category,
        "price": sku.price if sku is not None and sku.price else product.price,
        "stock": stock,
        "in_stock": stock > 0,
        "restock_date": _month_day(product.restock_date),
        "specs": [{"spec": s.spec, "stock": s.stock, "in_stock": s.in_stock} for s in product.skus],
    }


def _similar(
    store: Store, settings: ShopSettings, product: Product, sku: Sku | None, notes: list[str]
) -> list[dict[str, Any]]:
    band, limit = settings.similar.price_band, settings.similar.limit
    # The price the buyer paid for their SKU (a 2.0L kettle, not the 1.5L one) sets the band.
    price = sku.price if sku is not None and sku.price else None
    found = store.similar_products(product, band=band, limit=limit, price=price)
    if not found and limit:
        notes.append(f"同类目 ±{band:.0%} 价位内没有有货的相似商品")
    return [{"id": s.id, "title": s.title, "price": s.price, "stock": s.stock} for s in found]


def _restock(product: Product, now: datetime, notes: list[str]) -> str | None:
    when = product.restock_date
    if when is None:
        notes.append("没有补货日期: 不要向买家承诺到货时间")
        return None
    if when < now.date():
        notes.append(f"补货日期 {when.isoformat()} 已过: 请核实后再答复买家")
        return None
    return _month_day(when)


# ---------------------------------------------------------------------------- coupon


def _coupon(
    store: Store, order: Order | None, product: Product | None, entities: dict[str, Any], now: datetime
) -> dict[str, Any] | None:
    """The best coupon for the amount in question: the order's, else the product's price,
    else an amount the buyer named; with none of these only threshold-free coupons fit."""
    amounts = [a for a in entities.get("amounts") or [] if isinstance(a, (int, float))]
    if order is not None:
        basis = order.amount
    elif product is not None:
        basis = product.price
    else:
        basis = max(amounts, default=0.0)
    coupon = store.best_coupon(basis, now=now)
    if coupon is None:
        return None
    return {
        "name": coupon.name,
        "amount": coupon.amount,
        "threshold": coupon.threshold,
        "valid_until": _shown(coupon.valid_until),
    }


# ---------------------------------------------------------------------------- formatting


def _shown(value: datetime | None) -> str | None:
    return value.strftime(_SHOWN_TIME) if value else None


def _month_day(value: date | None) -> str | None:
    return f"{value.month}月{value.day}日" if value else None


def _naive(now: datetime) -> datetime:
    """Shop times are naive local time; an aware ``now`` is converted to match."""
    return now.astimezone().replace(tzinfo=None) if now.tzinfo else now
