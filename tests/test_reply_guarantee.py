"""Compliance is a guarantee: whatever the buyer writes and whatever a template does with
it, no text csbot offers as the reply contains a blocking phrase."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csbot.pipeline import Engine
from csbot.shop import load_shop

RISKY = [
    "没货",
    "沒貨",
    "缺货",
    "断货",
    "卖完了",
    "加微信",
    "vx",
    "好评返现",
    "爱买不买",
    "空包",
    "全网最低",
    "在吗",
    "发货",
]

buyer_messages = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(RISKY + ["亲", " ", "？", "😂", "M码", "退款"]), max_size=12).map("".join),
)


@pytest.fixture(scope="module")
def echoing_engine(tmp_path_factory, demo_shop):
    """A shop whose owner wrote templates that repeat the buyer's words back, the worst
    case: the buyer's own 没货 would otherwise reach the reply."""
    root = tmp_path_factory.mktemp("echo") / "shop"
    shutil.copytree(demo_shop.root, root)
    for intent in ("unknown", "greeting", "stock", "ship_urge"):
        folder = root / "templates" / intent
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "00_echo.j2").write_text("亲，您说的是：{{ message }}\n我们马上处理～", encoding="utf-8")
    return Engine(load_shop(root))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(message=buyer_messages)
def test_the_reply_offered_never_carries_a_blocking_phrase(echoing_engine, message):
    analysis = echoing_engine.analyse(message)
    best = analysis.best
    guard = echoing_engine.shop.guard
    if best is not None:
        assert guard.blocking(best.text) == []
    for candidate in analysis.candidates:
        assert candidate.blocked == bool(guard.blocking(candidate.text))


def test_an_echoed_stock_out_word_is_blocked_and_a_clean_reply_is_offered(echoing_engine):
    analysis = echoing_engine.analyse("是不是没货了")
    echoed = [c for c in analysis.candidates if c.template.endswith("00_echo")]
    assert echoed and all(c.blocked for c in echoed)
    assert analysis.best is not None and "没货" not in analysis.best.text
