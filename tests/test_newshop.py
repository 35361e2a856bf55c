import pytest

from csbot.cli import main
from csbot.pipeline import Engine
from csbot.shop import load_shop


def test_a_new_shop_works_at_once_and_speaks_in_its_own_name(tmp_path, capsys):
    target = tmp_path / "ahua"
    assert main(["new-shop", str(target), "--name", "阿花小铺"]) == 0
    shop = load_shop(target)
    assert shop.name == "阿花小铺" and "阿花小铺" in (shop.settings.signature or "")
    reply = Engine(shop).analyse("在吗").best
    assert reply is not None and "小美优选" not in reply.text
    assert main(["lint", "--shop", str(target)]) == 0
    assert shop.store.counts()["orders"] == 0


def test_new_shop_refuses_a_folder_with_content(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["new-shop", str(tmp_path)]) != 0
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("name", ['带"引号"的店', "back\\slash"])
def test_odd_shop_names_stay_valid_toml(tmp_path, name):
    main(["new-shop", str(tmp_path / "s"), "--name", name])
    assert load_shop(tmp_path / "s").name == name
