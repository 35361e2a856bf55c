"""The default reply templates (templates/<intent>/<variant>.j2) under every shape of context.

Contexts follow docs/context.md: absent data is ``None`` or an empty list, never missing.
The checks: every intent answers an empty context, nothing errors for any combination of
order status, stock, similar items, coupon, restock date, entities and shop settings, no
reply carries a penalised phrase, leaked template syntax or an agent note, and the
stock-out playbook names the alternatives, their prices and the apology coupon.
"""

from __future__ import annotations

import copy
import functools
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from csbot.render import RenderProblem, TemplateSet, load_templates, short, yuan

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

INTENTS = (
    "greeting", "ship_urge", "logistics", "stock", "refund", "return_exchange", "quality", "wrong_missing",
    "price_coupon", "price_protect", "size", "product_info", "address_change", "invoice", "courier",
    "order_payment", "human", "thanks", "complaint", "review_reward", "unknown",
)
STATUSES = ("待发货", "已发货", "已签收", "售后中", "已取消")

# What a reply must never say (DOMAIN.md, research/penalised_phrases.json).  Plain substrings.
PENALISED = (
    # admitting a stock-out
    "没货", "没有货", "缺货", "断货", "无货", "卖完", "卖光", "售完", "售罄", "没库存", "没有库存", "库存不足",
    "库存紧张", "断码", "缺码", "停产", "发不了", "发不出", "无法发货", "没法发货",
    # coaching the refund reason
    "退款原因", "理由", "选其他", "拍错",
    # off-platform contact and payment
    "微信", "vx", "VX", "wx", "WX", "V信", "QQ", "qq", "扣扣", "加我", "好友", "私下", "私聊", "线下", "站外",
    "支付宝转账", "转账", "收款码", "二维码", "扫码", "手机号", "电话号码", "联系方式", "淘宝", "京东",
    # review inducement
    "返现", "返红包", "返券", "好评", "五星", "晒图", "晒单", "追评", "删差评", "改评价", "修改评价", "刷单",
    # fake shipping
    "先填单号", "先上传单号", "空包", "已经发货了", "随便发", "用别的代替",
    # abuse and brush-offs
    "爱买不买", "不买就别", "别烦", "懒得", "你自己看", "不关我", "关我什么事", "不归我管", "不知道", "没办法",
    "不可能",
    # absolute advertising claims and false promises
    "全网最低", "最低价", "最便宜", "史上", "顶级", "极品", "独一无二", "销量冠军", "遥遥领先", "NO.1", "No.1",
    "百分百", "100%", "绝对", "永久", "万能", "保证", "包您", "假一赔", "赔您", "补偿您", "给您赔",
)
# 最 and 第一 are ad-law words except in these ordinary expressions.
ALLOWED_ZUI = ("最晚", "最近", "最快", "最后")
ALLOWED_DIYI = ("第一时间", "第一次")
LEAKS = ("{{", "}}", "{%", "%}", "{#", "None", "none", "[]", "True", "False", "undefined", "<function", "<built-in")
NOTE = "已超时: 考虑缺货报备 (agent only)"
SIGNATURE = "—— 小美客服签名"

try:  # the full compliance guard is built by another engineer; use it when it is there
    from csbot.compliance import default_guard as _default_guard

    GUARD: Any = _default_guard()
except Exception:  # noqa: BLE001 - absent or not yet importable: the phrase list above still applies
    GUARD = None


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return load_templates(TEMPLATES_DIR)


# ---------------------------------------------------------------- contexts


SIMILAR = [
    {"id": "p201", "title": "加绒加厚卫衣女秋冬宽松连帽外套学生韩版", "price": 59.9, "stock": 120},
    {"id": "p202", "title": "纯棉圆领卫衣女春秋款", "price": 49.0, "stock": 35},
    {"id": "p203", "title": "复古美式半拉链卫衣女小个子上衣潮牌", "price": 62.5, "stock": 8},
    {"id": "p204", "title": "不该出现的第四个相似款", "price": 66.0, "stock": 3},
]
COUPONS = {
    "threshold": {"name": "店铺专享券", "amount": 5.0, "threshold": 49.0, "valid_until": "2026-03-31 23:59"},
    "no_threshold": {"name": "新人券", "amount": 3.0, "threshold": 0, "valid_until": None},
    "named": {"name": "满49减5", "amount": 5.0, "threshold": 49.0, "valid_until": None},
}


def shop(gift: str | None = None, compensation: str | None = None) -> dict[str, Any]:
    return {
        "name": "小美优选",
        "signature": SIGNATURE,
        "gift": gift,
        "compensation": compensation,
        "service_hours": "8:00-23:00",
    }


def entities(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "order_numbers": [], "tracking_numbers": [], "phones": [], "height_cm": None, "weight_jin": None,
        "foot_mm": None, "colours": [], "sizes": [], "amounts": [],
    }
    base.update(values)
    return base


def order(status: str = "待发货", *, out_of_stock: bool = False, overdue: bool = False,
          hours: float | None = 20.5, sku: str | None = "黑色 M", courier: str | None = "中通快递",
          tracking_no: str | None = "78912345678901", promise: str | None = "2026-03-05 14:00") -> dict[str, Any]:
    shipped = status in ("已发货", "已签收", "售后中")
    return {
        "sn": "260301-583920174650213",
        "status": status,
        "title": "秋冬新款加绒连帽卫衣女宽松百搭外套",
        "sku": sku,
        "items": [{"product_id": "p100", "title": "秋冬新款加绒连帽卫衣女宽松百搭外套", "sku": sku or "",
                   "qty": 1, "in_stock": not out_of_stock}],
        "amount": 56.8,
        "group_time": "2026-03-03 14:00",
        "promise_ship_time": promise,
        "shipped_time": "2026-03-04 09:30" if shipped else None,
        "courier": courier if shipped else None,
        "tracking_no": tracking_no if shipped else None,
        "hours_to_deadline": None if shipped else (-3.0 if overdue else hours),
        "overdue": overdue and not shipped,
        "out_of_stock": out_of_stock,
    }


def product(in_stock: bool = True, specs: Any = (), category: str = "女装/卫衣") -> dict[str, Any]:
    return {
        "id": "p100", "title": "秋冬新款加绒连帽卫衣女宽松百搭外套", "category": category, "price": 56.8,
        "stock": 40 if in_stock else 0, "in_stock": in_stock, "restock_date": None if in_stock else "3月12日",
        "specs": list(specs) if specs is not None else None,
    }


def context(intent: str = "unknown", **values: Any) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "shop": shop(),
        "message": "在吗",
        "intent": intent,
        "intents": [{"id": intent, "label": intent, "score": 0.9}],
        "entities": entities(),
        "order": None,
        "product": None,
        "similar_items": [],
        "coupon": None,
        "restock_date": None,
        "notes": [NOTE],
    }
    ctx.update(values)
    return ctx


def order_variants() -> list[dict[str, Any] | None]:
    orders: list[dict[str, Any] | None] = [None]
    for status in STATUSES:
        orders.append(order(status))
        orders.append(order(status, out_of_stock=True, sku=None, courier=None, tracking_no=None, promise=None))
    orders += [
        order("待发货", overdue=True),
        order("待发货", hours=None),
        order("待发货", hours=None, promise=None),
        order("待发货", hours=0.3),
        order("待发货", hours=200.0, promise=None),
        order("待发货", out_of_stock=True, overdue=True),
    ]
    return orders


SKUS = [{"spec": "黑色 M", "stock": 12, "in_stock": True}, {"spec": "黑色 L", "stock": 0, "in_stock": False}]
PRODUCTS = [None, product(True), product(False), product(True, specs=SKUS), product(True, specs=["黑色", "白色"]),
            product(False, specs=[{"spec": "白色 S", "stock": 0, "in_stock": False}]),
            product(True, category="女鞋/运动鞋")]
ENTITY_SETS = [
    entities(),
    entities(height_cm=165, weight_jin=110.0, colours=["黑色"], sizes=["M"]),
    entities(height_cm=180),
    entities(weight_jin=150.0),
    entities(foot_mm=240),
    entities(order_numbers=["260301-583920174650213"], tracking_numbers=["YT1234567890123"],
             phones=["138****5678"], amounts=[20.0], sizes=["38码", "XL"]),
]


def all_contexts():
    """A broad sweep: every order shape and product crossed with data presence and settings."""
    data = itertools.product(
        [[], SIMILAR[:1], SIMILAR[:3]],
        [None, COUPONS["threshold"], COUPONS["no_threshold"], COUPONS["named"]],
        [None, "3月12日"],
    )
    shops = [shop(), shop(gift="小袜子一双", compensation="3元无门槛券")]
    for index, (the_order, the_product) in enumerate(itertools.product(order_variants(), PRODUCTS)):
        for similar, coupon, restock in data if index == 0 else _sample(index):
            yield context(
                order=copy.deepcopy(the_order),
                product=copy.deepcopy(the_product),
                similar_items=similar,
                coupon=coupon,
                restock_date=restock,
                entities=ENTITY_SETS[index % len(ENTITY_SETS)],
                shop=shops[index % 2],
            )


def _sample(index: int):
    """A rotating slice of the data combinations, so every pair occurs without a full cross product."""
    combos = list(itertools.product(
        [[], SIMILAR[:1], SIMILAR[:3]],
        [None, COUPONS["threshold"], COUPONS["no_threshold"], COUPONS["named"]],
        [None, "3月12日"],
    ))
    return [combos[(index + k * 5) % len(combos)] for k in range(4)] + [([], None, None), (SIMILAR, None, None)]


@pytest.fixture(scope="module")
def sweep(templates) -> list[tuple[dict[str, Any], str, str]]:
    """(context, variant, text) for every intent over every context of the sweep; renders once."""
    out = []
    for ctx in all_contexts():
        for intent in INTENTS:
            ctx = dict(ctx, intent=intent)
            replies = render_all(templates, intent, ctx)
            assert replies, (intent, ctx["order"], ctx["product"])
            out += [(ctx, name, text) for name, text in replies]
    return out


def render_all(templates: TemplateSet, intent: str, ctx: dict[str, Any]) -> list[tuple[str, str]]:
    """(variant, text) for every variant that applies; a render problem fails the test."""
    out = []
    for variant in templates.for_intent(intent):
        result = templates.render(variant, ctx)
        assert not isinstance(result, RenderProblem), f"{variant.name}: {result.message}"
        if result:
            out.append((variant.name, result))
    return out


def first_reply(templates: TemplateSet, intent: str, ctx: dict[str, Any]) -> tuple[str, str]:
    replies = render_all(templates, intent, ctx)
    assert replies, f"{intent}: no variant applies"
    return replies[0]


def problems_in(text: str, ctx: dict[str, Any]) -> list[str]:
    found = [p for p in PENALISED if p in text]
    found += [leak for leak in LEAKS if leak in text]
    if "最" in re.sub("|".join(ALLOWED_ZUI), "", text):
        found.append("最")
    if "第一" in re.sub("|".join(ALLOWED_DIYI), "", text):
        found.append("第一")
    for note in ctx["notes"]:
        if note in text:
            found.append("agent note")
    if ctx["shop"]["signature"] and ctx["shop"]["signature"] in text:
        found.append("signature (the engine appends it)")
    found += [f"invented amount {a}" for a in invented_amounts(text, ctx)]
    found += guard_blocking(text)
    return found


@functools.cache
def guard_blocking(text: str) -> list[str]:
    if GUARD is None:
        return []
    return [f"guard: {violation}" for violation in GUARD.blocking(text)]


def invented_amounts(text: str, ctx: dict[str, Any]) -> list[str]:
    """Money in a reply must come from the data (prices, coupon) or the configured compensation."""
    allowed = set()
    for item in ctx["similar_items"]:
        allowed.add(yuan(item["price"]))
    for source in (ctx["coupon"], ctx["product"], ctx["order"]):
        for key in ("amount", "threshold", "price"):
            if source and source.get(key) is not None:
                allowed.add(yuan(source[key]))
    if ctx["shop"]["compensation"]:
        text = text.replace(ctx["shop"]["compensation"], "")
    return [m for m in re.findall(r"\d+(?:\.\d+)?元", text) if m not in allowed]


# ---------------------------------------------------------------- tests


def test_every_intent_has_two_to_five_variants_that_compile(templates):
    assert sorted(templates.files) == sorted(INTENTS)
    for intent in INTENTS:
        variants = templates.for_intent(intent)
        assert 2 <= len(variants) <= 5, intent
        for variant in variants:
            assert variant.error is None, variant.error


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_answers_an_empty_context(templates, intent):
    ctx = context(intent)
    replies = render_all(templates, intent, ctx)
    assert replies, f"{intent}: no variant renders for an empty context"
    for name, text in replies:
        assert problems_in(text, ctx) == [], (name, text)


def test_no_combination_errors_or_says_anything_penalised(sweep):
    assert len(sweep) > 10_000
    for ctx, name, text in sweep:
        assert problems_in(text, ctx) == [], (name, text)
        assert len(text) <= 260 and text.count("\n") <= 4, (name, text)


def test_replies_are_warm_chat_lines(templates):
    ctx = context()
    for intent in INTENTS:
        _, text = first_reply(templates, intent, ctx)
        assert "亲" in text, (intent, text)


@pytest.mark.parametrize("intent", ["ship_urge", "stock"])
@pytest.mark.parametrize("coupon_key", ["threshold", "no_threshold"])
def test_stock_out_order_offers_similar_items_coupon_date_and_refund(templates, intent, coupon_key):
    coupon = COUPONS[coupon_key]
    ctx = context(intent, order=order("待发货", out_of_stock=True), similar_items=SIMILAR,
                  coupon=coupon, restock_date="3月12日", shop=shop(gift="小袜子一双"))
    name, text = first_reply(templates, intent, ctx)
    assert "out_of_stock" in name
    for item in SIMILAR[:3]:
        assert short(item["title"]) in text and yuan(item["price"]) in text, text
    assert SIMILAR[3]["title"] not in text, "at most three alternatives"
    assert coupon["name"] in text and yuan(coupon["amount"]) in text
    assert "小袜子一双" in text and "3月12日" in text
    assert "抱歉" in text and "申请退款" in text
    assert problems_in(text, ctx) == []


@pytest.mark.parametrize("intent", ["ship_urge", "stock"])
def test_stock_out_order_without_data_still_apologises_and_offers_refund(templates, intent):
    ctx = context(intent, order=order("待发货", out_of_stock=True))
    name, text = first_reply(templates, intent, ctx)
    assert "out_of_stock" in name
    assert "抱歉" in text and "稍等" in text and "申请退款" in text
    assert "①" not in text and "为表歉意" not in text
    assert problems_in(text, ctx) == []


def test_stock_out_apology_uses_configured_compensation_verbatim(templates):
    ctx = context("ship_urge", order=order("待发货", out_of_stock=True), shop=shop(compensation="3元无门槛券"))
    _, text = first_reply(templates, "ship_urge", ctx)
    assert "3元无门槛券" in text


def test_out_of_stock_product_question_offers_alternatives_but_no_refund_talk(templates):
    ctx = context("stock", product=product(False), similar_items=SIMILAR[:2], coupon=COUPONS["threshold"],
                  restock_date="3月12日", entities=entities(colours=["黑色"], sizes=["M"]))
    name, text = first_reply(templates, "stock", ctx)
    assert "out_of_stock" in name
    assert "黑色M码" in text and "3月12日" in text and "店铺专享券" in text
    for item in SIMILAR[:2]:
        assert short(item["title"]) in text and yuan(item["price"]) in text
    assert "退款" not in text
    assert problems_in(text, ctx) == []


def test_out_of_stock_product_without_alternatives_does_not_invite_an_order(templates):
    ctx = context("stock", product=product(False), coupon=COUPONS["threshold"], shop=shop(gift="小袜子一双"))
    _, text = first_reply(templates, "stock", ctx)
    assert "下单" not in text and "店铺专享券" not in text and "小袜子一双" not in text
    assert "收藏" in text and problems_in(text, ctx) == []


def test_coupon_named_by_its_rule_is_not_spelt_out_twice(templates):
    for intent in ("ship_urge", "stock", "price_coupon"):
        ctx = context(intent, order=order("待发货", out_of_stock=True), coupon=COUPONS["named"])
        _, text = first_reply(templates, intent, ctx)
        assert "「满49减5」" in text and "满49元减5元" not in text, text


def test_stock_out_names_the_item_that_waits_in_a_multi_item_order(templates):
    the_order = order("待发货", out_of_stock=True)
    the_order["items"] = [
        {"product_id": "p1", "title": "秋冬新款加绒连帽卫衣女", "sku": "黑色 M", "qty": 1, "in_stock": True},
        {"product_id": "p2", "title": "加厚羊羔绒打底裤", "sku": "灰色 L", "qty": 2, "in_stock": False},
    ]
    for intent in ("ship_urge", "stock"):
        _, text = first_reply(templates, intent, context(intent, order=the_order))
        assert "加厚羊羔绒打底裤（灰色 L）" in text and "连帽卫衣" not in text, text


def test_product_info_lists_only_specs_that_can_be_bought(templates):
    ctx = context("product_info", product=product(True, specs=SKUS))
    _, text = first_reply(templates, "product_info", ctx)
    assert "56.8元" in text and "黑色 M" in text and "黑色 L" not in text


def test_in_stock_product_is_not_treated_as_a_stock_out(templates):
    ctx = context("stock", product=product(True), similar_items=SIMILAR)
    name, text = first_reply(templates, "stock", ctx)
    assert "in_stock" in name and "调货" not in text and SIMILAR[0]["title"][:5] not in text


def test_shipped_order_with_stale_stock_flag_gets_the_shipped_answer(templates):
    ctx = context("ship_urge", order=order("已发货", out_of_stock=True))
    name, text = first_reply(templates, "ship_urge", ctx)
    assert "shipped" in name and "调货" not in text


def test_pending_order_says_when_it_ships(templates):
    name, text = first_reply(templates, "ship_urge", context("ship_urge", order=order("待发货", hours=20.5)))
    assert "pending" in name and "21小时内" in text
    for hours in (None, 200.0):
        _, text = first_reply(templates, "ship_urge", context("ship_urge", order=order("待发货", hours=hours)))
        assert "2026-03-05 14:00" in text and "小时内" not in text
    _, text = first_reply(templates, "ship_urge", context("ship_urge", order=order("待发货", overdue=True),
                                                         shop=shop(gift="小袜子一双")))
    assert "抱歉" in text and "小袜子一双" in text and "小时内" not in text


def test_shipped_order_names_courier_and_tracking_number(templates):
    for intent in ("logistics", "ship_urge", "courier"):
        _, text = first_reply(templates, intent, context(intent, order=order("已发货")))
        assert "中通快递" in text and "78912345678901" in text, (intent, text)


def test_unshipped_order_never_claims_to_be_shipped(templates):
    for oos in (False, True):
        ctx = context("logistics", order=order("待发货", out_of_stock=oos))
        _, text = first_reply(templates, "logistics", ctx)
        assert "还没有" in text and "单号" not in text.replace("就能看到单号", "")


def test_order_status_picks_the_matching_variant(templates):
    expected = {
        ("refund", "待发货"): "pending", ("refund", "已发货"): "shipped", ("refund", "售后中"): "after_sale",
        ("logistics", "已签收"): "signed", ("address_change", "待发货"): "pending",
        ("address_change", "已发货"): "shipped", ("return_exchange", "已签收"): "received",
        ("quality", "已签收"): "order", ("wrong_missing", "已签收"): "order",
    }
    for (intent, status), part in expected.items():
        name, _ = first_reply(templates, intent, context(intent, order=order(status)))
        assert part in name, (intent, status, name)


@pytest.mark.parametrize(
    ("values", "advice"),
    [
        ({"height_cm": 165, "weight_jin": 110.0}, "建议拍M码"),
        ({"height_cm": 160, "weight_jin": 90.0}, "建议拍S码"),
        ({"height_cm": 178, "weight_jin": 120.0}, "建议拍XL码"),
        ({"height_cm": 170, "weight_jin": 150.0}, "建议拍2XL码"),
        ({"weight_jin": 130.0}, "建议拍XL码"),
        ({"height_cm": 168}, "建议拍L码"),
        ({"foot_mm": 240}, "建议拍38码"),
        ({"foot_mm": 252}, "建议拍40码"),
    ],
)
def test_size_advice_from_measurements(templates, values, advice):
    ctx = context("size", entities=entities(**values))
    name, text = first_reply(templates, "size", ctx)
    assert "measured" in name and advice in text and "尺码表" in text, text
    if "foot_mm" not in values and ("height_cm" not in values or "weight_jin" not in values):
        assert "方便再告诉我" in text


def test_size_advice_only_where_it_makes_sense(templates):
    kitchen = product(category="厨房用品")
    for ctx in (context("size", product=kitchen, entities=entities(height_cm=165, weight_jin=110.0)),
                context("size", entities=entities(foot_mm=40))):
        _, text = first_reply(templates, "size", ctx)
        assert "建议拍" not in text, text


def test_size_without_measurements_asks_for_them(templates):
    _, text = first_reply(templates, "size", context("size"))
    assert "身高" in text and "体重" in text and "建议拍" not in text
    ctx = context("size", product=product(category="女鞋/运动鞋"), entities=entities(height_cm=165))
    _, text = first_reply(templates, "size", ctx)
    assert "脚长" in text and "建议拍" not in text


def test_review_reward_promises_nothing(templates):
    for ctx in (context("review_reward"), context("review_reward", order=order("已签收"), coupon=COUPONS["threshold"],
                                                  shop=shop(gift="小袜子一双", compensation="3元无门槛券"))):
        for _, text in render_all(templates, "review_reward", ctx):
            for word in ("返", "红包", "券", "送", "元", "优惠", "奖", "小袜子", "赠"):
                assert word not in text, (word, text)


def test_compensation_is_offered_only_when_configured(sweep):
    for ctx, name, text in sweep:
        if not ctx["shop"]["compensation"]:
            assert "赔" not in text.replace("运费险理赔", "") and "补偿" not in text, (name, text)


def test_agent_can_read_the_guard_result_when_the_guard_exists():
    if GUARD is None:
        pytest.skip("csbot.compliance is not available yet; the phrase list in this file applies")
    assert GUARD.blocking("亲，这款没货了") != []


def test_payment_outside_the_platform_is_steered_back_without_naming_the_channel(templates):
    cases = {
        "可以货到付款吗": "不支持货到付款",
        "收到货再付钱行不行": "不支持货到付款",
        "我直接微信转给你吧": "下单页面完成",
        "能不能支付宝转账 便宜点": "下单页面完成",
    }
    for message, says in cases.items():
        name, text = first_reply(templates, "order_payment", context("order_payment", message=message))
        assert "off_platform" in name and says in text, (message, text)
        assert "微信" not in text and "支付宝" not in text and "转账" not in text
    for message in ("怎么拼单", "能用微信支付吗", "付款失败了"):
        name, _ = first_reply(templates, "order_payment", context("order_payment", message=message))
        assert "off_platform" not in name, message


def test_a_gift_question_is_answered_about_gifts_not_coupons(templates):
    for message in ("有赠品吗", "这个手表跟手机膜是一块送么?", "会送东西吗"):
        ctx = context("price_coupon", message=message, coupon=COUPONS["threshold"])
        name, text = first_reply(templates, "price_coupon", ctx)
        assert "gift" in name and "赠品" in text and "券" not in text, (message, text)
    name, _ = first_reply(templates, "price_coupon", context("price_coupon", message="买两件有优惠吗"))
    assert "gift" not in name
