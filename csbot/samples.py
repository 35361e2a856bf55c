"""Made-up but complete template contexts: what lint renders every template against and
what the authoring preview starts from.  One per situation a template must survive."""

from __future__ import annotations

import copy
from typing import Any

from csbot.entities import Entities

_SHOP = {
    "name": "示例小店",
    "signature": None,
    "gift": "小礼品一份",
    "compensation": None,
    "service_hours": "8:00-23:00",
}
_ENTITIES: dict[str, Any] = Entities().to_dict()  # what the engine passes when the message names nothing
_ITEM = {"product_id": "P1001", "title": "纯棉短袖T恤女宽松百搭上衣", "sku": "白色 M", "qty": 1, "in_stock": True}
_ORDER: dict[str, Any] = {
    "sn": "261120-583920174650213",
    "status": "待发货",
    "title": _ITEM["title"],
    "sku": _ITEM["sku"],
    "items": [_ITEM],
    "amount": 39.9,
    "group_time": "2026-11-20 10:15",
    "promise_ship_time": "2026-11-22 10:15",
    "shipped_time": None,
    "courier": None,
    "tracking_no": None,
    "hours_to_deadline": 5.0,
    "overdue": False,
    "out_of_stock": False,
}
_PRODUCT = {
    "id": "P1001",
    "title": _ITEM["title"],
    "category": "女装",
    "price": 39.9,
    "stock": 120,
    "in_stock": True,
    "restock_date": None,
    "specs": "颜色: 白色/黑色; 尺码: S/M/L/XL",
}
_SIMILAR = [
    {"id": "P1002", "title": "莫代尔短袖T恤女夏季薄款", "price": 36.9, "stock": 80},
    {"id": "P1003", "title": "条纹圆领短袖女韩版", "price": 42.0, "stock": 35},
]
_COUPON = {"name": "店铺满39减5元券", "amount": 5.0, "threshold": 39.0, "valid_until": "2026-12-31"}


def _base(message: str, intent: str) -> dict[str, Any]:
    return {
        "shop": dict(_SHOP),
        "message": message,
        "intent": intent,
        "intents": [{"id": intent, "label": intent, "score": 0.9}],
        "entities": copy.deepcopy(_ENTITIES),
        "order": None,
        "product": None,
        "similar_items": [],
        "coupon": None,
        "restock_date": None,
        "notes": [],
    }


def sample_contexts(intent: str = "unknown") -> dict[str, dict[str, Any]]:
    """Named contexts: no data at all, each order status, a stock-out, size measurements,
    a buyer proposing to pay outside the platform, a question about gifts."""
    samples: dict[str, dict[str, Any]] = {"无订单": _base("在吗", intent)}
    for status in ("待发货", "已发货", "已签收", "售后中", "已取消"):
        ctx = _base("我的订单怎么样了", intent)
        order = copy.deepcopy(_ORDER)
        order["status"] = status
        if status != "待发货":
            order.update(
                shipped_time="2026-11-21 16:40",
                courier="中通快递",
                tracking_no="78412345678901",
                hours_to_deadline=None,
            )
        ctx["order"] = order
        ctx["product"] = copy.deepcopy(_PRODUCT)
        samples[f"订单{status}"] = ctx
    stock_out = _base("这个什么时候能发", intent)
    order = copy.deepcopy(_ORDER)
    order.update(out_of_stock=True, overdue=True, hours_to_deadline=-3.0)
    order["items"][0]["in_stock"] = False
    product = copy.deepcopy(_PRODUCT)
    product.update(stock=0, in_stock=False, restock_date="11月28日")
    stock_out.update(
        order=order,
        product=product,
        similar_items=copy.deepcopy(_SIMILAR),
        coupon=dict(_COUPON),
        restock_date="11月28日",
    )
    samples["缺货订单"] = stock_out
    product_only = _base("黑色M码有吗", intent)
    product_only["product"] = copy.deepcopy(_PRODUCT)
    product_only["entities"].update(colours=["黑色"], sizes=["M"])
    samples["商品咨询"] = product_only
    sized = _base("165 110斤穿什么码", intent)
    sized["entities"].update(height_cm=165, weight_jin=110.0)
    samples["身高体重"] = sized
    samples["货到付款"] = _base("可以货到付款吗", intent)
    samples["问赠品"] = _base("买这个有赠品送吗", intent)
    return samples
