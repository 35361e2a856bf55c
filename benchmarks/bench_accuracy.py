"""Accuracy of csbot's matcher against the TF-IDF baseline, and classification speed.

    python benchmarks/bench_accuracy.py [--shop DIR] [--repeats 5] [--no-speed] [--seeds 4]

Accuracy on three sets (``needs_context`` lines skipped):
  real     ../shared/eval/real_labelled.jsonl: 600 hand-labelled JD/Taobao buyer turns
  heldout  benchmarks/heldout.jsonl: PDD-style messages written for measuring only, never as examples
  indep    benchmarks/independent.jsonl: 1,680 messages written by authors who never saw the catalogue
           (the other half of what they wrote is the demo shop's phrasings/), never as examples
Two baselines: "baseline" learns from the same text as csbot (examples and phrasings);
"base-ex" from the catalogue examples alone, as issue 2 words it ("the same bundled examples").

Speed on one core (pinned with sched_setaffinity where the OS allows, BLAS threads set to 1): each
message is timed on its own after a warm-up pass; figures are medians over ``--repeats`` runs because
this machine has 2 shared cores and run-to-run noise is high (expect +-20 %).
"""

from __future__ import annotations

import os

# Before anything can import numpy: one BLAS thread, or the baseline's timing uses both cores.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling baseline module
from baseline_tfidf import ROOT, eval_sets, example_count, train_baseline  # noqa: E402

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from csbot.evaluate import EvalReport, LabelledSet, evaluate, load_labelled  # noqa: E402

# An evaluation line this close to a catalogue example (rapidfuzz ratio on normalised text) is "seen".
NEAR_DUPLICATE_RATIO = 90.0

# The targets of issue 2 ("Measured"), printed beside the figures so a regression is visible at a glance.
TARGET_TOP1 = {"real": 0.85, "heldout": 0.97}
TARGET_MARGIN_POINTS = {"real": 10.0}
TARGET_CLASSIFY_PER_S = 5000.0
TARGET_ANALYSE_P99_MS = 5.0


@dataclass(frozen=True)
class Speed:
    per_second: float
    p50_ms: float
    p99_ms: float


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shop", type=Path, default=None, metavar="DIR", help="shop folder (default: demo shop)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure (median reported)")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument(
        "--seeds", type=int, default=4, metavar="N", help="word-model shuffles for the spread of top-1 (0: skip)"
    )
    args = parser.parse_args(argv)

    from csbot.shop import load_shop

    shop = load_shop(args.shop)
    csbot_classify = matcher_classifier(shop.matcher)
    baseline = train_baseline(shop.catalogue)
    examples_only = train_baseline(shop.catalogue, with_phrasings=False)
    print(f"catalogue: {shop.catalogue.source}  ({example_count(shop.catalogue)} examples and phrasings)")

    sets = {name: load_labelled(path) for name, path in eval_sets().items() if path.is_file()}
    for name, path in eval_sets().items():
        if name not in sets:
            print(f"{name}: {path} not found, skipped")
    print_accuracy(sets, csbot_classify, {"baseline": baseline, "base-ex": examples_only})
    print_leakage(sets, shop.catalogue, csbot_classify, baseline)
    if args.seeds > 1:
        print_seed_spread(sets, shop.catalogue, args.seeds)
    if not args.no_speed:
        texts = [row.text for rows in sets.values() for row in rows]
        print_speed(shop, texts, csbot_classify, baseline, max(args.repeats, 1))
    return 0


def matcher_classifier(matcher: Any) -> Callable[[str], list[tuple[str, float]]]:
    """The same adapter ``csbot eval`` uses: ranked (intent id, score) from ``matcher.classify``."""

    def classify(text: str) -> list[tuple[str, float]]:
        return [(item.id, float(item.score)) for item in matcher.classify(text).intents]

    return classify


# --------------------------------------------------------------------------- accuracy


def print_accuracy(sets: dict[str, LabelledSet], csbot_classify: Callable, baselines: dict[str, Callable]) -> None:
    print()
    print(f"{'set':<8} {'n':>4} {'skip':>4}  {'':<8} {'top-1':>6} {'top-3':>6} {'macroF1':>7}")
    for name, rows in sets.items():
        ours = evaluate(rows, csbot_classify)
        print(f"{name:<8} {ours.total:>4} {ours.skipped:>4}  {'csbot':<8} {_figures(ours)}")
        if name in TARGET_TOP1:
            ok = ours.top1_accuracy >= TARGET_TOP1[name]
            print(f"{'':<18} target top-1 >= {TARGET_TOP1[name]:.2f}: {'ok' if ok else 'MISSED'}")
        for label, baseline in baselines.items():
            theirs = evaluate(rows, baseline)
            print(f"{'':<18} {label:<8} {_figures(theirs)}")
            print(f"{'':<18} {'diff pts':<8} {_diff(ours, theirs)}   {_verdict(name, ours, theirs)}")


def _figures(report: EvalReport) -> str:
    return f"{report.top1_accuracy:>6.3f} {report.top3_accuracy:>6.3f} {report.macro_f1:>7.3f}"


def _diff(ours: EvalReport, theirs: EvalReport) -> str:
    deltas = (
        ours.top1_accuracy - theirs.top1_accuracy,
        ours.top3_accuracy - theirs.top3_accuracy,
        ours.macro_f1 - theirs.macro_f1,
    )
    return f"{100 * deltas[0]:>+6.1f} {100 * deltas[1]:>+6.1f} {100 * deltas[2]:>+7.1f}"


def _verdict(name: str, ours: EvalReport, theirs: EvalReport) -> str:
    notes = []
    if name in TARGET_MARGIN_POINTS:
        margin = 100 * (ours.top1_accuracy - theirs.top1_accuracy)
        ok = margin >= TARGET_MARGIN_POINTS[name]
        notes.append(f"beat baseline by >= {TARGET_MARGIN_POINTS[name]:.0f} pts: {'ok' if ok else 'MISSED'}")
    return "; ".join(notes)


def print_seed_spread(sets: dict[str, LabelledSet], catalogue: Any, seeds: int) -> None:
    """Top-1 over several shuffles of the word model's training data: a change is judged by
    the mean here, not by the single shipped figure."""
    from csbot.intents import Matcher
    from csbot.wordmodel import SHUFFLE_SEED

    print()
    print(f"top-1 over {seeds} word-model shuffles (the first is the shipped one; each builds a matcher, ~8 s)")
    scores: dict[str, list[float]] = {name: [] for name in sets}
    for seed in [SHUFFLE_SEED, *range(1, seeds)]:
        classify = matcher_classifier(Matcher(catalogue, word_seed=seed))
        for name, rows in sets.items():
            scores[name].append(evaluate(rows, classify).top1_accuracy)
    for name, values in scores.items():
        listed = " ".join(f"{value:.3f}" for value in values)
        print(f"{name:<8} mean {statistics.mean(values):.3f}  min {min(values):.3f}  max {max(values):.3f}  ({listed})")


# --------------------------------------------------------------------------- leakage


def print_leakage(sets: dict[str, LabelledSet], catalogue: Any, csbot_classify: Callable, baseline: Callable) -> None:
    """Re-score on the lines that no catalogue example duplicates: copies measure memory, not matching."""
    seen = catalogue_texts(catalogue)
    print()
    print(
        "overlap with catalogue examples and phrasings "
        f"(exact or rapidfuzz ratio >= {NEAR_DUPLICATE_RATIO:.0f} after normalising)"
    )
    for name, rows in sets.items():
        unseen = LabelledSet([row for row in rows if not is_seen(row.text, seen)])
        print(f"{name:<8} {len(rows) - len(unseen)} of {len(rows)} lines overlap", end="")
        if len(unseen) == len(rows) or not unseen:
            print()
            continue
        ours, theirs = evaluate(unseen, csbot_classify), evaluate(unseen, baseline)
        print(f"; on the {len(unseen)} others: csbot {_figures(ours)} | baseline {_figures(theirs)}")


def _normalise(text: str) -> str:
    from csbot.normalize import normalise

    return "".join(normalise(text).split())


def catalogue_texts(catalogue: Any) -> list[str]:
    """Everything the matcher learns from: examples and phrasings."""
    texts = (text for intent in catalogue.intents for text in (*intent.examples, *intent.phrasings))
    return sorted({_normalise(text) for text in texts})


def is_seen(text: str, seen: list[str]) -> bool:
    from rapidfuzz import fuzz, process

    match = process.extractOne(_normalise(text), seen, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_RATIO)
    return match is not None


# --------------------------------------------------------------------------- speed


def print_speed(shop: Any, texts: list[str], csbot_classify: Callable, baseline: Callable, repeats: int) -> None:
    cpu = pin_one_core()
    where = f"pinned to CPU {cpu}" if cpu is not None else "not pinned"
    print()
    print(f"speed: {len(texts)} messages, median of {repeats} runs, {where}; 2 shared cores: noise is high")
    print(f"{'':<18} {'msg/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
    speed = measure(csbot_classify, texts, repeats)
    ok = "ok" if speed.per_second >= TARGET_CLASSIFY_PER_S else "MISSED"
    print(f"{'csbot classify':<18} {_speed(speed)}   target >= {TARGET_CLASSIFY_PER_S:.0f} msg/s: {ok}")
    analyse = engine_analyse(shop)
    if analyse is not None:
        speed = measure(analyse, texts, repeats)
        ok = "ok" if speed.p99_ms <= TARGET_ANALYSE_P99_MS else "MISSED"
        print(f"{'engine.analyse':<18} {_speed(speed)}   target p99 <= {TARGET_ANALYSE_P99_MS:.0f} ms: {ok}")
    print(f"{'baseline classify':<18} {_speed(measure(baseline, texts, repeats))}")


def _speed(speed: Speed) -> str:
    return f"{speed.per_second:>8.0f} {speed.p50_ms:>7.3f} {speed.p99_ms:>7.3f}"


def pin_one_core() -> int | None:
    """Run on one CPU so figures mean 'per core'; returns it, or None where affinity is unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def engine_analyse(shop: Any) -> Callable[[str], Any] | None:
    """``Engine(shop).analyse`` (classify + reply + check) if the pipeline exists and works on a probe."""
    try:
        from csbot.pipeline import Engine
    except ImportError:
        print("engine.analyse: csbot.pipeline.Engine not available, skipped")
        return None
    engine = Engine(shop)
    try:
        engine.analyse("在吗 黑色M码有吗")
    except Exception as exc:  # a benchmark reports a broken stage, it does not stop the others
        print(f"engine.analyse: failed on a probe message ({type(exc).__name__}: {exc}), skipped")
        return None
    return engine.analyse


def measure(fn: Callable[[str], Any], texts: list[str], repeats: int) -> Speed:
    for text in texts:  # warm-up: lazy dictionaries, caches, first-call imports
        fn(text)
    runs = [_one_run(fn, texts) for _ in range(repeats)]
    return Speed(
        per_second=statistics.median(r.per_second for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
    )


def _one_run(fn: Callable[[str], Any], texts: list[str]) -> Speed:
    gc.collect()  # start each run from the same heap state; GC pauses inside the run still count
    durations: list[int] = []
    clock = time.perf_counter_ns
    started = clock()
    for text in texts:
        before = clock()
        fn(text)
        durations.append(clock() - before)
    elapsed_s = (clock() - started) / 1e9
    durations.sort()
    return Speed(len(texts) / elapsed_s, _percentile(durations, 50) / 1e6, _percentile(durations, 99) / 1e6)


def _percentile(ordered: list[int], p: float) -> float:
    # Nearest rank: p99 of 800 messages is the 8th slowest, an observed time rather than an interpolation.
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return float(ordered[rank - 1])


if __name__ == "__main__":
    sys.exit(main())
