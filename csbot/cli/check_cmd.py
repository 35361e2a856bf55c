"""``csbot check``: run the compliance guard over a text, as an agent or a script would.

Exit 1 when the text holds a blocking phrase (it must not be sent), 0 otherwise; bad input
raises ``InputError``, which the CLI turns into a one-line message and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from csbot import paths
from csbot.cli.io import read_text_argument
from csbot.errors import InputError, ShopError

MAX_LISTED = 50  # a 1 MB paste can hold thousands of hits; the agent needs the first few


def _guard(shop: Path | None):
    from csbot.compliance import Guard, default_guard

    if shop is None:
        return default_guard()  # the demo shop ships no rules of its own
    if not shop.is_dir():
        raise ShopError(f"shop folder not found: {shop}")
    return Guard.load(shop / paths.RULES_FILE)


def _read(value: str | None) -> str:
    text = read_text_argument(value)
    if "\x00" in text or _mostly_control(text):
        raise InputError("the input looks like binary data, not a reply")
    if not text.strip():
        raise InputError("nothing to check: the text is empty")
    return text


def _mostly_control(text: str) -> bool:
    """Bytes that happened to decode (GBK accepts a lot) are still not a reply."""
    sample = text[:4096]
    control = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t")
    return control > len(sample) // 10


def cmd_check(args: argparse.Namespace) -> int:
    text = _read(args.text)
    guard = _guard(args.shop)
    violations = guard.check(text)
    blocked = any(v.severity == "block" for v in violations)
    rewrite = guard.rewrite(text, violations=violations) if blocked else text
    if args.json:
        data = {"text": text, "violations": [v.to_dict() for v in violations], "blocked": blocked, "rewrite": rewrite}
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return 1 if blocked else 0
    _print_report(violations, blocked, rewrite)
    return 1 if blocked else 0


def _print_report(violations: list, blocked: bool, rewrite: str) -> None:
    if not violations:
        print("ok: no penalised phrase")
        return
    for v in violations[:MAX_LISTED]:
        mark = "BLOCK" if v.severity == "block" else "warn "
        print(f"{mark}  {v.category:<17} “{v.matched}” at {v.start}-{v.end}: {v.why}")
    if len(violations) > MAX_LISTED:
        print(f"… and {len(violations) - MAX_LISTED} more (use --json for all)")
    if blocked:
        print(f"rewrite: {rewrite}")
    else:
        print("not blocked: warnings only, the text may be sent")


def register(subparsers: argparse._SubParsersAction) -> None:
    check = subparsers.add_parser(
        "check",
        help="check a reply for penalised phrases (exit 1 if blocked) and suggest a rewrite",
        description="Check TEXT (or standard input) with the compliance guard: the shipped rules, "
        "plus the shop's rules.toml when --shop is given.",
    )
    check.add_argument("text", nargs="?", default=None, metavar="TEXT|-", help="reply text (default: stdin)")
    check.add_argument("--json", action="store_true", help='print {"text","violations","blocked","rewrite"}')
    check.set_defaults(handler=cmd_check)
