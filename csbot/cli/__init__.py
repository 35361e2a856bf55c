"""The ``csbot`` command: the TUI with no sub-command, scriptable sub-commands otherwise.

Each sub-command lives in a module of this package that exposes
``register(subparsers)``; the handler it sets returns the exit code.  The TUI is
imported only when it starts, so scripting never pays for Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from csbot.errors import CsbotError

COMMAND_MODULES = (
    "csbot.cli.core_cmds",
    "csbot.cli.check_cmd",
    "csbot.cli.eval_cmd",
    "csbot.cli.shop_cmds",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line like every other csbot error."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = _Parser(
        prog="csbot",
        description="Reply helper for Pinduoduo shop customer service. Without a command: the agent TUI.",
    )
    parser.add_argument("--shop", type=Path, default=None, metavar="DIR", help="shop folder (default: the demo shop)")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    for command in subparsers.choices.values():
        # `csbot lint --shop DIR` and `csbot --shop DIR lint` both work.
        command.add_argument("--shop", type=Path, default=argparse.SUPPRESS, metavar="DIR", help="shop folder")
    return parser


class _VersionAction(argparse.Action):
    """--version, looked up only when asked: importlib.metadata slows every start."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"csbot {_version()}")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("csbot")
    except PackageNotFoundError:
        return "dev"


def _run_tui(args: argparse.Namespace) -> int:
    from csbot.tui import run_app

    return run_app(shop_dir=args.shop)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return _run_tui(args)
        return int(handler(args) or 0)
    except CsbotError as exc:
        print(f"csbot: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    sys.exit(main())
