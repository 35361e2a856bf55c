"""Shared fixtures.  CSBOT_HOME points at a throw-away folder for the whole run, so the
developer's own demo shop, history and caches never leak into (or out of) the tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="csbot-test-home-"))
os.environ["CSBOT_HOME"] = str(_HOME)

FIXTURES = Path(__file__).parent / "data"


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_shop():
    """The bundled demo shop, materialised once per test run (read-only use)."""
    from csbot.shop import load_shop

    return load_shop(None)


@pytest.fixture(scope="session")
def engine(demo_shop):
    from csbot.pipeline import Engine

    return Engine(demo_shop)


@pytest.fixture
def shop_copy(tmp_path, demo_shop):
    """A private, writable copy of the demo shop for tests that change files or data."""
    target = tmp_path / "shop"
    shutil.copytree(demo_shop.root, target)
    return target
