"""phrasings/<intent>.txt: bulk buyer phrasings a shop pastes in, learned by the word model."""

import shutil
from pathlib import Path

import pytest

from csbot.catalogue import load_catalogue
from csbot.cli import main
from csbot.errors import IntentsFileError
from csbot.intents import Matcher
from csbot.shop import load_shop

MINI = Path(__file__).parent / "data" / "shops" / "mini"

# Words none of the mini catalogue's keywords or examples use: only phrasings can teach them.
UNSEEN = "柜子门板合页松动晃来晃去"


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(MINI, target)
    intents = target / "intents.toml"
    # The demo shop's threshold: word evidence alone may decide, as it does there.
    intents.write_text(intents.read_text(encoding="utf-8").replace("threshold = 0.45", "threshold = 0.33"), "utf-8")
    return target


def write_phrasings(shop_dir: Path, intent_id: str, text: str) -> None:
    folder = shop_dir / "phrasings"
    folder.mkdir(exist_ok=True)
    (folder / f"{intent_id}.txt").write_text(text, encoding="utf-8")


def test_phrasings_are_read_without_comments_or_blank_lines(shop_dir):
    text = "\ufeff# 退换货的说法\n\n柜子合页松动想换一个\n  门板晃来晃去 要换  \n"
    write_phrasings(shop_dir, "return_exchange", text)
    spec = load_catalogue(shop_dir / "intents.toml").get("return_exchange")
    assert spec is not None
    assert spec.phrasings == ["柜子合页松动想换一个", "门板晃来晃去 要换"]
    assert spec.examples and all("合页" not in e for e in spec.examples)


def test_phrasings_teach_words_no_example_has(shop_dir):
    before = Matcher(load_catalogue(shop_dir / "intents.toml")).classify(UNSEEN)
    assert before.top != "return_exchange"
    write_phrasings(shop_dir, "return_exchange", "柜子合页松动想换一个\n门板晃来晃去 换个新的\n合页松了 柜子门板要换\n")
    after = Matcher(load_catalogue(shop_dir / "intents.toml")).classify(UNSEEN)
    assert after.top == "return_exchange"


def test_a_phrasings_file_for_no_intent_is_a_clear_error(shop_dir, capsys):
    write_phrasings(shop_dir, "retrun_exchange", "想换个颜色\n")
    with pytest.raises(IntentsFileError, match="retrun_exchange"):
        load_catalogue(shop_dir / "intents.toml")
    assert main(["lint", "--shop", str(shop_dir)]) == 1
    out = capsys.readouterr().out
    assert "phrasings/retrun_exchange.txt:1:" in out and "no intent" in out


def test_undecodable_phrasings_are_a_clear_error(shop_dir, capsys):
    (shop_dir / "phrasings").mkdir()
    (shop_dir / "phrasings" / "refund.txt").write_bytes("退款".encode("gbk"))
    assert main(["--shop", str(shop_dir), "reply", "我要退款"]) != 0
    err = capsys.readouterr().err
    assert "refund.txt" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_editing_phrasings_rebuilds_the_cached_matcher(shop_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("CSBOT_HOME", str(tmp_path / "home"))
    assert load_shop(shop_dir).matcher.classify(UNSEEN).top != "return_exchange"
    write_phrasings(shop_dir, "return_exchange", "柜子合页松动想换一个\n门板晃来晃去 换个新的\n合页松了 柜子门板要换\n")
    assert load_shop(shop_dir).matcher.classify(UNSEEN).top == "return_exchange"


def test_the_demo_shop_and_a_new_shop_have_phrasings(tmp_path):
    target = tmp_path / "new"
    assert main(["new-shop", str(target)]) == 0
    for root in (load_shop().root, target):
        catalogue = load_catalogue(root / "intents.toml")
        assert sum(len(spec.phrasings) for spec in catalogue.intents) > 1000, root


def test_the_word_model_is_trained_the_same_way_every_time(shop_dir):
    write_phrasings(shop_dir, "return_exchange", "柜子合页松动想换一个\n门板晃来晃去 换个新的\n")
    first, second = (Matcher(load_catalogue(shop_dir / "intents.toml")) for _ in range(2))
    for text in (UNSEEN, "怎么还不发货", "量子力学的基本原理是什么"):
        assert first.classify(text).intents == second.classify(text).intents
    foreign = first.classify("量子力学的基本原理是什么")
    assert foreign.top == "unknown", "unfamiliar words must not be forced into an intent"


def test_a_decision_by_words_alone_is_explained(shop_dir):
    write_phrasings(shop_dir, "return_exchange", "柜子合页松动想换一个\n门板晃来晃去 换个新的\n合页松了 柜子门板要换\n")
    result = Matcher(load_catalogue(shop_dir / "intents.toml")).classify(UNSEEN)
    why = result.explain()
    assert why["top"] == "return_exchange" and not why["keywords"] and why["word_probability"] > 0.3

    from csbot.tui.formatting import why as why_line

    assert "用词相似" in str(why_line(why, result)) and "无匹配" not in str(why_line(why, result))


def test_a_matcher_cached_under_other_training_settings_is_not_reused(shop_dir, tmp_path, monkeypatch):
    """A word model trained with other settings (an upgrade changed them) must be retrained,
    or the shop keeps answering with the old model."""
    import csbot.intents as intents_module

    catalogue = load_catalogue(shop_dir / "intents.toml")
    cache = tmp_path / "cache"
    cache.mkdir()
    Matcher.cached(catalogue, cache)
    Matcher.cached(catalogue, cache)
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setattr(intents_module, "TRAINING", (*intents_module.TRAINING[:-1], 99))
    Matcher.cached(catalogue, cache)
    assert len(list(cache.iterdir())) == 2
