"""One buyer conversation as the agent sees it, without any UI.

The main screen owns one of these: the buyer's earlier messages (they count together, so
``在吗`` then ``什么时候发货`` reads as one request), the order picked for context, which
analysis is on screen, and where the reply in the editor came from (for the history row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from csbot.tui.messages import AnalysisRequest

if TYPE_CHECKING:
    from csbot.pipeline import Analysis, Candidate


@dataclass(frozen=True)
class ReplySource:
    """Where the editor's text came from: a candidate or a quick-search pick."""

    template: str | None
    intent: str


def _thread_length() -> int:
    # Imported when first needed: the engine modules are not needed for the first paint.
    from csbot.pipeline import THREAD_LENGTH

    return THREAD_LENGTH


class ReplySession:
    def __init__(self) -> None:
        self.thread: list[str] = []
        self.order_sn: str | None = None
        self.analysis: Analysis | None = None
        self.source: ReplySource | None = None
        self.last_final: AnalysisRequest | None = None
        self._numbers = 0
        self._shown = 0
        self._dropped_up_to = 0
        """Requests up to this number belong to a buyer the agent has moved on from."""

    # -- requests

    def request(self, message: str, *, final: bool) -> AnalysisRequest:
        """A numbered analysis request; a final one moves the message into the thread."""
        self._numbers += 1
        request = AnalysisRequest(self._numbers, message, tuple(self.thread), self.order_sn, final)
        if final:
            self.thread = [*self.thread, message][-_thread_length() :]
            self.last_final = request
        return request

    def commit(self, message: str) -> None:
        """A message the agent answered without pressing Enter still belongs to the thread."""
        self.thread = [*self.thread, message][-_thread_length() :]

    def repeat_last(self) -> AnalysisRequest | None:
        """The last Enter'ed message again, with the current order (after picking one)."""
        last = self.last_final
        if last is None:
            return None
        self._numbers += 1
        return AnalysisRequest(self._numbers, last.message, last.thread, self.order_sn, True)

    def accept(self, request: AnalysisRequest, analysis: Analysis) -> bool:
        """Take a result unless a newer one is already on screen (workers finish out of order)."""
        if request.number < self._shown or request.number <= self._dropped_up_to:
            return False
        self._shown = request.number
        self.analysis = analysis
        return True

    @property
    def up_to_date(self) -> bool:
        """The newest request's result is the one on screen."""
        return self.analysis is not None and self._shown == self._numbers

    # -- the reply

    def pick(self, candidate: Candidate) -> None:
        self.source = ReplySource(candidate.template, candidate.intent)

    def message_for_history(self) -> str:
        return self.analysis.message if self.analysis else ""

    def intent_for_history(self) -> str:
        """What the classifier made of the buyer's message (so `unknown` rows show what to teach)."""
        if self.analysis is not None:
            return self.analysis.intent
        return self.source.intent if self.source else "unknown"

    def new_buyer(self) -> None:
        self.thread = []
        self.order_sn = None
        self.analysis = None
        self.source = None
        self.last_final = None
        self._dropped_up_to = self._numbers
