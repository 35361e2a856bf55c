"""The wheel must carry everything csbot needs outside the checkout: the default
templates, the demo shop, the dictionaries and the rules."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("csbot-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_ships_default_templates_for_every_intent(wheel):
    names = wheel.namelist()
    shipped = {Path(n).parent.name for n in names if n.startswith("csbot/templates/") and n.endswith(".j2")}
    in_checkout = {p.parent.name for p in (ROOT / "templates").glob("*/*.j2")}
    assert in_checkout and shipped == in_checkout


def test_wheel_ships_the_demo_shop_and_data_files(wheel):
    names = set(wheel.namelist())
    for required in (
        "csbot/demo_shop/intents.toml",
        "csbot/demo_shop/shop.toml",
        "csbot/data/jieba_small.txt",
        "csbot/data/userdict.txt",
        "csbot/data/t2s.txt",
        "csbot/data/rules.toml",
    ):
        assert required in names, required
    assert not any("__pycache__" in n or n.endswith(".sqlite3") for n in names)
