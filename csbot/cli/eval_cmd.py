"""``csbot eval FILE [--json] [--errors N]``: intent accuracy of the shop's matcher on a labelled JSONL file.

FILE holds one ``{"text", "intent"}`` object per line (``"needs_context": true`` lines are skipped and
counted).  The output mirrors ``rasa test nlu``: top-1/top-3 accuracy, macro-F1, per-intent
precision/recall/F1, the most confused pairs and the misclassified messages.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csbot.errors import InputError

if TYPE_CHECKING:
    from csbot.evaluate import Classifier

DEFAULT_TEXT_ERRORS = 20


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="accuracy report on a labelled JSONL file",
        description='Classify every {"text", "intent"} line of FILE and report accuracy like `rasa test nlu`.',
    )
    parser.add_argument("file", type=Path, metavar="FILE", help='labelled JSONL: {"text", "intent"} per line')
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--errors",
        type=_non_negative,
        default=None,
        metavar="N",
        help=f"show at most N misclassified messages (default: {DEFAULT_TEXT_ERRORS}; all with --json)",
    )
    parser.set_defaults(handler=run)


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


def run(args: argparse.Namespace) -> int:
    # Imported here so that `csbot --help` and the other commands never pay for the engine.
    from csbot.evaluate import evaluate, format_text, load_labelled, to_json

    # Read the labels before loading the shop: a typo in FILE should fail fast and cheaply.
    rows = load_labelled(args.file)
    if not rows:
        raise InputError(f"{args.file}: no labelled messages to evaluate (skipped {rows.skipped})")
    report = evaluate(rows, _shop_classifier(args.shop))
    if args.json:
        print(to_json(report, errors=args.errors))
    else:
        limit = DEFAULT_TEXT_ERRORS if args.errors is None else args.errors
        print(format_text(report, errors=limit))
    return 0


def _shop_classifier(shop_dir: Path | None) -> Classifier:
    """classify(text) -> [(intent id, score), ...] ranked, backed by the shop's matcher."""
    from csbot.shop import load_shop

    matcher = load_shop(shop_dir).matcher

    def classify(text: str) -> list[tuple[str, float]]:
        return [(item.id, float(item.score)) for item in matcher.classify(text).intents]

    return classify
