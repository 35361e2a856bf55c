"""CSV import of products, orders and coupons as exported from the PDD merchant backend.

Exports come as GBK (Excel's default on Chinese Windows) or UTF-8 with or without a BOM,
with Chinese headers (商品ID, 商品名称, 价格, 订单号, 商家实收金额(元) …).  Other tools name
columns differently, so a mapping (``--map '货号=id,售价=price'``) renames them.

A file is all or nothing: every row is checked before anything is written, a bad file is
rejected with line numbers and reasons, and the write itself is one transaction, so a
shop never ends up with half an import.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from csbot.errors import ShopDataError
from csbot.store import Coupon, Order, OrderItem, Product, Sku, Store, UpsertCount, spec_key

KINDS = ("products", "orders", "coupons")
MAX_PROBLEMS = 50  # enough to fix a file in one go; more would bury the first ones
SHOWN_PROBLEMS = 5

# field -> header spellings (the first is the one messages name).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "products": {
        "id": ("商品ID", "商品id", "商品编号", "商品编码", "goods_id"),
        "title": ("商品名称", "商品标题", "商品", "标题"),
        "category": ("类目", "商品类目", "分类", "类别", "叶子类目"),
        "price": ("价格", "售价", "拼单价", "SKU价格", "团购价"),
        "stock": ("库存", "库存数量", "可售库存", "SKU库存"),
        "spec": ("规格", "商品规格", "SKU", "规格名称", "sku规格"),
        "restock_date": ("补货日期", "预计补货日期", "到货日期", "预售发货日期"),
    },
    "orders": {
        "sn": ("订单号", "订单编号"),
        "product_id": ("商品ID", "商品id", "商品编号"),
        "title": ("商品", "商品名称", "商品标题"),
        "sku": ("商品规格", "规格", "SKU"),
        "qty": ("数量", "商品数量", "购买数量"),
        "amount": ("商家实收金额", "实收金额", "商家实收", "订单金额"),
        "status": ("订单状态", "状态"),
        "aftersale": ("售后状态",),
        "group_time": ("成团时间", "拼单成功时间"),
        "promise_ship_time": ("承诺发货时间", "最晚发货时间"),
        "shipped_time": ("发货时间",),
        "courier": ("快递公司", "物流公司"),
        "tracking_no": ("快递单号", "运单号", "物流单号"),
        "trace_time": ("物流更新时间", "最新物流时间", "物流最新轨迹时间"),
    },
    "coupons": {
        "id": ("优惠券ID", "券ID", "批次ID", "优惠券id"),
        "name": ("优惠券名称", "券名称", "名称"),
        "amount": ("面额", "优惠金额", "减免金额", "券面额"),
        "threshold": ("使用门槛", "门槛", "满减门槛", "满"),
        "valid_from": ("开始时间", "生效时间", "有效期开始"),
        "valid_until": ("结束时间", "失效时间", "有效期至", "有效期结束"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "products": ("id", "title", "price", "stock"),
    "orders": ("sn", "product_id", "amount", "status"),
    "coupons": ("name", "amount"),
}

# PDD and other backends spell the same state several ways; all become one of ORDER_STATUSES.
_STATUS = {
    "待发货": "待发货",
    "未发货": "待发货",
    "已成团待发货": "待发货",
    "待发货已成团": "待发货",
    "已发货": "已发货",
    "已发货待签收": "已发货",
    "已发货待收货": "已发货",
    "待收货": "已发货",
    "待签收": "已发货",
    "运输中": "已发货",
    "已签收": "已签收",
    "已收货": "已签收",
    "交易成功": "已签收",
    "已完成": "已签收",
    "售后中": "售后中",
    "退款中": "售后中",
    "售后处理中": "售后中",
    "退货退款中": "售后中",
    "已取消": "已取消",
    "交易关闭": "已取消",
    "已关闭": "已取消",
    "未成团": "已取消",
}
_AFTERSALE_NONE = ("", "无", "无售后", "-", "--")
_AFTERSALE_DONE = ("关闭", "成功", "完成", "撤销", "取消", "驳回")


class ImportRejected(ShopDataError):
    """A file that was not imported; ``problems`` has every reason, one per line."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass
class ImportResult:
    kind: str
    path: Path
    encoding: str
    rows: int
    added: int = 0
    updated: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        tail = " (dry run: nothing written)" if self.dry_run else ""
        return (
            f"{self.kind}: {self.rows} rows read from {self.path.name} ({self.encoding}):"
            f" {self.added} added, {self.updated} updated{tail}"
        )


# ---------------------------------------------------------------------------- public API


def parse_mapping(text: str | None) -> dict[str, str]:
    """``'货号=id, 售价=price'`` -> ``{'货号': 'id', '售价': 'price'}``."""
    mapping: dict[str, str] = {}
    for part in re.split(r"[,，;；]", text or ""):
        if not part.strip():
            continue
        column, sep, target = part.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise ShopDataError(f"--map: '{part.strip()}' is not COLUMN=field (e.g. '货号=id,售价=price')")
        mapping[column.strip()] = target.strip()
    return mapping


def import_file(
    store: Store,
    kind: str,
    path: Path,
    *,
    encoding: str | None = None,
    mapping: dict[str, str] | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read, check and upsert one CSV file; raise ImportRejected and write nothing if any row is bad."""
    path = Path(path)
    records, used = read_file(kind, path, encoding=encoding, mapping=mapping)
    result = ImportResult(kind, path, used, rows=records.rows, dry_run=dry_run)
    upserts: dict[str, Callable[[Any], UpsertCount]] = {
        "products": store.upsert_products,
        "orders": store.upsert_orders,
        "coupons": store.upsert_coupons,
    }
    upsert = upserts[kind]
    if dry_run:
        existing = {
            "products": store.get_product,
            "orders": store.get_order,
            "coupons": lambda cid: next((c for c in store.coupons() if c.id == cid), None),
        }[kind]
        for item in records.items:
            key = item.sn if isinstance(item, Order) else item.id
            if existing(key) is None:
                result.added += 1
            else:
                result.updated += 1
        return result
    try:
        with store.transaction():
            count = upsert(records.items)
    except ShopDataError:
        raise
    except Exception as exc:  # sqlite3 errors: the transaction has rolled back
        raise ShopDataError(f"{path.name}: nothing imported, the store refused the data: {exc}") from exc
    result.added, result.updated = count.added, count.updated
    return result


@dataclass
class Records:
    items: list[Any] = field(default_factory=list)
    rows: int = 0


def read_file(
    kind: str, path: Path, *, encoding: str | None = None, mapping: dict[str, str] | None = None
) -> tuple[Records, str]:
    """Parse and check a file without touching any store; returns the records and the encoding used."""
    if kind not in KINDS:
        raise ShopDataError(f"unknown import kind '{kind}': use one of {', '.join(KINDS)}")
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ShopDataError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text, used = decode(raw, encoding, name=Path(path).name)
    return parse_text(kind, text, mapping=mapping, name=Path(path).name), used


# ---------------------------------------------------------------------------- decoding


def decode(raw: bytes, encoding: str | None, *, name: str) -> tuple[str, str]:
    """Bytes to text: the given encoding, else BOM, else UTF-8, else GBK (as GB18030, its superset)."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise ShopDataError(f"--encoding: unknown encoding '{encoding}' (try gbk or utf-8)") from None
        if codec in ("gbk", "gb2312"):
            codec = "gb18030"  # reads every GBK file, plus the rare characters GBK lacks
        if codec == "utf-8" and raw.startswith(codecs.BOM_UTF8):
            codec = "utf-8-sig"
        return _decode_as(raw, codec, name), encoding
    if raw.startswith(codecs.BOM_UTF8):
        return _decode_as(raw, "utf-8-sig", name), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(raw, "utf-16", name), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("gb18030"), "gbk"
        except UnicodeDecodeError:
            line = raw.count(b"\n", 0, utf8_error.start) + 1
            raise ImportRejected(
                f"{name}: rejected, nothing imported: line {line} is neither UTF-8 nor GBK text"
                " (give the encoding with --encoding)",
                [f"line {line}: undecodable bytes"],
            ) from None


def _decode_as(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportRejected(
            f"{name}: rejected, nothing imported: line {line} is not valid {codec} text"
            " (leave out --encoding to detect UTF-8 or GBK)",
            [f"line {line}: not {codec}"],
        ) from None


# ---------------------------------------------------------------------------- parsing


def _header_key(text: str) -> str:
    """Header comparison form: full-width to half-width, no spaces, no '(元)' unit suffix."""
    key = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    return key.replace("(元)", "").replace("(件)", "")


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, line: int, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(f"line {line}: {message}")

    def __bool__(self) -> bool:
        return bool(self.items)


def _columns(kind: str, header: list[str], mapping: dict[str, str] | None, name: str) -> dict[str, int]:
    """Field -> column index, from the header and the user's mapping."""
    spec = COLUMNS[kind]
    wanted: dict[str, str] = {}  # header key -> field
    for column, target in (mapping or {}).items():
        target_field = _field_for(kind, target)
        if target_field is None:
            fields = ", ".join(f"{f} ({spellings[0]})" for f, spellings in spec.items())
            raise ShopDataError(f"--map: '{target}' is not a {kind} field; fields are: {fields}")
        wanted[_header_key(column)] = target_field
    keys = [_header_key(h) for h in header]
    for column in mapping or {}:
        if _header_key(column) not in keys:
            raise ShopDataError(
                f"{name}: --map names column '{column}', which the file does not have"
                f" (columns: {', '.join(h.strip() for h in header)})"
            )
    found: dict[str, int] = {}
    for index, key in enumerate(keys):  # explicit mapping first: it overrides the built-in names
        if key in wanted and wanted[key] not in found:
            found[wanted[key]] = index
    for index, key in enumerate(keys):
        if key in wanted:
            continue
        target_field = _field_for(kind, key)
        if target_field and target_field not in found:
            found[target_field] = index
    missing = [f for f in REQUIRED[kind] if f not in found]
    if missing:
        names = ", ".join(f"{spec[f][0]} ({f})" for f in missing)
        raise ImportRejected(
            f"{name}: rejected, nothing imported: missing required column {names};"
            f" columns found: {', '.join(h.strip() for h in header) or 'none'};"
            f" map yours with --map 'YourColumn={missing[0]}'",
            [f"line 1: missing column {names}"],
        )
    return found


def _field_for(kind: str, text: str) -> str | None:
    key = _header_key(text)
    for name, spellings in COLUMNS[kind].items():
        if key == name or key in (_header_key(s) for s in spellings):
            return name
    return None


def parse_text(kind: str, text: str, *, mapping: dict[str, str] | None = None, name: str = "file") -> Records:
    lines = text.splitlines(keepends=True)
    first = lines[0] if lines else ""
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems = _Problems()
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                header = record
                continue
            if any(cell.strip() for cell in record):
                rows.append((line, record))
    except csv.Error as exc:
        problems.add(start, f'broken quoting ({exc}); a quote inside a field must be doubled ("")')
    if header is None or not any(h.strip() for h in header):
        raise ImportRejected(f"{name}: rejected, nothing imported: the file is empty (no header line)", [])
    columns = _columns(kind, header, mapping, name)
    records = Records(rows=len(rows))
    parse_row = {"products": _product_row, "orders": _order_row, "coupons": _coupon_row}[kind]
    parsed = []
    for line, record in rows:
        extra = [c for c in record[len(header) :] if c.strip()]
        if extra:
            problems.add(line, f"{len(record)} fields but the header has {len(header)} (a stray comma or quote?)")
            continue
        cells = _Cells(line, record, columns, COLUMNS[kind], problems)
        value = parse_row(cells)
        if value is not None:
            parsed.append((line, value))
    groupers: dict[str, Callable[[list[tuple[int, dict[str, Any]]], _Problems], list[Any]]] = {
        "products": _group_products,
        "orders": _group_orders,
        "coupons": _group_coupons,
    }
    records.items = groupers[kind](parsed, problems)
    if problems:
        count = len(problems.items)
        more = f" (showing {SHOWN_PROBLEMS} of {count}{'+' if count >= MAX_PROBLEMS else ''})"
        shown = "; ".join(problems.items[:SHOWN_PROBLEMS])
        raise ImportRejected(
            f"{name}: rejected, nothing imported, {count}{'+' if count >= MAX_PROBLEMS else ''} problem(s)"
            f"{more if count > SHOWN_PROBLEMS else ''}: {shown}",
            problems.items,
        )
    return records


class _Cells:
    """One row's values by field, with typed getters that record problems instead of raising."""

    def __init__(
        self,
        line: int,
        record: list[str],
        columns: dict[str, int],
        spellings: dict[str, tuple[str, ...]],
        problems: _Problems,
    ) -> None:
        self.line, self.record, self.columns, self.spellings, self.problems = (
            line,
            record,
            columns,
            spellings,
            problems,
        )
        self.ok = True

    def _bad(self, name: str, value: str, why: str) -> None:
        self.ok = False
        self.problems.add(self.line, f"{self.spellings[name][0]} '{value}' {why}")

    def text(self, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(self.record):
            return ""
        # Excel pads ids as ="123" or with a leading tab to keep long numbers intact.
        value = self.record[index].strip().strip("\t")
        if value.startswith('="') and value.endswith('"'):
            value = value[2:-1]
        return value

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.ok = False
            self.problems.add(self.line, f"{self.spellings[name][0]} is empty")
        return value

    def number(self, name: str, *, default: float | None = None) -> float:
        raw = self.text(name)
        if not raw:
            if default is not None:
                return default
            self.ok = False
            self.problems.add(self.line, f"{self.spellings[name][0]} is empty")
            return 0.0
        cleaned = re.sub(r"[¥￥元,，\s]", "", raw)
        try:
            value = float(cleaned)
        except ValueError:
            self._bad(name, raw, "is not a number")
            return 0.0
        if not math.isfinite(value) or value < 0:
            self._bad(name, raw, "must be a number >= 0")
            return 0.0
        return value

    def integer(self, name: str, *, default: int | None = None) -> int:
        raw = self.text(name)
        value = self.number(name, default=None if default is None else float(default))
        if raw and self.ok and value != int(value):
            self._bad(name, raw, "is not a whole number")
        return int(value)

    def when(self, name: str) -> datetime | None:
        raw = self.text(name)
        if not raw:
            return None
        value = parse_datetime(raw)
        if value is None:
            self._bad(name, raw, "is not a date and time like 2026-03-01 14:30")
        return value

    def day(self, name: str) -> date | None:
        raw = self.text(name)
        if not raw:
            return None
        value = parse_datetime(raw)
        if value is None:
            self._bad(name, raw, "is not a date like 2026-03-05")
            return None
        return value.date()


_DATETIME = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$"
)


def parse_datetime(text: str) -> datetime | None:
    """``2026-03-01 14:30[:05]``, ``2026/3/1 9:05``, ``2026年3月1日``; None if not a date."""
    match = _DATETIME.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    try:
        return datetime(*parts)  # type: ignore[arg-type]
    except ValueError:
        return None


def normalise_status(status: str, aftersale: str = "") -> str | None:
    key = re.sub(r"[\s,，、()（）]", "", unicodedata.normalize("NFKC", status))
    value = _STATUS.get(key)
    after = aftersale.strip()
    if value and value != "已取消" and after not in _AFTERSALE_NONE and not any(w in after for w in _AFTERSALE_DONE):
        return "售后中"  # an open after-sales case is what the agent must know about
    return value


# ---------------------------------------------------------------------------- rows


def _product_row(cells: _Cells) -> dict[str, Any] | None:
    row = {
        "id": cells.required("id"),
        "title": cells.required("title"),
        "category": cells.text("category"),
        "price": cells.number("price"),
        "stock": cells.integer("stock"),
        "spec": cells.text("spec"),
        "restock_date": cells.day("restock_date"),
    }
    return row if cells.ok else None


def _group_products(parsed: list[tuple[int, dict[str, Any]]], problems: _Problems) -> list[Product]:
    """Rows with one 商品ID are one product: each row with a 规格 is one of its SKUs."""
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for line, row in parsed:
        groups.setdefault(row["id"], []).append((line, row))
    products = []
    for pid, rows in groups.items():
        seen: dict[str, int] = {}
        for line, row in rows:
            key = spec_key(row["spec"])
            if key in seen:
                what = f"规格 '{row['spec']}'" if row["spec"] else "a row without 规格"
                problems.add(line, f"商品ID {pid} has {what} twice (also line {seen[key]})")
            seen.setdefault(key, line)
        sku_rows = [row for _, row in rows if row["spec"]]
        first = rows[0][1]
        restock = next((row["restock_date"] for _, row in rows if row["restock_date"]), None)
        if sku_rows:
            skus = tuple(Sku(r["spec"], r["stock"], r["price"]) for r in sku_rows)
            price, stock = min(s.price for s in skus if s.price is not None), sum(s.stock for s in skus)
        else:
            skus, price, stock = (), first["price"], first["stock"]
        products.append(Product(pid, first["title"], price, stock, first["category"], restock, skus))
    return products


def _order_row(cells: _Cells) -> dict[str, Any] | None:
    raw_status = cells.required("status")
    status = normalise_status(raw_status, cells.text("aftersale")) if raw_status else None
    if raw_status and status is None:
        cells.ok = False
        cells.problems.add(cells.line, f"订单状态 '{raw_status}' is not one of 待发货, 已发货, 已签收, 售后中, 已取消")
    row: dict[str, Any] = {
        "sn": cells.required("sn"),
        "product_id": cells.required("product_id"),
        "title": cells.text("title"),
        "sku": cells.text("sku"),
        "qty": cells.integer("qty", default=1),
        "amount": cells.number("amount"),
        "status": status,
        "group_time": cells.when("group_time"),
        "promise_ship_time": cells.when("promise_ship_time"),
        "shipped_time": cells.when("shipped_time"),
        "courier": cells.text("courier") or None,
        "tracking_no": cells.text("tracking_no") or None,
        "trace_time": cells.when("trace_time"),
    }
    if cells.ok and row["qty"] < 1:
        cells.problems.add(cells.line, f"数量 '{row['qty']}' must be at least 1")
        return None
    return row if cells.ok else None


def _group_orders(parsed: list[tuple[int, dict[str, Any]]], problems: _Problems) -> list[Order]:
    """Rows with one 订单号 are one order; each row is one item and adds its 实收金额."""
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for line, row in parsed:
        groups.setdefault(row["sn"], []).append((line, row))
    orders = []
    for sn, rows in groups.items():
        first_line, first = rows[0]
        seen: dict[tuple[str, str], int] = {}
        for line, row in rows:
            if row["status"] != first["status"]:
                problems.add(
                    line, f"订单号 {sn} is '{row['status']}' here but '{first['status']}' on line {first_line}"
                )
            key = (row["product_id"], spec_key(row["sku"]))
            if key in seen:
                problems.add(
                    line, f"订单号 {sn} lists 商品ID {row['product_id']} {row['sku']} twice (also line {seen[key]})"
                )
            seen.setdefault(key, line)

        def pick(name: str, rows: list[tuple[int, dict[str, Any]]] = rows) -> Any:
            return next((row[name] for _, row in rows if row[name]), None)

        orders.append(
            Order(
                sn=sn,
                status=first["status"],
                amount=round(sum(row["amount"] for _, row in rows), 2),
                items=tuple(OrderItem(r["product_id"], r["title"], r["sku"], r["qty"]) for _, r in rows),
                group_time=pick("group_time"),
                promise_ship_time=pick("promise_ship_time"),
                shipped_time=pick("shipped_time"),
                courier=pick("courier"),
                tracking_no=pick("tracking_no"),
                trace_time=pick("trace_time"),
            )
        )
    return orders


def _coupon_row(cells: _Cells) -> dict[str, Any] | None:
    row: dict[str, Any] = {
        "name": cells.required("name"),
        "amount": cells.number("amount"),
        "threshold": cells.number("threshold", default=0.0),
        "valid_from": cells.when("valid_from"),
        "valid_until": cells.when("valid_until"),
    }
    row["id"] = cells.text("id") or row["name"]  # exports without an id upsert by name
    if cells.ok and row["amount"] <= 0:
        cells.problems.add(cells.line, f"面额 '{cells.text('amount')}' must be more than 0")
        return None
    if cells.ok and row["valid_from"] and row["valid_until"] and row["valid_until"] < row["valid_from"]:
        cells.problems.add(cells.line, "结束时间 is before 开始时间")
        return None
    return row if cells.ok else None


def _group_coupons(parsed: list[tuple[int, dict[str, Any]]], problems: _Problems) -> list[Coupon]:
    seen: dict[str, int] = {}
    coupons = []
    for line, row in parsed:
        if row["id"] in seen:
            problems.add(line, f"优惠券 '{row['id']}' appears twice (also line {seen[row['id']]})")
            continue
        seen[row["id"]] = line
        coupons.append(
            Coupon(row["id"], row["name"], row["amount"], row["threshold"], row["valid_from"], row["valid_until"])
        )
    return coupons
