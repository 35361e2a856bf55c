"""The SQLite store: schema upgrades keep a shop's rows, upserts, coupons, history, similar items."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import pytest

from csbot.errors import ShopDataError
from csbot.store import SCHEMA_VERSION, Coupon, Order, OrderItem, Product, Sku, Store

NOW = datetime(2026, 3, 1, 10, 0)

# The layout csbot's first release wrote (schema version 1), verbatim: the upgrade test
# must start from what real users have on disk, not from today's migration code.
V1_STORE = """
CREATE TABLE products (id TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
    price REAL NOT NULL, stock INTEGER NOT NULL DEFAULT 0, specs TEXT NOT NULL DEFAULT '', restock_date TEXT);
CREATE TABLE orders (sn TEXT PRIMARY KEY, product_id TEXT, title TEXT, sku TEXT, qty INTEGER NOT NULL DEFAULT 1,
    amount REAL NOT NULL DEFAULT 0, status TEXT NOT NULL, group_time TEXT, promise_ship_time TEXT,
    shipped_time TEXT, courier TEXT, tracking_no TEXT);
CREATE TABLE coupons (id TEXT PRIMARY KEY, name TEXT NOT NULL, amount REAL NOT NULL,
    threshold REAL NOT NULL DEFAULT 0, valid_until TEXT);
CREATE TABLE history (id INTEGER PRIMARY KEY, time TEXT NOT NULL, message TEXT NOT NULL, intent TEXT NOT NULL,
    text TEXT NOT NULL);
INSERT INTO products VALUES ('p1', '纯棉短袖T恤男', '男装', 59.9, 0, '黑色 M', '2026-03-10');
INSERT INTO orders VALUES ('260228-111', 'p1', '纯棉短袖T恤男', '黑色 M', 2, 119.8, '待发货',
    '2026-02-28 09:00:00', '2026-03-02 09:00:00', NULL, NULL, NULL);
INSERT INTO coupons VALUES ('c1', '满99减10', 10, 99, '2026-04-01 00:00:00');
INSERT INTO history VALUES (1, '2026-02-28 10:00:00', '在吗', 'greeting', '亲, 在的');
PRAGMA user_version = 1;
"""


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3") as s:
        yield s


def test_a_new_store_is_current_and_in_wal_mode(store):
    assert store.schema_version == SCHEMA_VERSION
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_schema_v1_store_upgrades_with_all_its_rows(tmp_path):
    path = tmp_path / "store.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(V1_STORE)
    conn.close()

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        product = store.get_product("p1")
        assert product is not None and product.title == "纯棉短袖T恤男"
        assert product.restock_date == date(2026, 3, 10)
        order = store.get_order("260228-111")
        assert order is not None
        assert order.status == "待发货" and order.amount == pytest.approx(119.8)
        assert order.items == (OrderItem("p1", "纯棉短袖T恤男", "黑色 M", 2),)
        assert order.group_time == datetime(2026, 2, 28, 9, 0)
        assert [c.name for c in store.coupons()] == ["满99减10"]
        [entry] = store.history()
        assert (entry.message, entry.intent, entry.text, entry.override) == ("在吗", "greeting", "亲, 在的", False)
        # New columns work on the upgraded file.
        store.add_history("发货了吗", "ship_urge", "ship_urge/default", "亲…", order_sn="260228-111")
        assert store.history(1)[0].order_sn == "260228-111"
    assert (tmp_path / "store.sqlite3.v1.bak").is_file(), "the pre-upgrade file is kept"
    with Store(path) as again:  # reopening a current store is a no-op
        assert again.counts() == {"products": 1, "orders": 1, "coupons": 1, "history": 2}


def test_a_store_from_a_newer_csbot_is_refused_not_damaged(tmp_path):
    path = tmp_path / "store.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ShopDataError, match="newer csbot"):
        Store(path)


def test_a_file_that_is_not_a_database_is_a_readable_error(tmp_path):
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is a text file, not sqlite" * 100)
    with pytest.raises(ShopDataError, match="not a usable csbot store"):
        Store(path)


def test_a_missing_store_is_an_error_only_when_asked_not_to_create(tmp_path):
    with pytest.raises(ShopDataError, match="import products"):
        Store(tmp_path / "nope.sqlite3", create=False)


def test_upsert_counts_added_and_updated_and_replaces_skus(store):
    first = Product("p1", "短袖T恤", 59.9, 5, "男装", skus=(Sku("黑色,M", 5), Sku("白色,M", 0)))
    assert vars(store.upsert_products([first])) == {"added": 1, "updated": 0}
    second = Product("p1", "短袖T恤 新款", 49.9, 3, "男装", skus=(Sku("黑色,L", 3),))
    assert vars(store.upsert_products([second, Product("p2", "卫衣", 99, 1)])) == {"added": 1, "updated": 1}
    p1 = store.get_product("p1")
    assert p1.title == "短袖T恤 新款" and p1.price == 49.9
    assert [s.spec for s in p1.skus] == ["黑色,L"]
    assert p1.sku("颜色:黑色;尺码:L") is not None  # same SKU, another export's spelling


def test_orders_keep_their_items_and_times(store):
    order = Order(
        "260301-1",
        "已发货",
        88.0,
        items=(OrderItem("p1", "A", "黑色,M", 1), OrderItem("p2", "B", "", 2)),
        group_time=NOW,
        shipped_time=NOW + timedelta(hours=5),
        courier="中通快递",
        tracking_no="731234",
    )
    store.upsert_orders([order])
    assert store.get_order(" 260301-1 ") == order
    assert store.list_orders(status="待发货") == []


def test_best_coupon_fits_the_amount_is_valid_now_and_worth_the_most(store):
    store.upsert_coupons(
        [
            Coupon("a", "无门槛3元", 3, 0),
            Coupon("b", "满49减5", 5, 49, valid_until=NOW + timedelta(days=3)),
            Coupon("c", "满99减10", 10, 99),
            Coupon("d", "过期满10减20", 20, 10, valid_until=NOW - timedelta(days=1)),
            Coupon("e", "未开始满10减20", 20, 10, valid_from=NOW + timedelta(days=1)),
        ]
    )
    assert store.best_coupon(60, now=NOW).name == "满49减5"
    assert store.best_coupon(99, now=NOW).name == "满99减10"
    assert store.best_coupon(20, now=NOW).name == "无门槛3元"
    assert store.best_coupon(60, now=NOW + timedelta(days=10)).name == "未开始满10减20"  # started by then
    assert store.best_coupon(5, now=NOW) is None or store.best_coupon(5, now=NOW).threshold == 0


def test_history_newest_first_and_unknown_messages_listed(store):
    store.add_history("在吗", "greeting", "greeting/default", "亲在的", time=NOW)
    store.add_history("asdfgh", "unknown", None, "亲, 请问有什么可以帮您", time=NOW + timedelta(minutes=1))
    store.add_history(
        "黑色M码有吗", "stock", "stock/in_stock", "有的亲", override=True, time=NOW + timedelta(minutes=2)
    )
    assert [h.message for h in store.history(2)] == ["黑色M码有吗", "asdfgh"]
    assert store.history(1)[0].override is True
    assert [h.message for h in store.unknown_messages()] == ["asdfgh"]


def test_shift_times_moves_orders_coupons_and_restock_but_not_history(store):
    store.upsert_products([Product("p1", "A", 10, 0, "x", restock_date=date(2026, 3, 5))])
    store.upsert_orders([Order("o1", "待发货", 10, (OrderItem("p1"),), group_time=NOW, promise_ship_time=NOW)])
    store.upsert_coupons([Coupon("c", "券", 3, 0, valid_until=NOW)])
    store.add_history("在吗", "greeting", None, "在的", time=NOW)
    store.shift_times(timedelta(days=2, hours=3), restock_days=2)
    assert store.get_order("o1").group_time == NOW + timedelta(days=2, hours=3)
    assert store.coupons()[0].valid_until == NOW + timedelta(days=2, hours=3)
    assert store.get_product("p1").restock_date == date(2026, 3, 7)
    assert store.history()[0].time == NOW


def _catalogue() -> list[Product]:
    return [
        Product("tee", "夏季纯棉短袖T恤男宽松", 60, 0, "男装"),
        Product("tee2", "男士纯棉短袖T恤圆领", 55, 10, "男装"),
        Product("tee3", "宽松短袖T恤男潮牌", 66, 4, "男装"),
        Product("tee-sold", "纯棉短袖T恤男夏季", 58, 0, "男装"),  # out of stock: never suggested
        Product("tee-dear", "纯棉短袖T恤男高端", 99, 10, "男装"),  # outside the ±20% band
        Product("tee-women", "纯棉短袖T恤男女同款", 60, 10, "女装"),  # another category
        Product("shorts", "运动短裤男速干", 59, 10, "男装"),
    ]


def test_similar_items_same_category_in_stock_within_band_best_title_first(store):
    store.upsert_products(_catalogue())
    found = store.similar_products(store.get_product("tee"), band=0.2, limit=3)
    ids = [s.id for s in found]
    assert ids[:2] == ["tee2", "tee3"] or ids[:2] == ["tee3", "tee2"]
    assert set(ids) <= {"tee2", "tee3", "shorts"}
    assert "shorts" not in ids[:2], "a T恤 ranks above shorts for a T恤"
    assert store.similar_products(store.get_product("tee"), band=0.2, limit=1)[0].id in {"tee2", "tee3"}


def test_similar_items_follow_an_import_made_by_another_connection(store):
    store.upsert_products(_catalogue())
    tee = store.get_product("tee")
    assert "new" not in [s.id for s in store.similar_products(tee, limit=5)]
    with Store(store.path) as other:
        other.upsert_products([Product("new", "纯棉短袖T恤男新款", 61, 9, "男装")])
    assert "new" in [s.id for s in store.similar_products(tee, limit=5)]


def test_unrecognised_messages_are_kept_even_when_no_reply_was_copied(tmp_path):
    from datetime import datetime

    from csbot.store import Store

    with Store(tmp_path / "store.sqlite3") as store:
        store.note_unrecognised("多多果园怎么浇水", time=datetime(2026, 11, 20, 9, 0))
        store.note_unrecognised("多多果园怎么浇水", time=datetime(2026, 11, 21, 9, 0))
        store.add_history("你们招客服吗", "unknown", "unknown/01_general", "亲～", time=datetime(2026, 11, 22, 9, 0))
        listed = [entry.message for entry in store.unknown_messages()]
    assert listed == ["你们招客服吗", "多多果园怎么浇水"]


def test_similar_items_stay_with_the_same_buyers(store):
    store.upsert_products(
        [
            Product("m1", "男款透气跑步鞋 轻便减震", 199, 0, "鞋靴"),
            Product("w1", "女款透气跑步鞋 轻便减震", 199, 10, "鞋靴"),
            Product("m2", "男士缓震跑鞋 网面透气", 209, 10, "鞋靴"),
            Product("u1", "情侣款透气跑步鞋 男女同款", 189, 10, "鞋靴"),
        ]
    )
    ids = [s.id for s in store.similar_products(store.get_product("m1"), limit=5)]
    assert "w1" not in ids and ids[0] in {"m2", "u1"} and set(ids) == {"m2", "u1"}
    ids = [s.id for s in store.similar_products(store.get_product("u1"), limit=5)]
    assert set(ids) == {"w1", "m2"}, "an item for anyone may suggest either"
