"""Ranked reply candidates, one row each with its compliance badge; digits 1-9 pick."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, TextArea
from textual.widgets.option_list import Option

from csbot.tui import keys
from csbot.tui.formatting import MUTED, badge, one_line

if TYPE_CHECKING:
    from csbot.pipeline import Candidate

COMPOSED_LABEL = "合并"


class CandidateList(OptionList):
    DEFAULT_CSS = """
    CandidateList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS = keys.bindings(keys.PICK_ACTIONS)

    class Picked(Message):
        """The agent chose a candidate (Enter, click or a digit)."""

        def __init__(self, index: int, candidate: Candidate) -> None:
            super().__init__()
            self.index = index
            self.candidate = candidate

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.candidates: list[Candidate] = []
        self.type_through: TextArea | None = None
        """Where other typing and pastes go: after Enter the focus is here, and the agent
        should be able to paste the buyer's next message without reaching for a key first."""

    async def _on_key(self, event: events.Key) -> None:
        target = self.type_through
        if target is not None and event.is_printable and event.character and not event.character.isdigit():
            event.stop()
            event.prevent_default()
            target.focus()
            target.insert(event.character)

    def _on_paste(self, event: events.Paste) -> None:
        if self.type_through is not None:
            event.stop()
            self.type_through.focus()
            self.type_through.insert(event.text)

    def show(self, candidates: list[Candidate], labels: dict[str, str], selected: int | None) -> None:
        """``labels``: intent id -> Chinese label, to say which intent each reply answers."""
        self.candidates = list(candidates)
        self.set_options(_option(n, c, labels) for n, c in enumerate(self.candidates, 1))
        if self.candidates:
            self.highlighted = selected if selected is not None else 0

    def clear_candidates(self) -> None:
        self.candidates = []
        self.clear_options()

    def action_pick(self, number: int) -> None:
        index = number - 1
        if index >= len(self.candidates):
            self.app.bell()
            return
        self.highlighted = index
        self.post_message(self.Picked(index, self.candidates[index]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index, self.candidates[event.option_index]))


def _option(number: int, candidate: Candidate, labels: dict[str, str]) -> Option:
    from csbot.pipeline import COMPOSED

    mark, style = badge(candidate.violations)
    key = str(number) if number <= 9 else " "
    if candidate.template == COMPOSED:
        source = COMPOSED_LABEL
    else:
        source = labels.get(candidate.intent, candidate.intent)
    prompt = Content.assemble(
        (key, "bold"),
        " ",
        (mark, style),
        " ",
        (f"[{source}] ", MUTED),
        one_line(candidate.text),
    )
    return Option(prompt)
