from csbot.normalize import MAX_MESSAGE_CHARS, clean, normalise
from csbot.segment import segment


def test_full_width_traditional_and_case_fold_to_one_form():
    assert normalise("親，ＶＸ號多少") == "亲,vx号多少"


def test_emoji_and_zero_width_characters_do_not_split_words():
    assert normalise("发\u200b货😡😡了吗") == "发货 了吗"


def test_long_repeats_are_squeezed_so_fuzzy_scores_stay_meaningful():
    assert normalise("在吗？？？？？？？") == "在吗??"


def test_clean_caps_huge_pastes_and_drops_control_characters():
    assert len(clean("啊" * 1_000_000)) == MAX_MESSAGE_CHARS
    assert clean("你好\x00\x07 在吗") == "你好 在吗"


def test_domain_words_stay_whole_when_segmented():
    words = segment(normalise("拼单成团了吗 我要仅退款 有运费险吗 补差价"))
    for word in ("拼单", "成团", "仅退款", "运费险", "补差价"):
        assert word in words
