"""csbot: reply helper for Pinduoduo shop customer-service agents.

The public, Textual-free API::

    from csbot import Engine, load_shop
    engine = Engine(load_shop())            # the demo shop, or load_shop("my-shop")
    analysis = engine.analyse("怎么还不发货 不发就退款了")
    analysis.intent, analysis.best.text

Names load on first use (PEP 562), so ``import csbot`` costs nothing until the engine is
needed: the TUI paints its first frame before the engine is imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = ["Analysis", "Candidate", "CsbotError", "Engine", "Shop", "load_shop"]

_HOMES = {
    "Analysis": "csbot.pipeline",
    "Candidate": "csbot.pipeline",
    "Engine": "csbot.pipeline",
    "CsbotError": "csbot.errors",
    "Shop": "csbot.shop",
    "load_shop": "csbot.shop",
}

if TYPE_CHECKING:
    from csbot.errors import CsbotError
    from csbot.pipeline import Analysis, Candidate, Engine
    from csbot.shop import Shop, load_shop


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'csbot' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


def __dir__() -> list[str]:
    return sorted(__all__)
