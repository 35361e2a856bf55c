"""The matcher on a tiny hand-written catalogue, so these tests do not move when the
bundled catalogue grows."""

from pathlib import Path

import pytest

from csbot.catalogue import load_catalogue, parse_catalogue
from csbot.errors import IntentsFileError
from csbot.intents import Matcher

MINI = Path(__file__).parent / "data" / "shops" / "mini" / "intents.toml"


@pytest.fixture(scope="module")
def matcher():
    return Matcher(load_catalogue(MINI))


def test_scores_are_ranked_and_between_zero_and_one(matcher):
    result = matcher.classify("怎么还不发货")
    assert result.top == "ship_urge"
    scores = [item.score for item in result.intents]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


def test_two_requests_in_one_line_are_both_found_first_one_first(matcher):
    result = matcher.classify("怎么还不发货 不发就退款了")
    ids = [item.id for item in result.detected()]
    assert ids[:2] == ["ship_urge", "refund"]


def test_the_request_comes_before_the_threat_however_the_threat_is_worded(demo_shop):
    """Shops file "不发就退款" lines under refund, so the word model reads the whole message
    as a refund; the buyer still asked for shipping first."""
    for text in ("还没发货吗 不发就退款", "还没发货吗 不发就退款了", "啥时候发货啊 再不发我就退款"):
        ids = [item.id for item in demo_shop.matcher.classify(text).detected()]
        assert ids[:2] == ["ship_urge", "refund"], text


def test_a_bare_order_or_waybill_number_is_not_a_question_about_ordering(demo_shop):
    matcher = demo_shop.matcher
    for text in ("订单号：261120-583920174650213", "261120-583920174650213", "单号 SF1234567890123", "订单号:[订单x]"):
        assert matcher.classify(text).top == "unknown", text
    assert matcher.classify("订单号 261120-583920174650213 怎么还不发货").top == "ship_urge"


def test_longer_keyword_of_another_intent_wins(matcher):
    assert matcher.classify("我要退货退款").top == "return_exchange"


def test_greeting_yields_to_a_real_request(matcher):
    assert matcher.classify("在吗").top == "greeting"
    assert matcher.classify("你好 我想退货").top == "return_exchange"


def test_traditional_characters_and_full_width_match(matcher):
    assert matcher.classify("怎麼還不發貨").top == "ship_urge"
    assert matcher.classify("ｎｉ好 在嗎").top == "greeting"


def test_nothing_confident_is_unknown_with_a_reason(matcher):
    for text in ["", "   ", "😂😂😂", "!!!???", "量子力学的基本原理是什么"]:
        result = matcher.classify(text)
        assert result.top == "unknown", text
        assert result.reason


def test_out_of_scope_examples_pull_to_unknown(matcher):
    assert matcher.classify("今天天气真好啊").top == "unknown"


def test_explanation_names_the_cue_and_the_runner_up(matcher):
    why = matcher.classify("怎么还不发货 不发就退款了").explain()
    assert why["top"] == "ship_urge"
    assert any("发" in k for k in why["keywords"])
    assert why["runner_up"] == "refund"
    assert why["margin"] is not None and why["margin"] >= 0
    assert "发货" in why["tokens"] or "不发货" in why["tokens"]


def test_negative_examples_push_an_intent_down(matcher):
    result = matcher.classify("退款到账了吗")
    assert result.top != "return_exchange"


def test_huge_message_is_classified_quickly(matcher):
    import time

    started = time.perf_counter()
    matcher.classify("怎么还不发货" * 200_000)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("[[intent]]\nlabel='x'", "needs an id"),
        ("[[intent]]\nid='a'\n[[intent]]\nid='a'", "defined twice"),
        ("[[intent]]\nid='a'\nexamples='x'", "list of strings"),
        ("[[intent]]\nid='a'\nexampels=['x']", "unknown field"),
        ("id = ", "intents file"),
        ("", "no [[intent]]"),
    ],
)
def test_broken_intents_file_gives_a_readable_error(text, message):
    with pytest.raises(IntentsFileError, match=message.replace("[", r"\[")):
        parse_catalogue(text)


def test_a_threat_ranks_behind_the_request_it_is_attached_to(matcher):
    for text in ("再不发货我就要退款了", "快点发货 不然就退款"):
        ids = [item.id for item in matcher.classify(text).detected()]
        assert ids[:2] == ["ship_urge", "refund"], text
    assert matcher.classify("我要退款").top == "refund"


def test_masked_personal_data_in_a_pasted_log_reads_like_the_plain_message(matcher):
    """Chat exports mask numbers and names ([数字x], [姓名x], <NUM>): the mask must not make
    the message look foreign to the word model, nor change what it is about."""
    from csbot.normalize import normalise

    plain, plain_familiarity = matcher._words.posterior(normalise("我3号买的 到现在还没发货"))
    masked, masked_familiarity = matcher._words.posterior(normalise("我[数字x]号买的 到现在还没发货"))
    assert masked_familiarity == plain_familiarity
    assert max(masked, key=masked.get) == max(plain, key=plain.get)
    expected = matcher.classify("我3号买的 到现在还没发货").top
    assert matcher.classify("订单<NUM>我[数字x]号买的 到现在还没发货").top == expected


def test_a_masked_address_or_phone_is_not_a_request_to_change_them(demo_shop):
    """A mask holds words: "[地址x]" holds 地址 and "[电话x]" 电话. Read as cues, every pasted
    log with a masked address would look like a buyer asking to change it."""
    matcher = demo_shop.matcher
    for text in ("怎么才发到北京[地址x] 应该今天就到的", "快递员打我[电话x]没人接 包裹到哪了"):
        detected = [item.id for item in matcher.classify(text).intents]
        assert "address_change" not in detected, text
    assert matcher.classify("我要改一下收货地址").top == "address_change"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("上次买错了型号，如何更换 就是那个充电头", "return_exchange"),  # 更换 names an exchange, 买错 alone a refund
        ("现在弄成这样 我还得自己承担运费", "return_exchange"),  # who pays the return postage
        ("能给我送货人的电话吗", "logistics"),  # the courier's phone, not the buyer's to change
        ("客服说应该今天到的 上海[地址x]", "logistics"),
        ("你好，有随机减吗?", "price_coupon"),  # an unfamiliar request word still beats 你好
        ("好的谢谢 那赠品要另外拍吗", "price_coupon"),  # thanked, then asked something new
        ("嗯 这价位有点高啊", "price_coupon"),  # too dear: a bargain, not a question about the range
        ("最晚什么时间能送到呀 月底要用", "logistics"),  # when it arrives, not a complaint
        ("那我同意", "thanks"),  # agreeing to what the agent proposed
        ("我家那两箱一直还没到货", "logistics"),  # not arrived, not a restock
        ("家里没人怎么办呀", "logistics"),  # who takes the parcel in, not a new address
        ("拿到后发现按钮按下去弹不回来", "quality"),  # found on arrival: a fault, whatever the part
    ],
)
def test_demo_catalogue_reads_everyday_wording(demo_shop, text, intent):
    assert demo_shop.matcher.classify(text).top == intent


def _with_human(yields: bool, order: int = 80) -> Matcher:
    human = f"""
[[intent]]
id = "human"
label = "转人工"
order = {order}
yields = {str(yields).lower()}
keywords = ["转人工", "人工客服", "机器人"]
examples = ["转人工", "我要人工客服", "你是机器人吗"]
"""
    return Matcher(parse_catalogue(MINI.read_text(encoding="utf-8") + human))


def test_a_request_for_a_person_ranks_behind_the_question_asked_beside_it():
    message = "我要人工客服 还不发"
    # Composed first and named first: without the flag, the person asked for leads.
    assert _with_human(yields=False, order=5).classify(message).top == "human"
    result = _with_human(yields=True, order=5).classify(message)
    assert [item.id for item in result.detected()][:2] == ["ship_urge", "human"], "still answered, second"
    assert _with_human(yields=True).classify("转人工").top == "human"


def test_two_certain_requests_rank_as_the_reply_composes_them():
    # Both named outright and certain: the one the composed reply leads with (lower order)
    # is the primary intent, though the person was asked for first.
    result = _with_human(yields=False, order=80).classify("我要人工客服 还不发")
    assert [item.id for item in result.detected()][:2] == ["ship_urge", "human"]


@pytest.mark.parametrize("text", ["这件衣服洗了会缩水不", "下雨天能穿不"])
def test_a_trailing_bu_asks_like_ma(demo_shop, text):
    # Colloquial A-not-A: "会缩水不" asks "会缩水吗", a question about the goods, not a fault.
    assert demo_shop.matcher.classify(text).top == "product_info"


def test_a_keyword_written_twice_is_one_cue_in_the_explanation():
    text = MINI.read_text(encoding="utf-8").replace('keywords = ["退款"', 'keywords = ["退款", "退款"')
    result = Matcher(parse_catalogue(text)).classify("我要退款")
    assert result.explain()["keywords"] == ["退款"]
