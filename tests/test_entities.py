from csbot.entities import extract, mask_phones


def test_pdd_order_number_and_waybill_are_found():
    found = extract("订单261120-583920174650213 快递单号SF1234567890123 三天没动了")
    assert found.order_numbers == ["261120-583920174650213"]
    assert found.tracking_numbers == ["SF1234567890123"]


def test_phone_numbers_are_masked_at_once():
    found = extract("我电话13812345678 改一下收件人")
    assert found.phones == ["138****5678"]
    assert "13812345678" not in str(found.to_dict())
    assert mask_phones("打 138-1234-5678 找我") == "打 138****5678 找我"


def test_height_and_weight_in_the_ways_buyers_write_them():
    assert (extract("165 110斤穿什么码").height_cm, extract("165 110斤穿什么码").weight_jin) == (165, 110.0)
    assert extract("1米7 60kg 穿多大").height_cm == 170
    assert extract("1米7 60kg 穿多大").weight_jin == 120.0
    assert extract("1.65米 100斤").height_cm == 165


def test_foot_length_in_cm_becomes_mm():
    assert extract("脚长25.5cm 穿几码").foot_mm == 255


def test_colour_and_size():
    found = extract("黑色M码有吗 还有白色XL吗")
    assert found.colours == ["黑色", "白色"]
    assert found.sizes == ["M", "XL"]


def test_ordinary_words_are_not_sizes():
    assert extract("USB 好的ok").sizes == []


def test_amounts():
    assert extract("付了99.9元 现在降价到79块").amounts == [99.9, 79.0]


def test_an_amount_of_goods_in_jin_is_not_a_body_weight():
    assert extract("我要送人 去买10斤").weight_jin is None
    assert extract("体重 120斤 穿几码").weight_jin == 120.0


def test_a_price_after_a_quantity_is_not_a_height_and_a_said_weight_is_in_jin():
    assert extract("2斤198是吧").height_cm is None
    assert extract("两件158包邮吗").height_cm is None
    said = extract("身高170体重130")
    assert (said.height_cm, said.weight_jin) == (170, 130.0)
    assert extract("体重65kg").weight_jin == 130.0
