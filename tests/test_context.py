"""Order-aware context: deadlines as agent notes, the stock-out playbook's data, settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from csbot.context import CONTEXT_KEYS, build_context
from csbot.entities import Entities
from csbot.errors import ShopError
from csbot.settings import ShopSettings
from csbot.store import Coupon, Order, OrderItem, Product, Sku, Store

NOW = datetime(2026, 3, 1, 10, 0)
NO_ENTITIES: dict = Entities().to_dict()
SETTINGS = ShopSettings.from_toml(
    {
        "shop": {"name": "小美优选", "gift": "小袜子一双"},
        "deadlines": {"ship_within_hours": 48, "no_movement_hours": 24, "verified": False, "as_of": "2026-03-01"},
    }
)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3") as s:
        s.upsert_products(
            [
                Product(
                    "tee",
                    "夏季纯棉短袖T恤男宽松",
                    60,
                    5,
                    "男装",
                    restock_date=date(2026, 3, 8),
                    skus=(Sku("黑色,M", 0, 60), Sku("白色,M", 5, 60)),
                ),
                Product("tee2", "男士纯棉短袖T恤圆领", 55, 10, "男装"),
                Product("tee3", "宽松短袖T恤男潮牌", 66, 4, "男装"),
                Product("hoodie", "加厚连帽卫衣男", 129, 7, "男装"),
            ]
        )
        s.upsert_coupons(
            [
                Coupon("c1", "满49减5", 5, 49, valid_until=NOW + timedelta(days=5)),
                Coupon("c2", "满99减10", 10, 99, valid_until=NOW + timedelta(days=5)),
                Coupon("c3", "过期满39减20", 20, 39, valid_until=NOW - timedelta(days=1)),
            ]
        )
        s.upsert_orders(
            [
                _pending("near", NOW - timedelta(hours=43), "白色,M"),
                _pending("late", NOW - timedelta(hours=51), "白色,M"),
                _pending("soldout", NOW - timedelta(hours=20), "黑色,M"),
                Order(
                    "quiet",
                    "已发货",
                    60,
                    (OrderItem("tee", "", "白色,M"),),
                    group_time=NOW - timedelta(hours=40),
                    shipped_time=NOW - timedelta(hours=30),
                    courier="中通快递",
                    tracking_no="73000",
                ),
                Order(
                    "moving",
                    "已发货",
                    129,
                    (OrderItem("hoodie"),),
                    shipped_time=NOW - timedelta(hours=30),
                    trace_time=NOW - timedelta(hours=2),
                ),
            ]
        )
        yield s


def _pending(sn: str, group: datetime, sku: str) -> Order:
    return Order(sn, "待发货", 60, (OrderItem("tee", "夏季纯棉短袖T恤男宽松", sku, 1),), group_time=group)


def _context(store, settings=SETTINGS, entities=None, intents=("ship_urge",), **kwargs):
    return build_context(
        store, settings, entities={**NO_ENTITIES, **(entities or {})}, intent_ids=list(intents), now=NOW, **kwargs
    )


def test_context_has_exactly_the_contract_keys_and_empty_data_is_none_or_empty(store):
    ctx = _context(store, intents=["greeting"])
    assert tuple(ctx) == CONTEXT_KEYS
    assert ctx["order"] is None and ctx["product"] is None and ctx["restock_date"] is None
    assert ctx["similar_items"] == [] and ctx["notes"] == []


def test_order_near_the_deadline_says_hours_left(store):
    ctx = _context(store, order_sn="near")
    order = ctx["order"]
    assert order["sn"] == "near" and order["status"] == "待发货"
    assert order["hours_to_deadline"] == 5.0 and order["overdue"] is False
    assert order["title"] == "夏季纯棉短袖T恤男宽松" and order["sku"] == "白色,M"
    assert order["group_time"] == "2026-02-27 15:00"
    assert any(n.startswith("还剩 5 小时发货") for n in ctx["notes"]), ctx["notes"]
    assert any("未核实" in n for n in ctx["notes"]), "the 48 h figure is flagged as unverified"


def test_overdue_order_suggests_the_stock_out_report_to_the_agent(store):
    ctx = _context(store, order_sn="late")
    assert ctx["order"]["overdue"] is True and ctx["order"]["hours_to_deadline"] == -3.0
    assert any(n.startswith("已超时 3 小时") and "缺货报备" in n for n in ctx["notes"]), ctx["notes"]


def test_order_number_from_the_message_is_used_when_no_order_is_picked(store):
    ctx = _context(store, entities={"order_numbers": ["nope", "near"]})
    assert ctx["order"]["sn"] == "near"
    ctx = _context(store, entities={"order_numbers": ["nope"]})
    assert ctx["order"] is None and any("nope" in n and "不在订单库" in n for n in ctx["notes"])


def test_out_of_stock_sku_brings_similar_items_coupon_and_restock_date(store):
    ctx = _context(store, order_sn="soldout")
    order = ctx["order"]
    assert order["out_of_stock"] is True and order["items"][0]["in_stock"] is False
    assert ctx["product"]["id"] == "tee" and ctx["product"]["in_stock"] is False
    assert [s["id"] for s in ctx["similar_items"]][:2] in (["tee2", "tee3"], ["tee3", "tee2"])
    assert set(ctx["similar_items"][0]) == {"id", "title", "price", "stock"}
    assert "hoodie" not in [s["id"] for s in ctx["similar_items"]], "129 is outside 60 ± 20%"
    assert ctx["coupon"] == {"name": "满49减5", "amount": 5.0, "threshold": 49.0, "valid_until": "2026-03-06 10:00"}
    assert ctx["restock_date"] == "3月8日"
    # No compensation configured: the agent is told not to promise an amount.
    assert any("未配置补偿" in n for n in ctx["notes"])


def test_in_stock_order_gets_no_similar_items(store):
    ctx = _context(store, order_sn="near")
    assert ctx["order"]["out_of_stock"] is False
    assert ctx["similar_items"] == [] and ctx["restock_date"] is None


def test_shipped_without_courier_movement_warns_of_fake_shipping(store):
    ctx = _context(store, order_sn="quiet", intents=["logistics"])
    assert ctx["order"]["hours_to_deadline"] is None
    assert ctx["order"]["courier"] == "中通快递" and ctx["order"]["tracking_no"] == "73000"
    assert any(n.startswith("发货 30 小时无物流轨迹: 虚假发货风险") for n in ctx["notes"]), ctx["notes"]
    moving = _context(store, order_sn="moving", intents=["logistics"])
    assert not any("虚假发货" in n for n in moving["notes"])


def test_buyer_asking_for_a_colour_and_size_gets_that_skus_stock(store):
    black = _context(store, product_id="tee", entities={"colours": ["黑色"], "sizes": ["M码"]}, intents=["stock"])
    assert black["product"]["in_stock"] is False and black["product"]["stock"] == 0
    assert black["similar_items"] and black["restock_date"] == "3月8日"
    white = _context(store, product_id="tee", entities={"colours": ["白色"], "sizes": ["M"]}, intents=["stock"])
    assert white["product"]["in_stock"] is True and white["similar_items"] == []
    assert [s["spec"] for s in white["product"]["specs"]] == ["黑色,M", "白色,M"]


def test_coupon_without_order_or_product_only_threshold_free_or_named_amount(store):
    assert _context(store, intents=["price_coupon"])["coupon"] is None  # no threshold-free coupon here
    named = _context(store, entities={"amounts": [120.0]}, intents=["price_coupon"])
    assert named["coupon"]["name"] == "满99减10"


def test_refund_request_on_an_order_reminds_not_to_steer_the_reason(store):
    ctx = _context(store, order_sn="soldout", intents=["refund"])
    assert any("退款原因" in n for n in ctx["notes"])


def test_deadlines_come_from_settings(store):
    strict = ShopSettings.from_toml({"deadlines": {"ship_within_hours": 24, "verified": True, "as_of": "2026-03-01"}})
    ctx = _context(store, settings=strict, order_sn="near")
    assert ctx["order"]["overdue"] is True and ctx["order"]["hours_to_deadline"] == -19.0
    assert not any("未核实" in n for n in ctx["notes"])


def test_aware_now_is_accepted(store):
    aware = NOW.astimezone()
    ctx = build_context(store, SETTINGS, entities=NO_ENTITIES, intent_ids=["ship_urge"], order_sn="near", now=aware)
    assert ctx["order"]["hours_to_deadline"] == 5.0


# ---------------------------------------------------------------------------- settings


def test_settings_defaults_and_shop_context():
    settings = ShopSettings.from_toml({}, source=None)
    assert settings.deadlines.ship_within_hours == 48 and settings.deadlines.no_movement_hours == 24
    assert settings.deadlines.verified is False and settings.deadlines.as_of.startswith("20")
    assert settings.similar.price_band == 0.2 and settings.similar.limit == 3
    assert settings.to_context() == {
        "name": "本店",
        "signature": None,
        "gift": None,
        "compensation": None,
        "service_hours": "8:00-23:00",
    }
    assert SETTINGS.to_context()["gift"] == "小袜子一双"


def test_settings_errors_name_the_file_and_key():
    with pytest.raises(ShopError, match=r"shop.toml: \[deadlines\] ship_within_hours must be a number"):
        ShopSettings.from_toml({"deadlines": {"ship_within_hours": "48"}}, source=Path("/x/shop.toml"))
    with pytest.raises(ShopError, match=r"\[similar\] price_band = 3.0 is outside"):
        ShopSettings.from_toml({"similar": {"price_band": 3.0}})
    with pytest.raises(ShopError, match=r"\[shop\] gift must be text"):
        ShopSettings.from_toml({"shop": {"gift": 3}})
    toml_date = ShopSettings.from_toml({"deadlines": {"as_of": date(2026, 3, 1)}})
    assert toml_date.deadlines.as_of == "2026-03-01"


def test_the_ordered_skus_price_sets_the_similar_items_band(store):
    store.upsert_products(
        [Product("set", "纯棉卫衣男套装", 60, 3, "男装", skus=(Sku("单件", 3, 60), Sku("两件套", 0, 120)))]
    )
    store.upsert_orders([Order("pair", "待发货", 120, (OrderItem("set", "", "两件套"),), group_time=NOW)])
    ctx = _context(store, order_sn="pair")
    assert ctx["product"]["price"] == 120
    assert [s["id"] for s in ctx["similar_items"]] == ["hoodie"]  # 129 is within 120 ± 20%, 55-66 are not
