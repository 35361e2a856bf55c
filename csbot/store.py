"""The shop's data in one SQLite file (``store.sqlite3`` in the shop folder).

Products (with their SKUs), orders (with their items), coupons and the reply history.
The schema is versioned with ``PRAGMA user_version``; opening an older store runs the
migrations in order inside one transaction, after copying the file to
``store.sqlite3.v<N>.bak`` so an upgrade can never cost a shop its data.

Times are naive local datetimes (PDD exports are in Beijing time and carry no zone),
stored as ``YYYY-MM-DD HH:MM:SS`` text so SQLite's own date functions work on them.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from csbot import paths
from csbot.errors import ShopDataError
from csbot.similar import SimilarIndex, SimilarItem, title_tokens

SCHEMA_VERSION = 3

ORDER_STATUSES = ("待发货", "已发货", "已签收", "售后中", "已取消")

_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


# ---------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Sku:
    spec: str
    stock: int
    price: float | None = None

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


@dataclass(frozen=True)
class Product:
    id: str
    title: str
    price: float
    stock: int
    category: str = ""
    restock_date: date | None = None
    skus: tuple[Sku, ...] = ()

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    def sku(self, spec: str) -> Sku | None:
        """The SKU whose spec means the same as ``spec`` ("黑色,M" matches "颜色:黑色;尺码:M")."""
        key = spec_key(spec)
        for sku in self.skus:
            if spec_key(sku.spec) == key:
                return sku
        return None


@dataclass(frozen=True)
class OrderItem:
    product_id: str
    title: str = ""
    sku: str = ""
    qty: int = 1


@dataclass(frozen=True)
class Order:
    sn: str
    status: str
    amount: float
    items: tuple[OrderItem, ...] = ()
    group_time: datetime | None = None
    promise_ship_time: datetime | None = None
    shipped_time: datetime | None = None
    courier: str | None = None
    tracking_no: str | None = None
    trace_time: datetime | None = None
    """Last courier scan (物流最新轨迹时间); None means the waybill has not moved."""


@dataclass(frozen=True)
class Coupon:
    id: str
    name: str
    amount: float
    threshold: float = 0.0
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def valid_at(self, now: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= now) and (
            self.valid_until is None or now <= self.valid_until
        )


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    time: datetime
    message: str
    intent: str
    template: str | None
    text: str
    override: bool
    order_sn: str | None


@dataclass
class UpsertCount:
    added: int = 0
    updated: int = 0


# ---------------------------------------------------------------------------- helpers

_SPEC_LABEL = re.compile(r"(颜色分类|颜色|尺码|尺寸|规格|型号|款式|口味|容量|分类|size|color)\s*[:：]", re.I)
_SPEC_SPLIT = re.compile(r"[;；,，/|+\s]+")


def spec_key(spec: str) -> str:
    """A comparable form of a SKU text: labels dropped, parts sorted, 码 suffix removed.

    Exports write the same SKU as "颜色:黑色;尺码:M", "黑色,M" or "黑色 M码"."""
    text = unicodedata.normalize("NFKC", spec or "").lower()
    text = _SPEC_LABEL.sub(" ", text)
    parts = {p[:-1] if p.endswith("码") and len(p) > 1 else p for p in _SPEC_SPLIT.split(text) if p}
    return "|".join(sorted(parts))


def spec_parts(spec: str) -> set[str]:
    return set(spec_key(spec).split("|")) - {""}


def _fmt_time(value: datetime | None) -> str | None:
    return value.strftime(_TIME_FORMAT) if value else None


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.strptime(value[:19], _TIME_FORMAT) if len(value) >= 19 else datetime.fromisoformat(value)


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


# ---------------------------------------------------------------------------- schema

# Version 1: the first released layout (one item per order, no SKUs).  Kept verbatim:
# a fresh store is built by running every migration, so the upgrade path is what
# every test exercises, not a separate code path that only old users hit.
_V1 = """
CREATE TABLE products (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, category TEXT NOT NULL DEFAULT '',
    price REAL NOT NULL, stock INTEGER NOT NULL DEFAULT 0, specs TEXT NOT NULL DEFAULT '',
    restock_date TEXT);
CREATE TABLE orders (
    sn TEXT PRIMARY KEY, product_id TEXT, title TEXT, sku TEXT, qty INTEGER NOT NULL DEFAULT 1,
    amount REAL NOT NULL DEFAULT 0, status TEXT NOT NULL, group_time TEXT, promise_ship_time TEXT,
    shipped_time TEXT, courier TEXT, tracking_no TEXT);
CREATE TABLE coupons (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, amount REAL NOT NULL, threshold REAL NOT NULL DEFAULT 0,
    valid_until TEXT);
CREATE TABLE history (
    id INTEGER PRIMARY KEY, time TEXT NOT NULL, message TEXT NOT NULL, intent TEXT NOT NULL,
    text TEXT NOT NULL);
"""

# Version 2: SKUs with their own stock, multi-item orders, courier movement, coupon start,
# reply-history template/override/order, a key-value meta table.
_V2 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE skus (
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE, spec TEXT NOT NULL,
    stock INTEGER NOT NULL DEFAULT 0, price REAL, PRIMARY KEY (product_id, spec));
ALTER TABLE products ADD COLUMN title_tokens TEXT;
ALTER TABLE products ADD COLUMN updated_at TEXT;
CREATE INDEX products_category ON products(category, price);

CREATE TABLE orders_v2 (
    sn TEXT PRIMARY KEY, status TEXT NOT NULL, amount REAL NOT NULL DEFAULT 0, group_time TEXT,
    promise_ship_time TEXT, shipped_time TEXT, courier TEXT, tracking_no TEXT, trace_time TEXT,
    updated_at TEXT);
INSERT INTO orders_v2 (sn, status, amount, group_time, promise_ship_time, shipped_time, courier, tracking_no)
    SELECT sn, status, amount, group_time, promise_ship_time, shipped_time, courier, tracking_no FROM orders;
CREATE TABLE order_items (
    sn TEXT NOT NULL REFERENCES orders(sn) ON DELETE CASCADE, line INTEGER NOT NULL,
    product_id TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', sku TEXT NOT NULL DEFAULT '',
    qty INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (sn, line));
INSERT INTO order_items (sn, line, product_id, title, sku, qty)
    SELECT sn, 0, COALESCE(product_id, ''), COALESCE(title, ''), COALESCE(sku, ''), qty FROM orders;
DROP TABLE orders;
ALTER TABLE orders_v2 RENAME TO orders;
CREATE INDEX orders_status ON orders(status, group_time);
CREATE INDEX order_items_product ON order_items(product_id);

ALTER TABLE coupons ADD COLUMN valid_from TEXT;
ALTER TABLE history ADD COLUMN template TEXT;
ALTER TABLE history ADD COLUMN override INTEGER NOT NULL DEFAULT 0;
ALTER TABLE history ADD COLUMN order_sn TEXT;
CREATE INDEX history_intent ON history(intent, time);
"""

_V3 = """
CREATE TABLE unrecognised (
    message TEXT PRIMARY KEY, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 1);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)  # MIGRATIONS[i] takes a store from version i to i + 1
assert len(MIGRATIONS) == SCHEMA_VERSION


# ---------------------------------------------------------------------------- the store


class Store:
    """One shop's SQLite store.  Safe to share between threads (one lock per store)."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ShopDataError(f"no shop data store at {self.path}: import products and orders first")
        self._lock = threading.RLock()
        self._depth = 0
        self._similar: SimilarIndex | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise ShopDataError(f"cannot open the shop data store {self.path}: {exc}") from exc
        try:
            self._conn.execute("PRAGMA busy_timeout = 10000")
            # WAL lets the TUI read while an import writes.
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
            # Only after migrating: v2 rebuilds the orders table, and with foreign keys on that
            # DROP TABLE would cascade into the order items it has just copied.
            self._conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise ShopDataError(f"{self.path} is not a usable csbot store: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    @classmethod
    def for_shop(cls, shop_dir: Path, *, create: bool = True) -> Store:
        return cls(Path(shop_dir) / paths.STORE_FILE, create=create)

    # -- lifecycle

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise ShopDataError(
                f"{self.path} was written by a newer csbot (schema {version}, this csbot knows {SCHEMA_VERSION}):"
                " upgrade csbot"
            )
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self._backup(self.path.with_name(f"{self.path.name}.v{version}.bak"))
        with self.transaction():
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = self.schema_version
            for target in range(version + 1, SCHEMA_VERSION + 1):
                _exec_script(self._conn, MIGRATIONS[target - 1])
                self._conn.execute(f"PRAGMA user_version = {target}")

    def _backup(self, target: Path) -> None:
        if target.exists():
            return
        dest = sqlite3.connect(target)
        try:
            self._conn.backup(dest)
        finally:
            dest.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested uses join the outer one (all or nothing)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # -- meta

    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def delete_meta(self, key: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))

    def _bump_products_revision(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('products_rev', '1') ON CONFLICT(key) DO UPDATE"
            " SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
        )

    def counts(self) -> dict[str, int]:
        return {
            table: self._query(f"SELECT COUNT(*) FROM {table}")[0][0]
            for table in ("products", "orders", "coupons", "history")
        }

    # -- products

    def upsert_products(self, products: Iterable[Product]) -> UpsertCount:
        """Insert or update products by id; a product's SKU list is replaced by the new one."""
        count = UpsertCount()
        stamp = _fmt_time(datetime.now())
        with self.transaction() as conn:
            for p in products:
                exists = conn.execute("SELECT 1 FROM products WHERE id = ?", (p.id,)).fetchone()
                conn.execute(
                    "INSERT INTO products (id, title, category, price, stock, specs, restock_date, title_tokens,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                    " title = excluded.title, category = excluded.category, price = excluded.price,"
                    " stock = excluded.stock, specs = excluded.specs, restock_date = excluded.restock_date,"
                    " title_tokens = excluded.title_tokens, updated_at = excluded.updated_at",
                    (
                        p.id,
                        p.title,
                        p.category,
                        p.price,
                        p.stock,
                        ";".join(s.spec for s in p.skus),
                        p.restock_date.isoformat() if p.restock_date else None,
                        title_tokens(p.title),
                        stamp,
                    ),
                )
                conn.execute("DELETE FROM skus WHERE product_id = ?", (p.id,))
                conn.executemany(
                    "INSERT INTO skus (product_id, spec, stock, price) VALUES (?, ?, ?, ?)",
                    [(p.id, s.spec, s.stock, s.price) for s in p.skus],
                )
                if exists:
                    count.updated += 1
                else:
                    count.added += 1
            self._bump_products_revision(conn)
        return count

    def get_product(self, product_id: str) -> Product | None:
        rows = self._query(
            "SELECT id, title, category, price, stock, restock_date FROM products WHERE id = ?", (product_id,)
        )
        return self._products(rows)[0] if rows else None

    def list_products(self, *, category: str | None = None, limit: int = 1000) -> list[Product]:
        sql = "SELECT id, title, category, price, stock, restock_date FROM products"
        params: list[object] = []
        if category is not None:
            sql += " WHERE category = ?"
            params.append(category)
        rows = self._query(sql + " ORDER BY category, id LIMIT ?", (*params, limit))
        return self._products(rows)

    def find_products(self, text: str, *, limit: int = 20) -> list[Product]:
        """Products whose id is ``text`` or whose title contains it (for the TUI's picker)."""
        rows = self._query(
            "SELECT id, title, category, price, stock, restock_date FROM products"
            " WHERE id = ? OR instr(title, ?) > 0 ORDER BY id LIMIT ?",
            (text, text, limit),
        )
        return self._products(rows)

    def categories(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT category FROM products ORDER BY category")]

    def _products(self, rows: list[tuple]) -> list[Product]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        skus: dict[str, list[Sku]] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("?" * len(chunk))
            for pid, spec, stock, price in self._query(
                f"SELECT product_id, spec, stock, price FROM skus WHERE product_id IN ({marks}) ORDER BY rowid",
                chunk,
            ):
                skus.setdefault(pid, []).append(Sku(spec, stock, price))
        return [
            Product(
                id=r[0],
                title=r[1],
                category=r[2],
                price=r[3],
                stock=r[4],
                restock_date=_parse_date(r[5]),
                skus=tuple(skus.get(r[0], ())),
            )
            for r in rows
        ]

    # -- similar items

    def _similar_index(self) -> SimilarIndex:
        revision = self.get_meta("products_rev") or "0"
        index = self._similar
        if index is None or index.revision != revision:
            rows = self._query("SELECT id, title, category, price, stock, title_tokens FROM products")
            index = self._similar = SimilarIndex(rows, revision)
        return index

    def warm_similar(self) -> None:
        """Build the similar-item index now (e.g. while the TUI starts) instead of on first use."""
        self._similar_index()

    def similar_products(
        self,
        product: Product,
        *,
        band: float = 0.2,
        limit: int = 3,
        price: float | None = None,
    ) -> list[SimilarItem]:
        """In-stock products of the same category within ``price ± band``, for the same buyers
        (never a women's item for a men's one), best title match first."""
        index = self._similar_index()
        found = index.where.get(product.id)
        tokens = found[1] if found else index.focus(title_tokens(product.title))
        return index.lookup(
            product.category,
            product.price if price is None else price,
            tokens,
            band=band,
            limit=limit,
            exclude=product.id,
            title=product.title,
        )

    # -- orders

    def upsert_orders(self, orders: Iterable[Order]) -> UpsertCount:
        """Insert or update orders by order number; an order's items are replaced."""
        count = UpsertCount()
        stamp = _fmt_time(datetime.now())
        with self.transaction() as conn:
            for o in orders:
                exists = conn.execute("SELECT 1 FROM orders WHERE sn = ?", (o.sn,)).fetchone()
                conn.execute(
                    "INSERT INTO orders (sn, status, amount, group_time, promise_ship_time, shipped_time, courier,"
                    " tracking_no, trace_time, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT(sn) DO UPDATE SET status = excluded.status, amount = excluded.amount,"
                    " group_time = excluded.group_time, promise_ship_time = excluded.promise_ship_time,"
                    " shipped_time = excluded.shipped_time, courier = excluded.courier,"
                    " tracking_no = excluded.tracking_no, trace_time = excluded.trace_time,"
                    " updated_at = excluded.updated_at",
                    (
                        o.sn,
                        o.status,
                        o.amount,
                        _fmt_time(o.group_time),
                        _fmt_time(o.promise_ship_time),
                        _fmt_time(o.shipped_time),
                        o.courier,
                        o.tracking_no,
                        _fmt_time(o.trace_time),
                        stamp,
                    ),
                )
                conn.execute("DELETE FROM order_items WHERE sn = ?", (o.sn,))
                conn.executemany(
                    "INSERT INTO order_items (sn, line, product_id, title, sku, qty) VALUES (?, ?, ?, ?, ?, ?)",
                    [(o.sn, n, it.product_id, it.title, it.sku, it.qty) for n, it in enumerate(o.items)],
                )
                if exists:
                    count.updated += 1
                else:
                    count.added += 1
        return count

    _ORDER_COLUMNS = "sn, status, amount, group_time, promise_ship_time, shipped_time, courier, tracking_no, trace_time"

    def get_order(self, sn: str) -> Order | None:
        rows = self._query(f"SELECT {self._ORDER_COLUMNS} FROM orders WHERE sn = ?", (sn.strip(),))
        return self._orders(rows)[0] if rows else None

    def list_orders(self, *, status: str | None = None, limit: int = 200) -> list[Order]:
        """Orders newest first (by 成团时间), optionally of one status (for the TUI's picker)."""
        sql = f"SELECT {self._ORDER_COLUMNS} FROM orders"
        params: list[object] = []
        if status is not None:
            sql += " WHERE status = ?"
            params.append(status)
        sql += " ORDER BY group_time DESC, sn LIMIT ?"
        return self._orders(self._query(sql, (*params, limit)))

    def _orders(self, rows: list[tuple]) -> list[Order]:
        items: dict[str, list[OrderItem]] = {}
        for chunk in _chunks([r[0] for r in rows], 500):
            marks = ",".join("?" * len(chunk))
            for sn, pid, title, sku, qty in self._query(
                f"SELECT sn, product_id, title, sku, qty FROM order_items WHERE sn IN ({marks}) ORDER BY sn, line",
                chunk,
            ):
                items.setdefault(sn, []).append(OrderItem(pid, title, sku, qty))
        return [
            Order(
                sn=r[0],
                status=r[1],
                amount=r[2],
                items=tuple(items.get(r[0], ())),
                group_time=_parse_time(r[3]),
                promise_ship_time=_parse_time(r[4]),
                shipped_time=_parse_time(r[5]),
                courier=r[6],
                tracking_no=r[7],
                trace_time=_parse_time(r[8]),
            )
            for r in rows
        ]

    # -- coupons

    def upsert_coupons(self, coupons: Iterable[Coupon]) -> UpsertCount:
        count = UpsertCount()
        with self.transaction() as conn:
            for c in coupons:
                exists = conn.execute("SELECT 1 FROM coupons WHERE id = ?", (c.id,)).fetchone()
                conn.execute(
                    "INSERT INTO coupons (id, name, amount, threshold, valid_from, valid_until)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                    " amount = excluded.amount, threshold = excluded.threshold,"
                    " valid_from = excluded.valid_from, valid_until = excluded.valid_until",
                    (c.id, c.name, c.amount, c.threshold, _fmt_time(c.valid_from), _fmt_time(c.valid_until)),
                )
                if exists:
                    count.updated += 1
                else:
                    count.added += 1
        return count

    def coupons(self) -> list[Coupon]:
        rows = self._query(
            "SELECT id, name, amount, threshold, valid_from, valid_until FROM coupons ORDER BY threshold, id"
        )
        return [Coupon(r[0], r[1], r[2], r[3], _parse_time(r[4]), _parse_time(r[5])) for r in rows]

    def best_coupon(self, amount: float, *, now: datetime) -> Coupon | None:
        """The valid coupon the amount qualifies for (threshold <= amount) worth the most."""
        fitting = [c for c in self.coupons() if c.valid_at(now) and c.threshold <= amount + 1e-9]
        # Largest discount; between equals the lower threshold (easier to explain), then id.
        fitting.sort(key=lambda c: (-c.amount, c.threshold, c.id))
        return fitting[0] if fitting else None

    # -- reply history

    def add_history(
        self,
        message: str,
        intent: str,
        template: str | None,
        text: str,
        *,
        override: bool = False,
        order_sn: str | None = None,
        time: datetime | None = None,
    ) -> int:
        """Record a reply the agent copied (``override``: copied despite a blocking phrase)."""
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO history (time, message, intent, template, text, override, order_sn)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_fmt_time(time or datetime.now()), message, intent, template, text, int(override), order_sn),
            )
            return int(cursor.lastrowid or 0)

    _HISTORY_COLUMNS = "id, time, message, intent, template, text, override, order_sn"

    def history(self, limit: int = 50, *, intent: str | None = None) -> list[HistoryEntry]:
        """The latest replies, newest first."""
        sql = f"SELECT {self._HISTORY_COLUMNS} FROM history"
        params: list[object] = []
        if intent is not None:
            sql += " WHERE intent = ?"
            params.append(intent)
        rows = self._query(sql + " ORDER BY time DESC, id DESC LIMIT ?", (*params, limit))
        return [_history_entry(r) for r in rows]

    def note_unrecognised(self, message: str, *, time: datetime | None = None) -> None:
        """Remember a buyer message csbot could not place, whether or not a reply was copied."""
        message = message.strip()[:2000]
        if not message:
            return
        stamp = _fmt_time(time or datetime.now())
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO unrecognised (message, first_seen, last_seen) VALUES (?, ?, ?)"
                " ON CONFLICT(message) DO UPDATE SET last_seen = excluded.last_seen, count = count + 1",
                (message, stamp, stamp),
            )

    def unknown_messages(self, limit: int = 50) -> list[HistoryEntry]:
        """Messages that fell to ``unknown``, newest first: the copied ones and those only
        analysed — the shop owner's list of phrasings to teach csbot."""
        copied = self.history(limit, intent="unknown")
        seen = {entry.message for entry in copied}
        rows = self._query("SELECT message, last_seen FROM unrecognised ORDER BY last_seen DESC LIMIT ?", (limit,))
        analysed = [
            HistoryEntry(0, _parse_time(stamp) or datetime.now(), message, "unknown", None, "", False, None)
            for message, stamp in rows
            if message not in seen
        ]
        return sorted([*copied, *analysed], key=lambda e: e.time, reverse=True)[:limit]

    def all_history(self) -> list[HistoryEntry]:
        rows = self._query(f"SELECT {self._HISTORY_COLUMNS} FROM history ORDER BY id")
        return [_history_entry(r) for r in rows]

    # -- demo support

    def shift_times(self, delta: timedelta, *, restock_days: int) -> None:
        """Move every order, coupon and restock time by ``delta`` (the demo shop stays 'now')."""
        seconds = f"{int(delta.total_seconds()):+d} seconds"
        days = f"{restock_days:+d} days"
        with self.transaction() as conn:
            conn.execute(
                "UPDATE orders SET group_time = datetime(group_time, ?), promise_ship_time ="
                " datetime(promise_ship_time, ?), shipped_time = datetime(shipped_time, ?),"
                " trace_time = datetime(trace_time, ?)",
                (seconds,) * 4,
            )
            conn.execute(
                "UPDATE coupons SET valid_from = datetime(valid_from, ?), valid_until = datetime(valid_until, ?)",
                (seconds,) * 2,
            )
            conn.execute("UPDATE products SET restock_date = date(restock_date, ?)", (days,))

    def checkpoint(self) -> None:
        """Fold the WAL into the main file (before the file is copied or replaced)."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _history_entry(r: tuple) -> HistoryEntry:
    return HistoryEntry(
        id=r[0],
        time=_parse_time(r[1]) or datetime.min,
        message=r[2],
        intent=r[3],
        template=r[4],
        text=r[5],
        override=bool(r[6]),
        order_sn=r[7],
    )


def _exec_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a migration statement by statement: ``executescript`` would COMMIT the open
    transaction, and a migration must be all or nothing."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
