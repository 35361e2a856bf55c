"""Quick-reply search over every template of the shop, for agents who know what they want.

Each template is rendered with the current context first, so the agent searches and
picks the text the buyer would get; a template that renders empty here (it does not
apply, e.g. needs a shipped order) is still found by its source but cannot be picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process, utils

from csbot.render import RenderProblem

if TYPE_CHECKING:
    from csbot.pipeline import Engine

LIMIT = 60
CUTOFF = 60.0


@dataclass(frozen=True)
class SearchEntry:
    template: str
    """The shortcode: ``intent/variant``."""
    intent: str
    label: str
    text: str
    """Rendered reply, or '' when the template does not apply / fails here."""
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return bool(self.text) and self.problem is None

    @property
    def haystack(self) -> str:
        return f"{self.label} {self.template} {self.text}"


def build_entries(engine: Engine, context: dict[str, Any]) -> list[SearchEntry]:
    shop = engine.shop
    entries: list[SearchEntry] = []
    for template in shop.templates.all():
        result = engine.render_template(template, context)
        label = shop.catalogue.label(template.intent)
        if isinstance(result, RenderProblem):
            entries.append(SearchEntry(template.name, template.intent, label, "", result.message))
            continue
        entries.append(SearchEntry(template.name, template.intent, label, result.text if result else ""))
    return entries


def rank(entries: list[SearchEntry], query: str, limit: int = LIMIT) -> list[SearchEntry]:
    """Best matches first; an empty query lists everything in catalogue order."""
    query = query.strip()
    if not query:
        return entries[:limit]
    # partial_ratio: a few typed characters against a long reply; the label and the
    # shortcode are part of the haystack so '催发' and 'ship' both find ship_urge.
    found = process.extract(
        query,
        [e.haystack for e in entries],
        scorer=fuzz.partial_ratio,
        processor=utils.default_process,
        score_cutoff=CUTOFF,
        limit=None,
    )
    found.sort(key=lambda hit: (-hit[1], not entries[hit[2]].usable, hit[2]))
    return [entries[index] for _, _, index in found[:limit]]
