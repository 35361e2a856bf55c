"""The bundled demo shop: realistic, always 'now', and it keeps the agent's history and edits."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from csbot import paths
from csbot.demo import ensure_demo_shop
from csbot.store import Store

NOW = datetime(2027, 7, 15, 9, 30)  # long after the CSVs' anchor: the demo must still look current


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CSBOT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_demo_shop_is_realistic_and_current(home):
    root = ensure_demo_shop(now=NOW)
    assert root == paths.demo_shop_dir()
    with Store.for_shop(root) as store:
        products = store.list_products(limit=10_000)
        assert len(products) >= 150
        assert len({p.category for p in products}) >= 8
        assert sum(not p.in_stock for p in products) >= 5
        assert any(p.restock_date and p.restock_date > NOW.date() for p in products if not p.in_stock)
        orders = store.list_orders(limit=10_000)
        statuses = Counter(o.status for o in orders)
        for status in ("待发货", "已发货", "已签收", "售后中"):
            assert statuses[status] >= 50, statuses
        pending = [o for o in orders if o.status == "待发货"]
        left = [(o.promise_ship_time - NOW).total_seconds() / 3600 for o in pending]
        assert any(0 < h < 8 for h in left), "some orders are close to the ship deadline"
        assert any(h < 0 for h in left), "some are past it"
        assert all(o.group_time <= NOW for o in orders if o.group_time)
        quiet = [o for o in orders if o.status == "已发货" and o.trace_time is None]
        assert any((NOW - o.shipped_time) > timedelta(hours=24) for o in quiet)
        assert any(o.valid_at(NOW) for o in store.coupons())


def test_demo_times_follow_the_clock_and_history_survives_a_rebuild(home):
    root = ensure_demo_shop(now=NOW)
    with Store.for_shop(root) as store:
        first = store.list_orders(status="待发货", limit=1)[0]
        store.add_history("发货了吗", "ship_urge", "ship_urge/default", "亲…", order_sn=first.sn, time=NOW)
    later = NOW + timedelta(days=3)
    ensure_demo_shop(now=later)
    with Store.for_shop(root) as store:
        moved = store.get_order(first.sn)
        assert moved.group_time - first.group_time == timedelta(days=3)
        assert store.history()[0].time == NOW, "history is what happened: never shifted"
    ensure_demo_shop(now=later, rebuild=True)
    with Store.for_shop(root) as store:
        [entry] = store.history()
        assert (entry.message, entry.order_sn) == ("发货了吗", first.sn)
        assert store.get_order(first.sn).group_time == moved.group_time


def test_demo_keeps_a_template_the_user_edited(home):
    root = ensure_demo_shop(now=NOW)
    templates = sorted((root / paths.TEMPLATES_DIR).rglob("*.j2"))
    if not templates:
        pytest.skip("no default templates in this checkout yet")
    edited = templates[0]
    edited.write_text("{{ shop.name }} 自己改的\n", encoding="utf-8")
    ensure_demo_shop(now=NOW)
    assert edited.read_text(encoding="utf-8") == "{{ shop.name }} 自己改的\n"
    edited.unlink()
    ensure_demo_shop(now=NOW)
    assert edited.is_file(), "a deleted default comes back"


def test_importing_into_the_demo_shop_stops_its_time_shifting(home, capsys):
    from csbot.cli import main

    csv_dir = Path(__file__).parent / "data" / "csv"

    root = ensure_demo_shop(now=NOW)
    assert main(["import", "orders", str(csv_dir / "orders_utf8bom.csv")]) == 0
    assert "demo shop" in capsys.readouterr().err
    with Store.for_shop(root) as store:
        before = store.get_order("260301-000000000000001").group_time
    ensure_demo_shop(now=NOW + timedelta(days=2))
    with Store.for_shop(root) as store:
        assert store.get_order("260301-000000000000001").group_time == before


def test_a_default_template_no_longer_shipped_leaves_the_demo_shop_unless_edited(home):
    import json

    from csbot import demo

    root = ensure_demo_shop(now=NOW)
    manifest = json.loads((root / demo.MANIFEST).read_text(encoding="utf-8"))
    retired = root / paths.TEMPLATES_DIR / "refund" / "09_retired.j2"
    kept = root / paths.TEMPLATES_DIR / "refund" / "09_retired_but_edited.j2"
    for path in (retired, kept):
        path.write_text("亲，旧版本的回复～\n", encoding="utf-8")
        # As an earlier csbot would have recorded its own copy:
        manifest["files"][path.relative_to(root).as_posix()] = demo._hash(path)
    (root / demo.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    kept.write_text("亲，店主改过的回复～\n", encoding="utf-8")
    ensure_demo_shop(now=NOW)
    assert not retired.exists(), "an old default would answer beside its replacement"
    assert kept.read_text(encoding="utf-8") == "亲，店主改过的回复～\n"
