"""The CLI contract other tools rely on, and how it treats bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from csbot.cli import main


def run(capsys, monkeypatch, argv, stdin: bytes | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_classify_gives_one_json_object_per_input_line(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["classify", "-"], "在吗\n怎么还不发货 不发就退款了\n".encode())
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows] == ["在吗", "怎么还不发货 不发就退款了"]
    assert rows[0]["intent"] == "greeting"
    assert rows[1]["intent"] == "ship_urge"
    assert {"ship_urge", "refund"} <= {i["id"] for i in rows[1]["intents"]}
    scores = [i["score"] for i in rows[1]["intents"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_reply_prints_a_compliant_chinese_reply(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, ["reply", "怎么还不发货 不发就退款了"])
    assert code == 0 and err == ""
    assert "亲" in out
    for banned in ("没货", "缺货", "断货", "微信"):
        assert banned not in out


def test_reply_json_has_the_documented_shape(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["reply", "--json", "黑色M码有吗"])
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {"intent", "intents", "entities", "context", "replies"}
    assert data["intent"] == "stock"
    assert data["entities"]["colours"] == ["黑色"] and data["entities"]["sizes"] == ["M"]
    assert {"order", "similar_items", "coupon", "notes"} <= set(data["context"])
    reply = data["replies"][0]
    assert set(reply) >= {"text", "template", "violations"}


def test_reply_with_an_order_number_uses_the_order(capsys, monkeypatch, demo_shop):
    order = demo_shop.store.list_orders(status="已发货", limit=1)[0]
    code, out, _ = run(capsys, monkeypatch, ["reply", "--json", "--order", order.sn, "到哪了"])
    data = json.loads(out)
    assert data["context"]["order"]["sn"] == order.sn
    assert data["context"]["order"]["status"] == "已发货"


def test_check_exits_1_on_a_blocking_phrase_and_offers_a_rewrite(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["check", "--json", "亲，这款没货了"])
    data = json.loads(out)
    assert code == 1 and data["blocked"]
    assert "没货" not in data["rewrite"]
    code, _, _ = run(capsys, monkeypatch, ["check", "亲，货到付款可以的，第一时间给您发"])
    assert code == 0


def test_intents_lists_the_whole_catalogue(capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, ["intents", "--json"])
    ids = {row["id"] for row in json.loads(out)}
    assert code == 0
    assert {
        "greeting", "ship_urge", "logistics", "stock", "refund", "return_exchange", "quality", "wrong_missing",
        "price_coupon", "price_protect", "size", "product_info", "address_change", "invoice", "courier",
        "order_payment", "human", "thanks", "complaint", "review_reward", "unknown",
    } <= ids


def test_lint_passes_on_the_demo_shop(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, ["lint"])
    assert code == 0, out
    assert "0 error(s)" in err


@pytest.mark.parametrize(
    "argv, stdin, message",
    [
        (["reply", "-"], b"", "empty"),
        (["reply", "-"], b"   \n\t ", "empty"),
        (["reply", "-"], b"\x00\x01\x02binary", "binary"),
        (["reply", "-"], b"\xff\xfe\xfd\xfc\x80\x81", "not UTF-8"),
        (["--shop", "/nonexistent/shop", "reply", "在吗"], None, "shop folder not found"),
        (["eval", "/nonexistent/file.jsonl"], None, "not found"),
        (["classify", "/nonexistent/messages.txt"], None, "not found"),
    ],
)
def test_bad_input_is_one_readable_line_and_a_nonzero_exit(capsys, monkeypatch, argv, stdin, message):
    code, out, err = run(capsys, monkeypatch, argv, stdin)
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("message", ["😂😂😂", "{{ 7*7 }}", "{% for x in range(10**9) %}", "\x1b[31m在吗\x07"])
def test_odd_messages_still_get_a_safe_answer(capsys, monkeypatch, message):
    code, out, err = run(capsys, monkeypatch, ["reply", message])
    assert code == 0, err
    assert out.strip() and "49" not in out and "{%" not in out


def test_a_megabyte_on_stdin_is_answered_quickly_without_traceback():
    import os
    import time

    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "csbot", "reply", "-"],
        input=("怎么还不发货" * 60_000).encode(),
        capture_output=True,
        env={**os.environ},
        timeout=60,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    assert elapsed < 10  # generous for a loaded CI machine; the benchmark has the real figure


def test_a_fragment_takes_its_meaning_from_the_buyers_earlier_message(engine):
    alone = engine.analyse("那白色的呢")
    threaded = engine.analyse("那白色的呢", thread=["黑色M码有货吗"])
    assert threaded.intent == "stock"
    assert alone.intent != "stock" or threaded.intent == alone.intent
    clear = engine.analyse("什么时候发货", thread=["在吗"])
    assert clear.intent == "ship_urge"


def test_reply_warns_about_templates_that_failed_and_still_answers(capsys, monkeypatch, shop_copy):
    from csbot.newshop import create_shop

    shop = shop_copy.parent / "own"
    create_shop(shop)
    (shop / "templates" / "refund" / "99_broken.j2").write_text("亲，{{ 1/0 }}", encoding="utf-8")
    code, out, err = run(capsys, monkeypatch, ["--shop", str(shop), "reply", "我要退款"])
    assert code == 0 and "亲" in out
    assert err.count("\n") == 1 and "refund/99_broken" in err and "csbot lint" in err
