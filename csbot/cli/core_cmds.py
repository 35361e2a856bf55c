"""classify, reply, intents, lint: the scriptable heart of csbot (a stable contract)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from csbot.cli.io import read_file_argument, read_text_argument
from csbot.errors import InputError


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def cmd_classify(args: argparse.Namespace) -> int:
    from csbot.shop import load_shop

    text = read_file_argument(args.file)
    matcher = load_shop(args.shop).matcher
    for line in text.splitlines():
        result = matcher.classify(line)
        _print_json(
            {
                "text": line,
                "intent": result.top,
                "intents": [{"id": item.id, "score": round(item.score, 3)} for item in result.intents],
            }
        )
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    from csbot.pipeline import Engine
    from csbot.shop import load_shop

    message = read_text_argument(args.message)
    if not message.strip():
        raise InputError("the message is empty: paste the buyer's message")
    engine = Engine(load_shop(args.shop))
    analysis = engine.analyse(message, order_sn=args.order, product_id=args.product)
    if args.json:
        _print_json(analysis.to_json())  # the problems are in the JSON
        return 0
    if analysis.problems:
        # The reply below is still good to send; the shop owner should still hear that some
        # of their templates never got a say.
        broken = ", ".join(problem.template for problem in analysis.problems)
        shop = f" --shop {args.shop}" if args.shop else ""
        print(
            f"csbot: warning: skipped templates that failed to render: {broken} (see csbot lint{shop})", file=sys.stderr
        )
    best = analysis.best
    if best is None:
        print("csbot: no reply passes the compliance check; see `csbot reply --json` for why", file=sys.stderr)
        return 1
    print(best.text)
    return 0


def cmd_intents(args: argparse.Namespace) -> int:
    from csbot.shop import load_shop

    catalogue = load_shop(args.shop).catalogue
    if args.json:
        _print_json(
            [
                {
                    "id": spec.id,
                    "label": spec.label,
                    "keywords": spec.keywords,
                    "hints": spec.hints,
                    "examples": spec.examples,
                    "negatives": spec.negatives,
                }
                for spec in catalogue.intents
            ]
        )
        return 0
    for spec in catalogue.intents:
        print(f"{spec.id}  {spec.label}  ({len(spec.examples)} examples, {len(spec.keywords)} keywords)")
        for example in spec.examples[:3]:
            print(f"    {example}")
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from csbot.lint import lint_shop_dir

    findings = lint_shop_dir(args.shop)
    for finding in findings:
        print(finding.format())
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    classify = subparsers.add_parser("classify", help="intents of messages, one per line, as JSON lines")
    classify.add_argument("file", nargs="?", default=None, metavar="FILE|-", help="messages file (default: stdin)")
    classify.set_defaults(handler=cmd_classify)

    reply = subparsers.add_parser("reply", help="the best compliant reply to a buyer message")
    reply.add_argument("message", nargs="?", default=None, metavar="MESSAGE|-", help="buyer message (default: stdin)")
    reply.add_argument("--order", metavar="SN", help="order number to answer about")
    reply.add_argument("--product", metavar="ID", help="product the buyer asks about")
    reply.add_argument("--json", action="store_true", help="intents, entities, context and all candidates as JSON")
    reply.set_defaults(handler=cmd_reply)

    intents = subparsers.add_parser("intents", help="the shop's intent catalogue")
    intents.add_argument("--json", action="store_true")
    intents.set_defaults(handler=cmd_intents)

    lint = subparsers.add_parser("lint", help="check every template and the intents file")
    lint.set_defaults(handler=cmd_lint)

    register_new_shop(subparsers)


def cmd_new_shop(args: argparse.Namespace) -> int:
    from csbot.newshop import create_shop

    target = create_shop(args.dir, name=args.name)
    print(f"created shop {target}")
    print(f"  edit {target}/shop.toml, {target}/intents.toml and {target}/templates/, then: csbot lint --shop {target}")
    print(f"  import your data: csbot import products FILE --shop {target}")
    return 0


def register_new_shop(subparsers: argparse._SubParsersAction) -> None:
    new_shop = subparsers.add_parser("new-shop", help="create a shop folder from the demo shop")
    new_shop.add_argument("dir", type=Path, metavar="DIR")
    new_shop.add_argument("--name", help="the shop's name (default: the folder's name)")
    new_shop.set_defaults(handler=cmd_new_shop)
