"""Buyer messages from the reply history that should become examples.

Two kinds: messages the classifier could not place (``unknown``), and messages it placed
but the agent answered with another intent's template (re-labelled: the agent knew
better).  Both are phrasings the intents file is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from csbot.catalogue import UNKNOWN
from csbot.normalize import normalise
from csbot.pipeline import COMPOSED, REWRITE_SUFFIX

if TYPE_CHECKING:
    from csbot.catalogue import Catalogue
    from csbot.store import HistoryEntry, Store

HISTORY_WINDOW = 2000
"""How many recent replies are searched; older ones are stale advice anyway."""


@dataclass(frozen=True)
class Teachable:
    message: str
    classified_as: str
    suggested: str | None
    """The intent the agent's answer came from, for re-labelled messages; None for unknown ones."""
    count: int
    """How often this phrasing (normalised) came up."""

    @property
    def relabelled(self) -> bool:
        return self.suggested is not None


def answered_intent(entry: HistoryEntry) -> str | None:
    """The intent of the template the agent actually used (None: hand-written or composed)."""
    template = entry.template or ""
    if not template or template.startswith(COMPOSED):
        return None
    return template.removesuffix(REWRITE_SUFFIX).split("/", 1)[0] or None


def teachable_messages(store: Store, catalogue: Catalogue, limit: int = 200) -> list[Teachable]:
    """Unknown and re-labelled messages, most frequent first, minus phrasings already taught."""
    known = {normalise(example) for spec in catalogue.intents for example in spec.examples}
    found: dict[str, Teachable] = {}
    for entry in store.history(HISTORY_WINDOW):
        message = entry.message.strip()
        key = normalise(message)
        if not key or key in known:
            continue
        answered = answered_intent(entry)
        if entry.intent == UNKNOWN:
            suggested = answered if answered and answered != UNKNOWN else None
        elif answered and answered != entry.intent:
            suggested = answered
        else:
            continue
        previous = found.get(key)
        count = previous.count + 1 if previous else 1
        # Newest first: the first sighting's wording and suggestion are kept.
        found[key] = Teachable(
            previous.message if previous else message,
            previous.classified_as if previous else entry.intent,
            previous.suggested if previous else suggested,
            count,
        )
    ranked = sorted(found.values(), key=lambda t: -t.count)
    return ranked[:limit]
