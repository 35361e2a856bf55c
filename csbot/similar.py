"""Similar in-stock items for the stock-out playbook: same category, similar price,
closest title.  The index is built once per store revision and answers in well under a
millisecond on a 10,000-product shop."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class SimilarItem:
    id: str
    title: str
    price: float
    stock: int
    score: float = 0.0


# Words that say who a product is for; a men's shoe must not suggest a women's one.
_MALE = ("男款", "男士", "男式", "男装", "男鞋", "男童", "男孩", "男生", "男人", "男女")
_FEMALE = ("女款", "女士", "女式", "女装", "女鞋", "女童", "女孩", "女生", "女人")


def audience(title: str) -> str:
    """The buyers a title names: "m", "f", or "" for anyone or not said."""
    if "男女" in title or "情侣" in title or "中性" in title:
        return ""
    male = any(word in title for word in _MALE) or title.endswith("男")
    female = any(word in title for word in _FEMALE) or title.endswith("女")
    if not (male or female):
        # A bare 男/女 next to a garment word ("短袖女", "女夏季") still says it.
        male, female = "男" in title, "女" in title
    return "m" if male and not female else "f" if female and not male else ""


def title_tokens(title: str) -> str:
    """The title as space-separated jieba words: what similarity ranking compares."""
    from csbot.normalize import normalise
    from csbot.segment import segment

    return " ".join(segment(normalise(title)))


@dataclass
class _Category:
    prices: list[float] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    stocks: list[int] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)


class SimilarIndex:
    """Per-category product lists sorted by price, with titles already segmented.

    A lookup is then a bisect for the price band plus one rapidfuzz pass over the few
    hundred candidates in it; nothing is segmented or read from disk per query."""

    def __init__(self, rows: Iterable[tuple[str, str, str, float, int, str | None]], revision: str) -> None:
        self.revision = revision
        self.categories: dict[str, _Category] = {}
        self.where: dict[str, tuple[str, str]] = {}  # product id -> (category, tokens)
        full: list[tuple[str, str, str, float, int, str]] = [
            (pid, title, category, price, stock, tokens if tokens is not None else title_tokens(title))
            for pid, title, category, price, stock, tokens in rows
        ]
        self.generic = _generic_words((category, tokens) for _, _, category, _, _, tokens in full)
        for pid, title, category, price, stock, all_tokens in sorted(full, key=lambda r: (r[2], r[3], r[0])):
            tokens = self.focus(all_tokens)
            cat = self.categories.setdefault(category, _Category())
            cat.prices.append(price)
            cat.ids.append(pid)
            cat.titles.append(title)
            cat.tokens.append(tokens)
            cat.stocks.append(stock)
            cat.audiences.append(audience(title))
            self.where[pid] = (category, tokens)

    def focus(self, tokens: str) -> str:
        """The title words that say what the product is: shop-wide filler words dropped."""
        kept = [t for t in tokens.split() if t not in self.generic]
        return " ".join(kept) if kept else tokens

    def lookup(
        self,
        category: str,
        price: float,
        tokens: str,
        *,
        band: float,
        limit: int,
        exclude: str | None,
        title: str = "",
    ) -> list[SimilarItem]:
        cat = self.categories.get(category)
        if cat is None or limit <= 0:
            return []
        lo = bisect.bisect_left(cat.prices, price * (1 - band) - 1e-9)
        hi = bisect.bisect_right(cat.prices, price * (1 + band) + 1e-9)
        wrong_audience = {"m": "f", "f": "m"}.get(audience(title), "-")
        picks = [
            i
            for i in range(lo, hi)
            if cat.stocks[i] > 0 and cat.ids[i] != exclude and cat.audiences[i] != wrong_audience
        ]
        if not picks:
            return []
        # process.extract, not cdist: cdist returns a numpy array and numpy is no dependency.
        scores = [0.0] * len(picks)
        for _, score, k in process.extract(
            tokens, [cat.tokens[i] for i in picks], scorer=fuzz.token_set_ratio, limit=None
        ):
            scores[k] = score
        # Best title match first; equal scores go to the closer price, then the id for stability.
        ranked = sorted(
            range(len(picks)), key=lambda k: (-scores[k], abs(cat.prices[picks[k]] - price), cat.ids[picks[k]])
        )
        return [
            SimilarItem(cat.ids[i], cat.titles[i], cat.prices[i], cat.stocks[i], float(scores[k]))
            for k, i in ((k, picks[k]) for k in ranked[:limit])
        ]


def _generic_words(rows: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Words used across many categories (家庭装, 耐用, 2026, 新款 …): sellers stuff them into
    every title, so matching on them would rank a pair of trousers above a matching jacket.
    A word in at least three categories, or in a quarter of all titles, counts as filler;
    product nouns (T恤, 猫粮) live in one or two categories and stay."""
    spread: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    total = 0
    for category, tokens in rows:
        total += 1
        for token in set(tokens.split()):
            spread.setdefault(token, set()).add(category)
            count[token] = count.get(token, 0) + 1
    return frozenset(t for t, cats in spread.items() if len(cats) >= 3 or count[t] * 4 > max(total, 8))
