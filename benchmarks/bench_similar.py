#!/usr/bin/env python3
"""Similar-item lookup on a 10,000-product store: csbot's index against a naive baseline.

    python benchmarks/bench_similar.py [--products 10000] [--queries 2000] [--json]

The store is synthetic but shaped like the demo shop: titles are recombined from the demo
shop's own title words within each category (10 categories, ~1,000 products each), prices
spread like the demo's.  Both methods answer the same queries in the same process:

* csbot: ``Store.similar_products`` (per-category price-sorted lists with pre-segmented
  titles, built once per store and reused until the products change);
* naive: one SQL query for the category's in-stock products in the price band, jieba on
  every candidate title, rapidfuzz on each, sort: what one would write without an index.

Exit status 1 if the median csbot lookup is over the 5 ms budget.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz  # noqa: E402

from csbot import paths  # noqa: E402
from csbot.normalize import normalise  # noqa: E402
from csbot.segment import segment  # noqa: E402
from csbot.store import Product, Store  # noqa: E402

BUDGET_MS = 5.0


def demo_titles() -> dict[str, list[tuple[str, float]]]:
    raw = (paths.bundled_demo_shop_dir() / "data" / "products.csv").read_bytes()
    rows = csv.DictReader(io.StringIO(raw.decode("gb18030")))
    seen: dict[str, dict[str, float]] = {}
    for row in rows:
        seen.setdefault(row["类目"], {})[row["商品名称"]] = float(row["价格"])
    return {cat: list(titles.items()) for cat, titles in seen.items()}


def synthetic_products(count: int, rng: random.Random) -> list[Product]:
    by_category = demo_titles()
    pools = {cat: [list(segment(normalise(t))) for t, _ in items] for cat, items in by_category.items()}
    categories = sorted(by_category)
    products = []
    for n in range(count):
        cat = categories[n % len(categories)]
        words = [w for title in rng.sample(pools[cat], 2) for w in title]
        title = "".join(rng.sample(words, min(len(words), rng.randint(5, 8))))
        base = rng.choice(by_category[cat])[1]
        price = round(base * rng.uniform(0.6, 1.6), 1)
        stock = 0 if rng.random() < 0.12 else rng.randint(1, 300)
        products.append(Product(f"{n:012d}", title, price, stock, cat))
    return products


def naive_similar(store: Store, product: Product, band: float, limit: int) -> list[str]:
    rows = store._query(  # the straightforward query a first version would run
        "SELECT id, title, price FROM products WHERE category = ? AND stock > 0 AND id != ? AND price BETWEEN ? AND ?",
        (product.category, product.id, product.price * (1 - band), product.price * (1 + band)),
    )
    query = " ".join(segment(normalise(product.title)))
    scored = [
        (fuzz.token_set_ratio(query, " ".join(segment(normalise(title)))), -abs(price - product.price), pid)
        for pid, title, price in rows
    ]
    scored.sort(reverse=True)
    return [pid for _, _, pid in scored[:limit]]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--baseline-queries", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.sqlite3"
        products = synthetic_products(args.products, rng)
        started = time.perf_counter()
        with Store(path) as store:
            store.upsert_products(products)
        import_s = time.perf_counter() - started

        with Store(path) as store:
            started = time.perf_counter()
            store.warm_similar()
            index_ms = (time.perf_counter() - started) * 1000
            queries = [rng.choice(products) for _ in range(args.queries)]
            timings = []
            found = 0
            for product in queries:
                t0 = time.perf_counter()
                found += len(store.similar_products(product, band=0.2, limit=3))
                timings.append((time.perf_counter() - t0) * 1000)
            baseline = []
            for product in queries[: args.baseline_queries]:
                t0 = time.perf_counter()
                naive_similar(store, product, 0.2, 3)
                baseline.append((time.perf_counter() - t0) * 1000)

    result = {
        "products": args.products,
        "queries": args.queries,
        "import_s": round(import_s, 2),
        "index_build_ms": round(index_ms, 1),
        "median_ms": round(statistics.median(timings), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "baseline_median_ms": round(statistics.median(baseline), 2),
        "baseline_p99_ms": round(percentile(baseline, 0.99), 2),
        "speedup_median": round(statistics.median(baseline) / statistics.median(timings), 1),
        "avg_items_found": round(found / len(queries), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['products']} products, {result['queries']} lookups"
            f" (store import {result['import_s']} s, index build {result['index_build_ms']} ms)\n"
            f"csbot index : median {result['median_ms']} ms, p99 {result['p99_ms']} ms\n"
            f"naive       : median {result['baseline_median_ms']} ms, p99 {result['baseline_p99_ms']} ms"
            f" ({len(baseline)} lookups)\n"
            f"speed-up    : {result['speedup_median']}x (median); {result['avg_items_found']} items per lookup"
        )
    return 0 if result["median_ms"] <= BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
