"""csbot.evaluate: metrics on a hand-computed example, loading rules, and the eval CLI plumbing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csbot.errors import InputError
from csbot.evaluate import (
    LabelledMessage,
    evaluate,
    format_text,
    load_labelled,
    to_dict,
    to_json,
)

# Six messages, gold -> ranking.  Worked by hand:
#   gold counts: greeting 2, thanks 1, refund 3;  predicted: greeting 1, thanks 3, refund 1, unknown 1
#   greeting  P 1/1  R 1/2  F1 2/3
#   thanks    P 1/3  R 1/1  F1 1/2
#   refund    P 1/1  R 1/3  F1 1/2
#   unknown   P 0    R 0    F1 0   (only predicted: not in the macro mean)
#   macro-F1 (greeting, thanks, refund) = (2/3 + 1/2 + 1/2) / 3 = 5/9
#   top-1 3/6;  top-3 5/6 (only m6 has its gold beyond the third place)
RANKINGS: dict[str, list[tuple[str, float]]] = {
    "m1": [("greeting", 0.9)],
    "m2": [("thanks", 0.6), ("greeting", 0.5)],
    "m3": [("thanks", 0.8)],
    "m4": [("thanks", 0.7), ("refund", 0.4)],
    "m5": [("refund", 0.95)],
    "m6": [("unknown", 0.3), ("courier", 0.2), ("invoice", 0.1), ("refund", 0.05)],
}
GOLD = {"m1": "greeting", "m2": "greeting", "m3": "thanks", "m4": "refund", "m5": "refund", "m6": "refund"}


def fake_classify(text: str) -> list[tuple[str, float]]:
    return RANKINGS[text]


@pytest.fixture
def rows() -> list[LabelledMessage]:
    return [LabelledMessage(text, intent, line) for line, (text, intent) in enumerate(GOLD.items(), start=1)]


def test_summary_metrics_match_hand_computation(rows: list[LabelledMessage]) -> None:
    report = evaluate(rows, fake_classify)
    assert report.total == 6
    assert report.top1_accuracy == pytest.approx(3 / 6)
    assert report.top3_accuracy == pytest.approx(5 / 6)
    assert report.macro_f1 == pytest.approx(5 / 9)


def test_per_intent_precision_recall_f1(rows: list[LabelledMessage]) -> None:
    scores = {s.intent: s for s in evaluate(rows, fake_classify).per_intent}
    expected = {
        "greeting": (1.0, 1 / 2, 2 / 3, 2),
        "thanks": (1 / 3, 1.0, 1 / 2, 1),
        "refund": (1.0, 1 / 3, 1 / 2, 3),
        "unknown": (0.0, 0.0, 0.0, 0),
    }
    assert set(scores) == set(expected)
    for intent, (precision, recall, f1, support) in expected.items():
        s = scores[intent]
        assert (s.precision, s.recall, s.f1) == pytest.approx((precision, recall, f1)), intent
        assert s.support == support
    assert scores["refund"].confused_with == {"thanks": 1, "unknown": 1}


def test_confused_pairs_and_errors(rows: list[LabelledMessage]) -> None:
    report = evaluate(rows, fake_classify)
    pairs = [(p.gold, p.predicted, p.count) for p in report.confused_pairs]
    assert pairs == [("greeting", "thanks", 1), ("refund", "thanks", 1), ("refund", "unknown", 1)]
    # Most confident mistakes first: m4 (0.7), m2 (0.6), m6 (0.3).
    assert [(e.text, e.gold, e.predicted, e.score) for e in report.errors] == [
        ("m4", "refund", "thanks", 0.7),
        ("m2", "greeting", "thanks", 0.6),
        ("m6", "refund", "unknown", 0.3),
    ]


def test_matches_scikit_learn(rows: list[LabelledMessage]) -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    report = evaluate(rows, fake_classify)
    golds = [r.intent for r in rows]
    preds = [RANKINGS[r.text][0][0] for r in rows]
    present = sorted(set(golds))
    expected = metrics.f1_score(golds, preds, labels=present, average="macro", zero_division=0)
    assert report.macro_f1 == pytest.approx(expected)


def test_empty_ranking_counts_as_unknown() -> None:
    report = evaluate([LabelledMessage("x", "unknown")], lambda text: [])
    assert report.top1_accuracy == 1.0
    assert report.errors == []


def test_no_rows_gives_zeros() -> None:
    report = evaluate([], fake_classify)
    assert (report.total, report.top1_accuracy, report.top3_accuracy, report.macro_f1) == (0, 0.0, 0.0, 0.0)


def write_lines(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_skips_needs_context_and_counts_them(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path,
        [
            json.dumps({"text": "在吗", "intent": "greeting"}, ensure_ascii=False),
            json.dumps({"text": "对", "intent": "thanks", "needs_context": True}, ensure_ascii=False),
            "",
            json.dumps({"text": "退款", "intent": "refund", "needs_context": False, "note": "x"}),
        ],
    )
    rows = load_labelled(path)
    assert [(r.text, r.intent, r.line) for r in rows] == [("在吗", "greeting", 1), ("退款", "refund", 4)]
    assert rows.skipped == 1
    assert evaluate(rows, lambda text: [("greeting", 1.0)]).skipped == 1


@pytest.mark.parametrize(
    "bad",
    [
        "{not json",
        '["a list"]',
        '{"intent": "refund"}',
        '{"text": 5, "intent": "refund"}',
        '{"text": "x"}',
        '{"text": "x", "intent": ""}',
        '{"text": "x", "intent": "refund", "needs_context": "yes"}',
    ],
)
def test_bad_line_names_its_line_number(tmp_path: Path, bad: str) -> None:
    path = write_lines(tmp_path, ['{"text": "在吗", "intent": "greeting"}', bad])
    with pytest.raises(InputError, match=r"labelled\.jsonl:2:"):
        load_labelled(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_labelled(tmp_path / "nope.jsonl")


def test_text_and_json_output(rows: list[LabelledMessage]) -> None:
    report = evaluate(rows, fake_classify)
    text = format_text(report, errors=1)
    assert "top-1 accuracy: 0.500" in text
    assert "refund -> thanks: 1" in text
    assert "misclassified (1 of 3" in text
    data = json.loads(to_json(report))
    assert data["accuracy"] == pytest.approx(0.5)
    assert data["intents"]["thanks"]["f1-score"] == pytest.approx(0.5)
    assert data["errors"][0]["intent_prediction"] == {"name": "thanks", "confidence": 0.7}
    assert len(to_dict(report, errors=0)["errors"]) == 0


def test_eval_command_with_a_fake_matcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from csbot.cli import eval_cmd, main

    monkeypatch.setattr(eval_cmd, "_shop_classifier", lambda shop_dir: fake_classify)
    path = write_lines(tmp_path, [json.dumps({"text": t, "intent": g}) for t, g in GOLD.items()])
    assert main(["eval", str(path), "--json", "--errors", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["macro_f1"] == pytest.approx(5 / 9)
    assert len(data["errors"]) == 2


def test_eval_command_bad_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from csbot.cli import main

    path = write_lines(tmp_path, ["{oops"])
    assert main(["eval", str(path)]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ":1:" in err
