"""Which replies the agent is offered first when a message mixes politeness and a request."""

from __future__ import annotations

import pytest

GREETING_REPLY = "请问有什么可以帮您"


def test_a_greeting_beside_a_question_leaves_the_answer_to_the_question(engine):
    analysis = engine.analyse("亲 你好，这个蓝牙音响是送的么?")
    detected = [item.id for item in analysis.classification.detected()]
    assert "greeting" in detected  # the buyer did greet: the point is what comes first
    assert GREETING_REPLY not in analysis.candidates[0].text
    assert analysis.candidates[0].intent != "greeting"
    # the greeting's own replies stay on offer, after every answer to the request
    intents = [c.intent for c in analysis.candidates]
    assert "greeting" in intents
    assert all(i == "greeting" for i in intents[intents.index("greeting") :])


def test_a_bare_greeting_is_still_answered_with_a_greeting(engine):
    analysis = engine.analyse("在吗")
    assert analysis.best.intent == "greeting"
    assert GREETING_REPLY in analysis.best.text


def best_reply(engine, message: str) -> str:
    return engine.analyse(message).best.text


def test_the_question_asked_is_answered_not_the_generic_how_to(engine):
    where_money = best_reply(engine, "退款退到哪里了 钱什么时候到账")
    assert "原路退回" in where_money
    postage = best_reply(engine, "退货运费谁出")
    assert "运费" in postage and "承担" in postage
    fitting = best_reply(engine, "空调到了三天了 安装师傅什么时候上门")
    assert "安装" in fitting and "照片" not in fitting
    signed = best_reply(engine, "显示签收了 但我没收到啊")
    assert "快递柜" in signed or "代收" in signed
    cancel = best_reply(engine, "那这单帮我取消掉吧")
    assert "取消" in cancel and "哪里不满意" not in cancel
    coupon = best_reply(engine, "这张券怎么用不了")
    assert "门槛" in coupon
    blocked = best_reply(engine, "这单怎么申请不了退款")
    assert "订单状态" in blocked and "点「申请退款」" not in blocked
    transit = best_reply(engine, "下单后多久能到")
    assert "天" in transit


def test_news_that_the_parcel_came_is_acknowledged_not_chased(engine):
    arrived = engine.analyse("包裹已经到了")
    assert arrived.intent == "logistics"
    assert "订单号" not in arrived.best.text and "收到就好" in arrived.best.text
    assert "订单号" in engine.analyse("到了吗 怎么还没到").best.text


def test_a_buyer_who_sent_the_link_is_not_asked_for_it(engine):
    analysis = engine.analyse("这个显示器亮度怎么调 https://mobile.yangkeduo.com/goods.html?goods_id=1")
    assert analysis.intent == "product_info"
    assert "发一下商品链接" not in analysis.best.text


def test_a_weak_apology_does_not_open_the_reply_to_a_confident_request(engine):
    analysis = engine.analyse("降价了 差价怎么少了 只给了我[金额x]")
    scores = {item.id: item.score for item in analysis.classification.detected()}
    assert scores["price_protect"] >= 0.9 and 0.5 <= scores["wrong_missing"] < 0.8  # the case in point
    assert analysis.best.template == "composed"
    first_line = analysis.best.text.splitlines()[0]
    assert "价保" in first_line and "拍一下收到的" not in first_line


def test_a_sure_complaint_still_opens_with_the_apology(engine):
    analysis = engine.analyse("东西坏了 你们什么态度")
    assert analysis.intent == "complaint"
    assert analysis.best.text.count("抱歉") == 1
    assert "照片" in analysis.best.text  # the fault is still dealt with, after the apology


def test_a_question_about_installation_fees_is_answered_without_an_apology(engine):
    asked = best_reply(engine, "这个空调包安装吗 安装要另外收费不")
    assert "详情页" in asked and "抱歉" not in asked
    overcharged = best_reply(engine, "安装师傅多收了我200块材料费")
    assert "抱歉" in overcharged and "核实" in overcharged


def test_a_buyer_confirming_gets_an_acknowledgement_not_an_apology(engine):
    """"是这个订单吗" - "对的": 对/没错 are also in 不对 and 发错, but alone they confirm."""
    for message in ("对的", "是的", "没错", "对", "没错 就是这个"):
        analysis = engine.analyse(message)
        assert analysis.classification.top == "thanks", message
        assert "抱歉" not in analysis.best.text, message
    assert engine.analyse("颜色不对").classification.top == "wrong_missing"


def test_a_warranty_question_is_answered_and_a_broken_item_still_gets_the_apology(engine):
    for message in ("嗯 想知道保修还有多久", "质保几年", "过了七天是不是就只能返修了"):
        text = best_reply(engine, message)
        assert "保修" in text and "抱歉" not in text and "照片" not in text, message
    assert "照片" in best_reply(engine, "用了一个月就坏了 还在保修期吗")


def test_a_buyer_who_sends_only_an_order_number_hears_where_the_order_stands(engine, demo_shop):
    shipped = next(o for o in demo_shop.store.list_orders(status="已发货") if o.tracking_no)
    text = best_reply(engine, f"订单号：{shipped.sn}")
    assert shipped.tracking_no in text and "拼单" not in text
    assert "收到您的订单号" in best_reply(engine, "261120-999999999999999")
    # asked earlier in the thread, the number answers that question
    pending = demo_shop.store.list_orders(status="待发货")[0]
    assert engine.analyse(pending.sn, thread=["怎么还没发货啊"]).intent == "ship_urge"


def test_an_acknowledgement_is_not_answered_with_you_are_welcome(engine):
    assert "不客气" not in best_reply(engine, "好的")
    assert "不客气" not in best_reply(engine, "对的")
    assert "不客气" in best_reply(engine, "好的 谢谢")


def test_a_buyer_asking_us_to_ship_later_is_not_told_we_are_hurrying(engine, demo_shop):
    for message in ("能不能12号以后再发货 我出差了", "先别发货 我下周才回家", "可以9号在发货吗"):
        analysis = engine.analyse(message)
        assert analysis.classification.top == "ship_urge", message
        assert "晚点发货" in analysis.best.text and "催" not in analysis.best.text, message
        assert "退款" not in analysis.best.text, message
    shipped = next(o for o in demo_shop.store.list_orders(status="已发货") if o.tracking_no)
    text = engine.analyse("过几天再发吧", order_sn=shipped.sn).best.text
    assert "已经交给" in text and shipped.tracking_no in text


def test_a_buyer_asking_for_another_channel_is_kept_in_the_platform_chat(engine):
    for message in ("还有别的联系方式吗", "你们客服电话多少", "加你微信可以吗"):
        analysis = engine.analyse(message)
        assert analysis.classification.top == "human", message
        assert "拼多多聊天" in analysis.best.text and not analysis.best.violations, message
    assert "不是机器人" in best_reply(engine, "你是机器人吗")


# (message, the best reply says, and does not say): the question asked gets its own reply, and
# the plain question beside it ("怎么拼单") still gets the general one.
OWN_REPLIES = {
    "already cancelled": ("我已经取消订单了 不用发了", "原路退回", "申请退款"),
    "how to cancel": ("怎么取消订单", "申请退款", None),
    "did not follow us": ("什么意思? 看不懂", "没说清楚", "体验"),
    "did not follow us, plainly": ("没明白你的意思", "没说清楚", "好的亲"),
    "understood": ("明白了 谢谢", "不客气", "没说清楚"),
    "invoice issued wrong": ("上次开的发票抬头错了 能重新开一张吗", "重新", "申请开票"),
    "invoice awaited": ("发票什么时候能开好", "开票进度", None),
    "invoice how-to": ("能开发票吗", "申请开票", None),
    "masked order number": ("[日期x] 订单号: [订单x]", "收到您的订单号", None),
    "masked number labelled as the order": ("[日期x] [时间x]订单号:[数字x]", "收到您的订单号", None),
    "pinyin acknowledgement": ("en", "好的亲", "抱歉"),
    "paid already": ("已经付了", "尽快为您打包发出", "拼单"),
    "payment failed": ("付款失败了怎么办", "换一种支付方式", "拼单"),
    "how to order": ("怎么拼单", "拼单", None),
    "free extra": ("买三包能送个小勺子吗", "赠品", "券"),
    "more free extras": ("多拍几件可以多送点吗", "赠品", "券"),
    "courier for a return": ("退货的话我用什么快递寄回去", "哪家快递都可以", "默认发合作的快递"),
    "courier we ship with": ("你们发什么快递", "默认发合作的快递", None),
    "bare masked address": ("[姓名x] 长江路[数字x]号", "收货信息", "没太明白"),
    "bare address": ("河南省郑州市金水区花园路88号", "收货信息", "没太明白"),
    "a masked name mentioned, not an address": ("[姓名x]家送会员一年，我想去那边买", None, "收货信息"),
    "will it shrink: a question, not a fault": ("这条裤子洗完会缩水不", None, "抱歉"),
    "return before receiving: nothing to send back": ("货还没到 想退货怎么弄", "不用寄回", "退货地址"),
    "a return on its way to us is tracked": ("我寄回去的你们没收到吗", "寄回的快递单号", "不用寄回"),
    "how far a return has got": ("我申请的换货到哪一步了", "售后进度", "支持退换"),
    "a return just sent": ("退货已经寄出去了 单号一会发你", "快递单号", "支持退换"),
    "a return picked up": ("上门取件是今天来吗", "上门取件", "支持退换"),
    "not home when it comes": ("周六送的话我人不在家咋办", "方便的时间", "修改收货信息"),
    "to the door, asked before ordering": ("你们快递送货上门不", "送货上门", "默认发合作的快递"),
    "a word to the courier": ("麻烦跟快递说声放门卫就行", "门卫", "拼单"),
    "has the refund gone through": ("退款成功了没 我想重新拍", "原路退回", "申请退款"),
    "the buyer asks us to wait": ("稍等一下 我翻翻订单号", "好的亲", "没太明白"),
    "a small free extra": ("多拍几包能送个小的吗", "赠品", "哪一款"),
}


@pytest.mark.parametrize(("message", "says", "does_not_say"), OWN_REPLIES.values(), ids=OWN_REPLIES.keys())
def test_the_question_asked_gets_its_own_reply(engine, message, says, does_not_say):
    text = best_reply(engine, message)
    assert says is None or says in text
    if does_not_say:
        assert does_not_say not in text
