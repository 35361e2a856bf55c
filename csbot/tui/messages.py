"""Messages that carry results from worker threads and modal screens back to the UI.

Workers never touch widgets: they post one of these and the handler on the UI thread
updates what is on screen (Textual widgets are not thread-safe).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from csbot.pipeline import Analysis, Engine
    from csbot.shop import Shop


class ShopReady(Message):
    """The shop is loaded and jieba is warm: analysis can start."""

    def __init__(self, shop: Shop, engine: Engine, seconds: float, store_error: str | None = None) -> None:
        super().__init__()
        self.shop = shop
        self.engine = engine
        self.seconds = seconds
        self.store_error = store_error
        """Why the shop's store cannot be used (analysis still works without it)."""


class ShopFailed(Message):
    """The shop could not be loaded; the app stays up and says why."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


@dataclass(frozen=True)
class AnalysisRequest:
    """One call of ``Engine.analyse``, numbered so a late result never replaces a newer one."""

    number: int
    message: str
    thread: tuple[str, ...]
    order_sn: str | None
    final: bool
    """True when the agent pressed Enter (the message joins the thread); False while typing."""


class AnalysisReady(Message):
    def __init__(self, request: AnalysisRequest, analysis: Analysis) -> None:
        super().__init__()
        self.request = request
        self.analysis = analysis
