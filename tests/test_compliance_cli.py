"""``csbot check``: exit codes, output, JSON, standard input and bad input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from csbot.cli import main

DATA = Path(__file__).parent / "data" / "compliance"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_a_blocked_text_exits_1_and_shows_the_hit_and_a_rewrite(capsys):
    assert main(["check", "亲，这款没 货了"]) == 1
    out = capsys.readouterr().out
    assert "没 货" in out and "stock_out" in out and "BLOCK" in out
    assert "rewrite: " in out and "没货" not in out.split("rewrite: ")[1]


def test_a_clean_text_exits_0(capsys):
    assert main(["check", "亲，支持微信支付，第一时间为您发货"]) == 0
    assert capsys.readouterr().out.startswith("ok")


def test_warnings_are_shown_but_exit_0(capsys):
    assert main(["check", "假一赔十哦"]) == 0
    out = capsys.readouterr().out
    assert "warn" in out and "false_promise" in out and "rewrite:" not in out


def test_json_output(capsys):
    assert main(["check", "--json", "加我vx：abc"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"text", "violations", "blocked", "rewrite"}
    assert data["blocked"] is True and data["text"] == "加我vx：abc"
    assert data["violations"][0]["category"] == "off_platform"
    assert "vx" not in data["rewrite"]


def test_text_from_standard_input(monkeypatch, capsys):
    _stdin(monkeypatch, "好评返现哦\n".encode())
    assert main(["check", "-", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["violations"][0]["category"] == "review_inducement"
    _stdin(monkeypatch, "好的亲".encode())
    assert main(["check"]) == 0


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02binary", b"\x01\x02\x03\x04ab\x05\x06" * 50])
def test_empty_or_binary_input_is_a_one_line_error(monkeypatch, capsys, data):
    _stdin(monkeypatch, data)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("csbot: ") and err.count("\n") == 1


def test_shop_rules_are_used_with_shop(tmp_path, capsys):
    (tmp_path / "rules.toml").write_text((DATA / "shop_rules.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", "顶级面料"]) == 1
    assert main(["--shop", str(tmp_path), "check", "顶级面料"]) == 0
    assert main(["--shop", str(tmp_path), "check", "去某某店买"]) == 1
    capsys.readouterr()


def test_a_malformed_shop_rules_file_exits_2(tmp_path, capsys):
    (tmp_path / "rules.toml").write_text("[[rule]]\nid = \n", encoding="utf-8")
    assert main(["--shop", str(tmp_path), "check", "你好"]) == 2
    assert "rules.toml:2:" in capsys.readouterr().err


def test_a_missing_shop_folder_exits_2(tmp_path, capsys):
    assert main(["--shop", str(tmp_path / "nope"), "check", "你好"]) == 2
    assert "not found" in capsys.readouterr().err


def test_a_megabyte_of_text_is_checked_whole(monkeypatch, capsys):
    text = "亲，您好，已经为您安排发货。" * 75_000 + "加我vx"
    _stdin(monkeypatch, text.encode())
    assert main(["check", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [v["matched"] for v in data["violations"]] == ["加我vx"]
    assert data["rewrite"].endswith("有问题随时在这里找我～")
