"""``csbot import products|orders|coupons FILE``: load the shop's exports into its store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from csbot.errors import ShopError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import products, orders or coupons from a PDD backend CSV export",
        description="Import a CSV export (GBK or UTF-8) into the shop's store. Rows are added or updated by id;"
        " a file with any bad row is rejected as a whole and the store is left unchanged.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, example in (
        ("products", "商品ID, 商品名称, 类目, 价格, 库存, 规格, 补货日期"),
        ("orders", "订单号, 商品ID, 商品, 商品规格, 数量, 商家实收金额(元), 订单状态, 成团时间, 承诺发货时间, …"),
        ("coupons", "优惠券ID, 优惠券名称, 面额(元), 使用门槛(元), 开始时间, 结束时间"),
    ):
        sub = kinds.add_parser(kind, help=f"columns such as {example}")
        sub.add_argument("file", type=Path, metavar="FILE", help="the CSV file")
        sub.add_argument("--encoding", default=None, help="file encoding (default: detect UTF-8/BOM or GBK)")
        sub.add_argument(
            "--map",
            dest="mapping",
            default=None,
            metavar="COL=field,...",
            help="name your file's columns, e.g. '货号=id,售价=price' (fields: see the error for a wrong one)",
        )
        sub.add_argument("--dry-run", action="store_true", help="check the file and count, write nothing")
        # Also accepted after the sub-command; SUPPRESS keeps a value given before it.
        sub.add_argument("--shop", type=Path, default=argparse.SUPPRESS, metavar="DIR", help="shop folder")
        sub.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from csbot.importer import ImportRejected, import_file, parse_mapping
    from csbot.store import Store

    shop = getattr(args, "shop", None)
    root = _shop_root(shop)
    mapping = parse_mapping(args.mapping)
    with Store.for_shop(root) as store:
        try:
            result = import_file(
                store, args.kind, args.file, encoding=args.encoding, mapping=mapping, dry_run=args.dry_run
            )
        except ImportRejected as exc:
            if len(exc.problems) > 5:  # the one-line error shows the first few; list them all
                for problem in exc.problems:
                    print(f"  {problem}", file=sys.stderr)
            raise
        if shop is None and not args.dry_run:
            from csbot.demo import detach

            # The demo's own orders are shifted to 'now' on every start; imported ones must not be.
            detach(store)
            print(f"note: imported into the demo shop ({root}); use --shop DIR for your own shop", file=sys.stderr)
    print(result.summary())
    return 0


def _shop_root(shop: Path | None) -> Path:
    if shop is None:
        from csbot.demo import ensure_demo_shop

        return ensure_demo_shop()
    root = Path(shop).expanduser()
    if not root.is_dir():
        raise ShopError(f"shop folder not found: {root} (create one with: csbot new-shop {root})")
    return root
