"""CSV import: what a shop owner sees when importing PDD exports, good and bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from csbot.cli import main
from csbot.errors import ShopDataError
from csbot.importer import ImportRejected, import_file, parse_mapping, parse_text
from csbot.store import Store

CSV = Path(__file__).parent / "data" / "csv"


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.sqlite3") as s:
        yield s


def test_gbk_file_with_chinese_headers_imports_products_with_skus(store):
    result = import_file(store, "products", CSV / "products_gbk.csv")
    assert (result.encoding, result.rows, result.added, result.updated) == ("gbk", 7, 5, 0)
    tee = store.get_product("100000000001")  # Excel's ="…" quoting removed
    assert tee.title == "夏季纯棉短袖T恤男宽松圆领上衣" and tee.category == "男装"
    assert tee.price == 59.9 and tee.stock == 17
    assert [(s.spec, s.stock) for s in tee.skus] == [("黑色,M", 12), ("黑色,L", 0), ("白色,M", 5)]
    assert tee.restock_date.isoformat() == "2026-03-10"
    assert store.get_product("100000000005").restock_date.isoformat() == "2026-03-12"  # 2026/3/12


def test_utf8_bom_reimport_updates_by_id(store):
    import_file(store, "products", CSV / "products_gbk.csv")
    result = import_file(store, "products", CSV / "products_update_utf8bom.csv")
    assert (result.encoding, result.added, result.updated) == ("utf-8-sig", 1, 1)
    assert store.get_product("100000000002").price == 52.0
    assert store.counts()["products"] == 6


def test_malformed_file_names_line_and_value_and_leaves_the_store_unchanged(store):
    import_file(store, "products", CSV / "products_gbk.csv")
    before = store.list_products()
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "products", CSV / "products_bad_price.csv")
    message = str(caught.value)
    assert message.startswith("products_bad_price.csv: rejected, nothing imported")
    assert "line 3: 价格 'abc' is not a number" in message
    assert "line 5: 库存 '-3'" in message
    assert "\n" not in message
    assert caught.value.problems == [
        "line 3: 价格 'abc' is not a number",
        "line 5: 库存 '-3' must be a number >= 0",
    ]
    assert store.list_products() == before, "the good rows of a bad file are not imported either"


def test_missing_required_column_says_which_and_how_to_map_it(store):
    with pytest.raises(ImportRejected, match=r"missing required column 价格 \(price\).*--map 'YourColumn=price'"):
        import_file(store, "products", CSV / "products_missing_column.csv")


def test_broken_quoting_names_the_line(store):
    with pytest.raises(ImportRejected, match="line 3: broken quoting"):
        import_file(store, "products", CSV / "products_broken_quote.csv")
    assert store.counts()["products"] == 0


def test_column_mapping_imports_another_tools_export(store):
    mapping = parse_mapping("货号=id, 名称=title，售价=price,数量=stock,分类=category")
    result = import_file(store, "products", CSV / "products_other_export.csv", mapping=mapping)
    assert result.added == 2
    cable = store.get_product("500000000002")
    assert (cable.title, cable.price, cable.stock, cable.category) == ("快充数据线2米", 19.9, 0, "数码配件")


def test_mapping_to_an_unknown_field_lists_the_fields(store):
    with pytest.raises(ShopDataError, match="'cost' is not a products field.*price"):
        import_file(store, "products", CSV / "products_other_export.csv", mapping={"售价": "cost"})
    with pytest.raises(ShopDataError, match="not COLUMN=field"):
        parse_mapping("售价")


def test_orders_statuses_items_and_amounts(store):
    result = import_file(store, "orders", CSV / "orders_utf8bom.csv")
    assert (result.rows, result.added) == (5, 4)
    shipped = store.get_order("260301-000000000000002")
    assert shipped.status == "已发货"  # exported as "已发货，待签收"
    assert [(i.product_id, i.qty) for i in shipped.items] == [("100000000002", 2), ("100000000003", 1)]
    assert shipped.amount == 149.0  # two rows of one order add up
    assert (shipped.courier, shipped.tracking_no) == ("中通快递", "73123456789012")
    assert store.get_order("260301-000000000000003").status == "售后中"  # 售后状态 退款中
    assert store.get_order("260301-000000000000004").status == "已取消"  # 交易关闭
    pending = store.get_order("260301-000000000000001")
    assert pending.items[0].sku == "黑色,L" and pending.promise_ship_time.hour == 8


def test_bad_dates_and_unknown_statuses_are_reported_together(store):
    with pytest.raises(ImportRejected) as caught:
        import_file(store, "orders", CSV / "orders_bad.csv")
    assert caught.value.problems == [
        "line 2: 成团时间 '2026-13-01 08:00' is not a date and time like 2026-03-01 14:30",
        "line 4: 订单状态 '拼单中啦' is not one of 待发货, 已发货, 已签收, 售后中, 已取消",
    ]
    assert store.counts()["orders"] == 0


def test_coupons_import(store):
    assert import_file(store, "coupons", CSV / "coupons.csv").added == 5
    assert {c.name for c in store.coupons()} >= {"店铺新人券", "满199减30"}


def test_wrong_encoding_names_the_line(store):
    with pytest.raises(ImportRejected, match="line 1 is not valid utf-8 text"):
        import_file(store, "products", CSV / "products_gbk.csv", encoding="utf-8")


def test_duplicate_rows_in_one_file_are_rejected():
    text = "商品ID,商品名称,价格,库存,规格\n1,A,1,1,黑色\n1,A,1,1,黑色\n"
    with pytest.raises(ImportRejected, match="line 3: 商品ID 1 has 规格 '黑色' twice \\(also line 2\\)"):
        parse_text("products", text)


def test_many_problems_are_summarised_on_one_line():
    rows = "".join(f"{n},A,x{n},1\n" for n in range(30))
    with pytest.raises(ImportRejected) as caught:
        parse_text("products", "商品ID,商品名称,价格,库存\n" + rows, name="big.csv")
    assert str(caught.value).startswith("big.csv: rejected, nothing imported, 30 problem(s) (showing 5 of 30)")
    assert len(caught.value.problems) == 30


def test_cli_import_prints_counts(tmp_path, capsys):
    shop = tmp_path / "shop"
    shop.mkdir()
    code = main(["--shop", str(shop), "import", "products", str(CSV / "products_gbk.csv")])
    assert code == 0
    assert "5 added, 0 updated" in capsys.readouterr().out
    code = main(["import", "products", str(CSV / "products_update_utf8bom.csv"), "--shop", str(shop)])
    assert code == 0 and "1 added, 1 updated" in capsys.readouterr().out


def test_cli_rejects_a_bad_file_with_nonzero_exit_and_the_line(tmp_path, capsys):
    shop = tmp_path / "shop"
    shop.mkdir()
    code = main(["--shop", str(shop), "import", "products", str(CSV / "products_bad_price.csv")])
    assert code != 0
    err = capsys.readouterr().err
    assert "line 3: 价格 'abc' is not a number" in err
    with Store.for_shop(shop) as store:
        assert store.counts()["products"] == 0


def test_cli_dry_run_writes_nothing(tmp_path, capsys):
    shop = tmp_path / "shop"
    shop.mkdir()
    code = main(["--shop", str(shop), "import", "coupons", str(CSV / "coupons.csv"), "--dry-run"])
    assert code == 0 and "5 added" in capsys.readouterr().out
    with Store.for_shop(shop) as store:
        assert store.counts()["coupons"] == 0
