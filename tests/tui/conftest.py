"""Fixtures for the TUI tests: a private copy of the demo shop built at a fixed time, an app
with a fixed clock and no system-clipboard side effects, and small Pilot helpers.

The demo shop's order times follow the clock it is built with, so building it at
``FIXED_NOW`` and giving the app the same clock makes deadlines and history times
deterministic (snapshots depend on it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from csbot.tui import make_app
from csbot.tui.app import CsbotApp

FIXED_NOW = datetime(2026, 3, 10, 14, 0)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(scope="session")
def fixed_demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop materialised once, at FIXED_NOW, in a home of its own."""
    from csbot.demo import ensure_demo_shop

    home = tmp_path_factory.mktemp("tui-home")
    previous = os.environ.get("CSBOT_HOME")
    os.environ["CSBOT_HOME"] = str(home)
    try:
        return ensure_demo_shop(now=FIXED_NOW)
    finally:
        if previous is None:
            del os.environ["CSBOT_HOME"]
        else:
            os.environ["CSBOT_HOME"] = previous


@pytest.fixture
def shop_dir(tmp_path: Path, fixed_demo_root: Path) -> Path:
    """A writable copy for one test: history rows and broken files stay in it."""
    target = tmp_path / "shop"
    shutil.copytree(fixed_demo_root, target)
    return target


@pytest.fixture
def app_factory(shop_dir: Path) -> Callable[..., CsbotApp]:
    def build(directory: Path | None = None) -> CsbotApp:
        return make_app(directory or shop_dir, clock=fixed_clock, system_clipboard=False)

    return build


@pytest.fixture
def app(app_factory: Callable[..., CsbotApp]) -> CsbotApp:
    return app_factory()
