"""csbot: reply helper for Pinduoduo shop customer-service agents.

The public, Textual-free API::

    from csbot import Engine, load_shop
    engine = Engine(load_shop())            # the demo shop, or load_shop("my-shop")
    analysis = engine.analyse("怎么还不发货 不发就退款了")
    analysis.intent, analysis.best.text
"""

from csbot.errors import CsbotError
from csbot.pipeline import Analysis, Candidate, Engine
from csbot.shop import Shop, load_shop

__all__ = ["Analysis", "Candidate", "CsbotError", "Engine", "Shop", "load_shop"]
