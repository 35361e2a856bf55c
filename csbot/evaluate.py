"""Intent accuracy report for a labelled message set, in the spirit of ``rasa test nlu``.

Pure functions, no Textual and no engine import: the caller passes a ``classify``
function, so the same code scores csbot's matcher, a baseline or a fake in tests.

    rows = load_labelled("real_labelled.jsonl")      # skips "needs_context": true lines
    report = evaluate(rows, classify)                # classify(text) -> [(intent_id, score), ...] ranked
    print(format_text(report)); print(to_json(report))

Metric definitions (chosen to match scikit-learn / rasa so figures are comparable):
- top-1 accuracy: the first ranked id equals the gold id; an empty ranking counts as ``unknown``.
- top-3 accuracy: the gold id is among the first three ranked ids.
- per intent: precision = tp / predicted, recall = tp / support, F1 their harmonic mean, 0.0 when a
  denominator is 0 (scikit-learn's ``zero_division=0``).
- macro-F1: unweighted mean of F1 over the intents present in the gold labels, so an intent the
  classifier merely predicts by mistake lowers precision elsewhere but does not add a row to the mean.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csbot.errors import InputError

UNKNOWN = "unknown"
TOP_K = 3

Ranking = Sequence[tuple[str, float]]
Classifier = Callable[[str], Ranking]


@dataclass(frozen=True)
class LabelledMessage:
    text: str
    intent: str
    line: int = 0  # 1-based line in the source file, 0 when built in code


class LabelledSet(list[LabelledMessage]):
    """The usable rows of a labelled file; ``skipped`` counts the ``needs_context`` lines left out."""

    def __init__(self, rows: Iterable[LabelledMessage] = (), skipped: int = 0) -> None:
        super().__init__(rows)
        self.skipped = skipped


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int  # gold messages of this intent
    predicted: int  # messages predicted as this intent
    confused_with: dict[str, int] = field(default_factory=dict)  # gold=intent -> wrong prediction counts


@dataclass(frozen=True)
class ConfusedPair:
    gold: str
    predicted: str
    count: int


@dataclass(frozen=True)
class Misclassified:
    text: str
    gold: str
    predicted: str
    score: float
    line: int = 0


@dataclass(frozen=True)
class EvalReport:
    total: int
    skipped: int
    top1_accuracy: float
    top3_accuracy: float
    macro_f1: float
    per_intent: list[IntentScore]  # sorted by intent id
    confused_pairs: list[ConfusedPair]  # most frequent first
    errors: list[Misclassified]  # most confident first: those are the ones worth fixing


# --------------------------------------------------------------------------- loading


def load_labelled(path: str | Path) -> LabelledSet:
    """Read JSONL ``{"text", "intent", "needs_context"?}``; bad lines raise InputError naming the line."""
    path = Path(path)
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"labelled file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read labelled file {path}: {exc}") from None
    rows: list[LabelledMessage] = []
    skipped = 0
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue  # a trailing or separating blank line is not worth failing a run for
        record = _parse_line(raw, path, number)
        if record.get("needs_context") is True:
            skipped += 1
            continue
        rows.append(LabelledMessage(text=record["text"], intent=record["intent"].strip(), line=number))
    return LabelledSet(rows, skipped=skipped)


def _parse_line(raw: str, path: Path, number: int) -> dict[str, Any]:
    where = f"{path}:{number}"
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(f'{where}: expected a JSON object with "text" and "intent"')
    if not isinstance(record.get("text"), str):
        raise InputError(f'{where}: "text" is missing or not a string')
    intent = record.get("intent")
    if not isinstance(intent, str) or not intent.strip():
        raise InputError(f'{where}: "intent" is missing or not a non-empty string')
    if "needs_context" in record and not isinstance(record["needs_context"], bool):
        raise InputError(f'{where}: "needs_context" must be true or false')
    return record


# --------------------------------------------------------------------------- scoring


def evaluate(rows: Sequence[LabelledMessage], classify: Classifier, *, skipped: int | None = None) -> EvalReport:
    """Classify every row and compute the report; ``skipped`` defaults to ``rows.skipped`` if present."""
    if skipped is None:
        skipped = getattr(rows, "skipped", 0)
    golds: list[str] = []
    preds: list[str] = []
    top3_hits = 0
    errors: list[Misclassified] = []
    for row in rows:
        ranking = list(classify(row.text)) or [(UNKNOWN, 0.0)]
        predicted, score = ranking[0]
        golds.append(row.intent)
        preds.append(predicted)
        if row.intent in (intent for intent, _ in ranking[:TOP_K]):
            top3_hits += 1
        if predicted != row.intent:
            errors.append(Misclassified(row.text, row.intent, predicted, float(score), row.line))
    total = len(golds)
    per_intent = _per_intent(golds, preds)
    gold_present = set(golds)
    gold_f1 = [s.f1 for s in per_intent if s.intent in gold_present]
    errors.sort(key=lambda e: (-e.score, e.line))
    return EvalReport(
        total=total,
        skipped=skipped,
        top1_accuracy=_ratio(sum(g == p for g, p in zip(golds, preds, strict=True)), total),
        top3_accuracy=_ratio(top3_hits, total),
        macro_f1=_ratio(sum(gold_f1), len(gold_f1)),
        per_intent=per_intent,
        confused_pairs=_confused_pairs(golds, preds),
        errors=errors,
    )


def _ratio(numerator: float, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _per_intent(golds: list[str], preds: list[str]) -> list[IntentScore]:
    support = Counter(golds)
    predicted = Counter(preds)
    hits = Counter(g for g, p in zip(golds, preds, strict=True) if g == p)
    wrong = Counter((g, p) for g, p in zip(golds, preds, strict=True) if g != p)
    scores = []
    # Rows also for intents only ever predicted: their precision (0) shows where false positives go.
    for intent in sorted(set(golds) | set(preds)):
        precision = _ratio(hits[intent], predicted[intent])
        recall = _ratio(hits[intent], support[intent])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        confused = {p: n for (g, p), n in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0])) if g == intent}
        scores.append(IntentScore(intent, precision, recall, f1, support[intent], predicted[intent], confused))
    return scores


def _confused_pairs(golds: list[str], preds: list[str]) -> list[ConfusedPair]:
    pairs = Counter((g, p) for g, p in zip(golds, preds, strict=True) if g != p)
    ordered = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
    return [ConfusedPair(gold, pred, count) for (gold, pred), count in ordered]


# --------------------------------------------------------------------------- output


def format_text(report: EvalReport, *, errors: int = 20, pairs: int = 10) -> str:
    """A human report: summary, per-intent table, top confused pairs, the first ``errors`` errors."""
    lines = [
        f"messages: {report.total}  (skipped needs_context: {report.skipped})",
        f"top-1 accuracy: {report.top1_accuracy:.3f}",
        f"top-3 accuracy: {report.top3_accuracy:.3f}",
        f"macro-F1:       {report.macro_f1:.3f}",
        "",
        f"{'intent':<16} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>7}",
    ]
    for s in report.per_intent:
        lines.append(f"{s.intent:<16} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.support:>7d}")
    if report.confused_pairs and pairs > 0:
        lines += ["", "most confused (gold -> predicted: count):"]
        lines += [f"  {p.gold} -> {p.predicted}: {p.count}" for p in report.confused_pairs[:pairs]]
    if report.errors and errors > 0:
        shown = report.errors[:errors]
        lines += ["", f"misclassified ({len(shown)} of {len(report.errors)}, most confident first):"]
        lines += [f"  [{e.gold} -> {e.predicted} {e.score:.2f}] {_one_line(e.text)}" for e in shown]
    return "\n".join(lines)


def _one_line(text: str, limit: int = 120) -> str:
    # Keep each error on one terminal line: buyer text may hold newlines or be very long.
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def to_dict(report: EvalReport, *, errors: int | None = None) -> dict[str, Any]:
    """JSON-ready dict; per-intent and error keys follow rasa's intent_report / intent_errors files."""
    shown = report.errors if errors is None else report.errors[: max(errors, 0)]
    return {
        "total": report.total,
        "skipped": report.skipped,
        "accuracy": report.top1_accuracy,
        "top3_accuracy": report.top3_accuracy,
        "macro_f1": report.macro_f1,
        "intents": {
            s.intent: {
                "precision": s.precision,
                "recall": s.recall,
                "f1-score": s.f1,
                "support": s.support,
                "predicted": s.predicted,
                "confused_with": s.confused_with,
            }
            for s in report.per_intent
        },
        "confused_pairs": [{"gold": p.gold, "predicted": p.predicted, "count": p.count} for p in report.confused_pairs],
        "errors": [
            {
                "text": e.text,
                "intent": e.gold,
                "intent_prediction": {"name": e.predicted, "confidence": e.score},
                "line": e.line,
            }
            for e in shown
        ],
    }


def to_json(report: EvalReport, *, errors: int | None = None) -> str:
    return json.dumps(to_dict(report, errors=errors), ensure_ascii=False, indent=2)
