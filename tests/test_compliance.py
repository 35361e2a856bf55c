"""The compliance guard (issue 6): recall on penalised replies, silence on ordinary ones,
evasions, rewrites that pass, and the rules file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from csbot.compliance import CATEGORIES, Guard, Violation, default_guard
from csbot.errors import RulesError

DATA = Path(__file__).parent / "data" / "compliance"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


PENALISED = [tuple(line.split("\t")) for line in _lines("penalised.tsv")]
ORDINARY = _lines("ordinary.txt")


@pytest.fixture(scope="module")
def guard() -> Guard:
    return default_guard()


def _summary(violations: list[Violation]) -> list[tuple[str, str, str]]:
    return [(v.rule_id, v.matched, v.severity) for v in violations]


# -- the two tables ------------------------------------------------------------------------


def test_tables_are_large_enough():
    assert sum(1 for severity, _c, _t in PENALISED if severity == "block") >= 150
    assert len(ORDINARY) >= 150
    assert {category for _s, category, _t in PENALISED} == set(CATEGORIES)


def test_every_blocking_item_of_the_penalised_table_is_blocked(guard):
    missed = []
    for severity, category, text in PENALISED:
        if severity == "block":
            hits = guard.blocking(text)
            if not any(v.category == category for v in hits):
                missed.append((text, _summary(guard.check(text))))
    assert missed == []


def test_warn_items_of_the_penalised_table_warn_without_blocking(guard):
    wrong = []
    for severity, category, text in PENALISED:
        if severity == "warn":
            found = guard.check(text)
            if guard.blocking(text) or not any(v.category == category for v in found):
                wrong.append((text, _summary(found)))
    assert wrong == []


def test_no_ordinary_reply_is_blocked(guard):
    assert [(text, _summary(guard.blocking(text))) for text in ORDINARY if guard.blocking(text)] == []


def test_ordinary_replies_hardly_ever_warn(guard):
    """Warnings that fire on ordinary language teach agents to ignore them."""
    warned = [text for text in ORDINARY if guard.check(text)]
    assert len(warned) <= len(ORDINARY) // 50, warned


# -- evasions and ordinary words named in the issue -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "没 货",
        "没-货",
        "没\u200b货",
        "没✨货",
        "沒貨",
        "meihuo",
        "MeiHuo",
        "加微 信",
        "加 v",
        "加V",
        "ｖｘ：abc",
        "V X 是 abc",
        "wx abc",
        "薇信",
        "威信",
        "QQ：1234 5678",
        "一三八零零一三八零零零",
        "幺三八 零零一三 八零零零",
        "138-0013-8000",
        "１３８００１３８０００",
        "好 评 返 现",
        "全 网 最 低",
        "爱买不买",
        "先填单号",
        "亲爱买不买",
    ],
)
def test_evasions_are_blocked(guard, text):
    assert guard.blocking(text), _summary(guard.check(text))


@pytest.mark.parametrize(
    "text",
    [
        "货到付款",
        "没有货损",
        "有没有货",
        "微信支付",
        "第一时间",
        "最近",
        "USB",
        "V领",
        "现货充足",
        "订单号",
        "不缺货",
        "5V X2 充电头",
        "还没，货到了通知您",
        "真空包装",
        "扣扣子",
        "水滚开后放入面条",
        "全网第一时间发货",
    ],
)
def test_ordinary_words_pass(guard, text):
    assert guard.check(text) == []


def test_every_blocking_phrase_is_found_in_common_contexts(guard):
    """jieba must never glue a penalised phrase to its neighbours and so hide it."""
    left = ["", "亲，", "亲", "这款", "现在", "已经", "都", "目前", "不好意思", "您", "黑色", "M码", "好的"]
    right = ["", "了", "啦", "呢", "哦", "的", "吧", "，亲", "呀", "。", "了亲", "～", "！", " ok"]
    # jieba looks at a few characters on each side: each edge is tried against every context.
    contexts = [(before, "") for before in left] + [("", after) for after in right] + list(zip(left, right))
    missed = []
    for rule in guard.rules:
        if rule.severity != "block" or rule.pattern or rule.detector:
            continue
        for phrase in (rule.phrase, *rule.variants):
            for before, after in contexts:
                text = before + phrase + after
                if not any(v.category == rule.category for v in guard.blocking(text)):
                    missed.append((rule.id, text))
    assert missed == []


def test_a_shops_vocabulary_does_not_change_what_the_guard_finds(guard, demo_shop):
    """The demo shop teaches its matcher 都没货 as one word; the guard keeps its own jieba."""
    matcher = demo_shop.matcher
    assert matcher.classify("都没货").tokens == ("都没货",)
    assert guard.blocking("都没货了")


def test_a_word_that_swallows_a_phrase_does_not_clear_it():
    from csbot.compliance.words import is_whole_word

    assert not is_whole_word("没货源", 0, 2)  # 货源 splits 没货 apart
    assert is_whole_word("亲没货了", 1, 3)


def test_a_phrase_deep_inside_a_huge_text_is_found(guard):
    text = "亲，您好，已经为您安排发货。" * 80_000 + "抱歉没货了"
    assert len(text) > 1_000_000
    hits = guard.blocking(text)
    assert [v.matched for v in hits] == ["没货"]
    assert text[hits[0].start : hits[0].end] == "没货"


# -- the Violation API ---------------------------------------------------------------------


def test_violation_fields_and_offsets_point_into_the_original_text(guard):
    text = "亲亲，這款沒 貨了！加 V X：abc"
    found = guard.check(text)
    assert [v.start for v in found] == sorted(v.start for v in found)
    for v in found:
        assert text[v.start : v.end] == v.matched
        assert v.category in CATEGORIES and v.severity in ("block", "warn")
        assert v.why and v.rewrite and v.rule_id and v.phrase
    first = found[0]
    assert (first.rule_id, first.phrase, first.matched) == ("stock_out.mei_huo", "没货", "沒 貨")
    assert set(first.to_dict()) == set("rule_id phrase matched start end category severity why rewrite".split())


def test_blocking_keeps_only_block_severity(guard):
    text = "这款没货了，质量绝对没问题"
    assert {v.severity for v in guard.check(text)} == {"block", "warn"}
    assert {v.severity for v in guard.blocking(text)} == {"block"}


def test_a_hit_inside_a_longer_hit_of_its_category_is_reported_once(guard):
    assert _summary(guard.check("好评返现")) == [("review_inducement.haoping_fanxian", "好评返现", "block")]


def test_negation_clears_negatable_rules_only(guard):
    assert guard.check("我们不会发空包的") == []
    assert guard.check("亲，还没卖完哦") == []
    assert guard.blocking("不要选缺货")  # coaching the refund reason stays blocked
    assert guard.blocking("不能加微信哦")  # the platform's detector does not read negation


def test_check_rejects_non_text(guard):
    from csbot.errors import InputError

    with pytest.raises(InputError):
        guard.check(b"bytes")  # type: ignore[arg-type]


# -- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("收件电话 13812345678", "privacy.mobile"),
        ("有事打我电话13812345678", "off_platform.mobile_contact"),
        ("身份证 11010519491231002X", "privacy.id_card"),
        ("银行卡号：6222 0212 3456 7890 128", "privacy.bank_card"),
        ("加QQ 12345678", "off_platform.qq_number"),
    ],
)
def test_numbers_are_recognised(guard, text, rule_id):
    assert rule_id in {v.rule_id for v in guard.blocking(text)}


@pytest.mark.parametrize(
    "text",
    [
        "快递单号 13812345678",
        "订单号：240512-123456789012345",
        "运单号 SF1234567890123",
        "身份证 110105194912310021",  # wrong check digit
        "6222021234567890128",  # a card-shaped number with no card context
        "充电宝10000毫安，价格13800元以内",
    ],
)
def test_numbers_that_are_not_personal_pass(guard, text):
    assert guard.blocking(text) == []


# -- rewriting -----------------------------------------------------------------------------


def test_rewrite_replaces_only_the_offending_sentences(guard):
    text = "亲，您好！这款没货了。给您推荐同款白色，也很好看～"
    out = guard.rewrite(text)
    assert out.startswith("亲，您好！")
    assert out.endswith("给您推荐同款白色，也很好看～")
    assert "没货" not in out and guard.blocking(out) == []


def test_rewrite_masks_a_personal_number_instead_of_dropping_the_sentence(guard):
    assert guard.rewrite("已为您修改，收件电话 138 0013 8000。") == "已为您修改，收件电话 138 **** 8000。"


def test_rewrite_gives_one_apology_for_several_stock_out_sentences(guard):
    out = guard.rewrite("亲，没货了。真的缺货了。")
    assert out == guard.rules_by_id["stock_out.mei_huo"].rewrite


def test_rewrite_of_a_clean_text_is_the_text(guard):
    assert guard.rewrite("好的亲，马上为您处理～") == "好的亲，马上为您处理～"


def test_every_suggestion_and_the_fallback_pass_the_guard(guard):
    for rule in guard.rules:
        assert guard.check(rule.rewrite) == [], rule.id
    assert guard.check(guard.fallback) == []


def test_rewrite_passes_for_every_penalised_item(guard):
    for _severity, _category, text in PENALISED:
        assert guard.blocking(guard.rewrite(text)) == [], text


def _shop_guard(tmp_path: Path, *phrases: str) -> Guard:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "".join(
            f'[[rule]]\nid = "shop.r{i}"\nphrase = "{p}"\ncategory = "abuse"\nseverity = "block"\n'
            for i, p in enumerate(phrases)
        ),
        encoding="utf-8",
    )
    return Guard.load(rules)


def test_rewrite_drops_what_still_blocks_after_a_shop_rule_trips_a_suggestion(tmp_path):
    guard = _shop_guard(tmp_path, "非常抱歉")
    out = guard.rewrite("没货了。谢谢亲～")
    assert guard.blocking(out) == [] and out.endswith("谢谢亲～") and "非常抱歉" not in out


def test_rewrite_falls_back_when_nothing_is_left(tmp_path):
    guard = _shop_guard(tmp_path, "非常抱歉", "平台", "相似款")
    assert guard.rewrite("没货了。加微信聊。") == guard.fallback


def test_rewrite_is_empty_when_even_the_fallback_blocks(tmp_path):
    guard = _shop_guard(tmp_path, "您")
    assert guard.rewrite("没货了，您看看别的") == ""


# -- rules files ---------------------------------------------------------------------------


def test_shop_rules_add_override_disable_and_allow():
    shipped = default_guard()
    shop = Guard.load(DATA / "shop_rules.toml")
    assert shipped.blocking("顶级面料") and not shop.check("顶级面料")  # disabled
    assert not shipped.blocking("断码了") and shop.blocking("断码了")  # severity raised
    assert shipped.blocking("最便宜") and not shop.blocking("最便宜") and shop.check("最便宜")  # lowered
    assert [v.rule_id for v in shop.blocking("去某某店买")] == ["shop.competitor"]  # added
    assert shop.check("免费送")[0].why.startswith("聊天里的承诺")  # why from the category default
    assert [v.severity for v in shop.check("卖爆了")] == ["warn"]  # replaced by id
    assert shop.check("支持缺货登记") == [] and shipped.blocking("支持缺货登记")  # allow-list
    assert shop.check("我们绝不断货") == []  # extra negator


def test_a_pattern_rule_needs_no_phrase(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\nid = "shop.sku"\npattern = "sku ?[0-9]{4}"\ncategory = "privacy"\nseverity = "warn"\n',
        encoding="utf-8",
    )
    found = Guard.load(rules).check("内部编码 SKU-1234")
    assert [(v.rule_id, v.phrase, v.matched) for v in found] == [("shop.sku", "sku ?[0-9]{4}", "SKU-1234")]


def test_a_missing_shop_file_means_shipped_rules_only(tmp_path):
    assert Guard.load(tmp_path / "rules.toml") is default_guard()


def test_guards_are_cached_until_the_file_changes(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('disable = ["abuse.mild"]\n', encoding="utf-8")
    first = Guard.load(rules)
    assert Guard.load(rules) is first
    rules.write_text('disable = ["abuse.curt"]\n', encoding="utf-8")
    second = Guard.load(rules)
    assert second is not first and "abuse.mild" in second.rules_by_id


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("[[rule]]\nid = 'x'\nphrase = \n", 3, "not valid TOML"),
        ("[[rule]]\nid = 'a.b'\nphrase = 'x'\ncategory = 'spam'\nseverity = 'block'\n", 4, "category"),
        ("[[rule]]\nid = 'a.b'\nphrase = 'x'\ncategory = 'abuse'\nseverity = 'stop'\n", 5, "severity"),
        ("[[rule]]\nid = 'a.b'\nphrase = 'x'\ncategory = 'abuse'\nseverity = 'block'\nsevrity = 'x'\n", 6, "unknown"),
        ("\n\n[[rule]]\nid = 'A B'\nphrase = 'x'\ncategory = 'abuse'\nseverity = 'block'\n", 4, "id"),
        ("[[rule]]\nid = 'a.b'\npattern = '(['\nphrase = 'x'\ncategory = 'abuse'\nseverity = 'warn'\n", 3, "regular"),
        ("[[rule]]\nid = 'a.b'\nphrase = '，'\ncategory = 'abuse'\nseverity = 'warn'\n", 1, "phrase"),
        ('disable = ["no.such.rule"]\n', 1, "no rule"),
        ('[severity]\n"abuse.mild" = "loud"\n', 2, "block"),
        ("[[allow]]\nwhy = 'x'\n", 1, "phrase"),
        ("[[rule]]\nid = 'a.b'\nphrase = 'x'\ncategory = 'abuse'\nseverity = 'block'\n" * 2, 7, "twice"),
        ("colour = 'red'\n", 1, "unknown"),
    ],
)
def test_malformed_rules_files_name_the_file_and_line(tmp_path, content, line, fragment):
    rules = tmp_path / "rules.toml"
    rules.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        Guard.load(rules)
    message = str(caught.value)
    assert message.startswith(f"{rules}:{line}:"), message
    assert fragment in message
    assert "\n" not in message


def test_a_rules_file_that_is_not_text_is_a_rules_error(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(RulesError):
        Guard.load(rules)
