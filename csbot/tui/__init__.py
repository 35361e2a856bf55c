"""The agent TUI (``csbot`` with no sub-command).

Only this package imports Textual; the core stays usable from scripts without it
(tests/test_import_hygiene.py checks that)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csbot.shop import Shop
    from csbot.tui.app import CsbotApp

__all__ = ["make_app", "run_app"]


def make_app(
    shop_dir: Path | None = None,
    *,
    shop: Shop | None = None,
    clock: Callable[[], datetime] | None = None,
    system_clipboard: bool = True,
) -> CsbotApp:
    """The app for a shop folder (None: the demo shop), or for an already loaded ``shop``.

    The CLI and the tests both build the app here, so they run the same thing."""
    from csbot.tui.app import CsbotApp

    return CsbotApp(shop_dir, shop=shop, clock=clock, system_clipboard=system_clipboard)


def run_app(shop_dir: Path | None = None) -> int:
    app = make_app(shop_dir)
    result = app.run()
    return int(result or app.return_code or 0)
