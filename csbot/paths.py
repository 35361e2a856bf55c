"""Every file location csbot uses, in one place.

Tests swap the user-data root with ``CSBOT_HOME`` so a developer's own demo shop and
history never leak into them.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "csbot"
PACKAGE_DIR = Path(__file__).resolve().parent

SHOP_SETTINGS_FILE = "shop.toml"
INTENTS_FILE = "intents.toml"
PHRASINGS_DIR = "phrasings"
"""Beside the intents file: ``<intent_id>.txt``, more buyer phrasings, one per line."""
RULES_FILE = "rules.toml"
TEMPLATES_DIR = "templates"
STORE_FILE = "store.sqlite3"


def data_dir() -> Path:
    """Where csbot keeps per-user state (the materialised demo shop)."""
    override = os.environ.get("CSBOT_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def bundled_data_dir() -> Path:
    """Read-only data shipped inside the package (dictionaries, default rules)."""
    return PACKAGE_DIR / "data"


def bundled_demo_shop_dir() -> Path:
    """The demo shop's source files inside the package (read-only)."""
    return PACKAGE_DIR / "demo_shop"


def default_templates_dir() -> Path:
    """The default reply templates: inside the wheel, or at the checkout's root."""
    packaged = PACKAGE_DIR / "templates"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "templates"


def demo_shop_dir() -> Path:
    """The writable copy of the demo shop, made on first use."""
    return data_dir() / "demo-shop"


def default_rules_file() -> Path:
    return bundled_data_dir() / "rules.toml"


def user_dictionary_file() -> Path:
    return bundled_data_dir() / "userdict.txt"


def segmenter_dictionary_file() -> Path:
    return bundled_data_dir() / "jieba_small.txt"


def t2s_table_file() -> Path:
    return bundled_data_dir() / "t2s.txt"


def cache_dir() -> Path:
    """Derived data that is rebuilt when missing: jieba's prefix dictionary, matchers."""
    return data_dir() / "cache"
