"""A TF-IDF char 1-3-gram + logistic regression baseline, trained on csbot's own bundled examples and phrasings.

It answers one question: does csbot's matcher beat the obvious off-the-shelf classifier fed the same
example phrasings?  The baseline is deliberately untuned (scikit-learn defaults apart from the n-gram
range and enough iterations to converge): tuning it against the evaluation sets would leak them.

    python benchmarks/baseline_tfidf.py [--catalogue PATH]     # its own figures on both sets

scikit-learn is a benchmark-only dependency (``pip install -e .[dev]``); csbot never imports this file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere without installing csbot
    sys.path.insert(0, str(ROOT))

DEFAULT_CATALOGUE = ROOT / "csbot" / "demo_shop" / "intents.toml"

Classifier = Callable[[str], list[tuple[str, float]]]


class IntentLike(Protocol):
    id: str
    examples: list[str]


class CatalogueLike(Protocol):
    @property
    def intents(self) -> Sequence[IntentLike]: ...


@dataclass
class _Intent:
    id: str
    examples: list[str] = field(default_factory=list)


@dataclass
class _Catalogue:
    intents: list[_Intent]


def load_catalogue(path: str | Path = DEFAULT_CATALOGUE) -> CatalogueLike:
    """csbot's own loader when it imports; else the raw ``[[intent]]`` tables, so the baseline still runs."""
    try:
        from csbot.intents import load_catalogue as csbot_load
    except ImportError:
        return _parse_toml(Path(path))
    return csbot_load(Path(path))


def _parse_toml(path: Path) -> _Catalogue:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return _Catalogue(
        [_Intent(str(raw["id"]), [str(e) for e in raw.get("examples", [])]) for raw in data.get("intent", [])]
    )


def train_baseline(catalogue: CatalogueLike, *, with_phrasings: bool = True) -> Classifier:
    """Fit on every (example, intent id) pair, and (phrasing, intent id) unless told not to;
    return classify(text) -> [(id, probability), ...] ranked."""
    # Imported here so that the caller can pin BLAS threads (OMP_NUM_THREADS) before numpy loads.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts: list[str] = []
    labels: list[str] = []
    for intent in catalogue.intents:
        phrasings = [*intent.examples, *(getattr(intent, "phrasings", []) if with_phrasings else [])]
        texts += phrasings
        labels += [intent.id] * len(phrasings)
    if len(set(labels)) < 2:
        raise ValueError("the catalogue needs examples for at least two intents")
    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3)),
        LogisticRegression(max_iter=5000),
    )
    model.fit(texts, labels)
    classes: list[str] = [str(c) for c in model.classes_]

    def classify(text: str) -> list[tuple[str, float]]:
        probabilities = model.predict_proba([text])[0]
        ranked = sorted(zip(classes, probabilities, strict=True), key=lambda pair: -pair[1])
        return [(intent, float(p)) for intent, p in ranked]

    return classify


def example_count(catalogue: CatalogueLike) -> int:
    """Examples plus phrasings: everything both classifiers learn from."""
    return sum(len(intent.examples) + len(getattr(intent, "phrasings", [])) for intent in catalogue.intents)


def main(argv: Sequence[str] | None = None) -> int:
    from csbot.evaluate import evaluate, load_labelled

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE, help="intents file to train on")
    args = parser.parse_args(argv)
    catalogue = load_catalogue(args.catalogue)
    classify = train_baseline(catalogue)
    print(f"baseline trained on {example_count(catalogue)} examples from {args.catalogue}")
    for name, path in eval_sets().items():
        if not path.is_file():
            print(f"{name}: {path} not found, skipped")
            continue
        report = evaluate(load_labelled(path), classify)
        print(
            f"{name:<8} n={report.total:<4} top-1 {report.top1_accuracy:.3f}  "
            f"top-3 {report.top3_accuracy:.3f}  macro-F1 {report.macro_f1:.3f}"
        )
    return 0


def eval_sets() -> dict[str, Path]:
    """The measured sets: the real labelled chats (shared, outside the checkout) and our two held-out sets."""
    here = Path(__file__).resolve().parent
    return {
        "real": here.parents[1] / "shared" / "eval" / "real_labelled.jsonl",
        "heldout": here / "heldout.jsonl",
        "indep": here / "independent.jsonl",
    }


if __name__ == "__main__":
    sys.exit(main())
