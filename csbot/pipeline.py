"""One pass from a buyer message to ranked, compliance-checked reply candidates.

    message → clean/normalise → entities → intents → shop context → render → guard

Every candidate carries its guard verdict; ``Analysis.best`` is the first one with no
blocking violation, which is what the CLI prints and the TUI selects.  Nothing that
leaves this module as buyer-facing text has skipped the guard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from csbot.catalogue import UNKNOWN, IntentSpec
from csbot.entities import Entities, extract
from csbot.errors import InputError, ShopDataError
from csbot.intents import Classification
from csbot.normalize import clean
from csbot.render import RenderProblem, TemplateFile, compose

if TYPE_CHECKING:
    from csbot.compliance import Violation
    from csbot.shop import Shop

COMPOSED = "composed"
REWRITE_SUFFIX = "+rewrite"
MAX_COMPOSED_INTENTS = 3
THREAD_LENGTH = 4
FRAGMENT_CHARS = 10
APOLOGY_ORDER = 15
APOLOGY_LEAD_SCORE = 0.8
"""An apology (complaint, fault, wrong goods) opens the reply only when it is about as sure as
the request it goes before: a weak one leading turns a price question into "拍一下收到的商品"."""
COMPOSE_MIN_SCORE = 0.6
"""A second request goes into the composed reply only on real evidence: a stray weak cue
would add a paragraph answering what the buyer never asked."""


@dataclass
class Candidate:
    text: str
    template: str
    intent: str
    violations: list[Violation] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(v.severity == "block" for v in self.violations)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "template": self.template,
            "intent": self.intent,
            "blocked": self.blocked,
            "violations": [v.to_dict() for v in self.violations],
        }


@dataclass
class Analysis:
    message: str
    classification: Classification
    entities: Entities
    context: dict[str, Any]
    candidates: list[Candidate]
    problems: list[RenderProblem] = field(default_factory=list)

    @property
    def intent(self) -> str:
        return self.classification.top

    @property
    def best(self) -> Candidate | None:
        return next((c for c in self.candidates if not c.blocked), None)

    def to_json(self) -> dict[str, Any]:
        public_context = {k: v for k, v in self.context.items() if k not in ("message", "entities", "intents")}
        return {
            "text": self.message,
            "intent": self.intent,
            "intents": [item.to_dict() for item in self.classification.intents],
            "explanation": self.classification.explain(),
            "entities": self.entities.to_dict(),
            "context": public_context,
            "replies": [c.to_dict() for c in self.candidates],
            "problems": [{"template": p.template, "message": p.message} for p in self.problems],
        }


def _merge_entities(current: Entities, earlier: Sequence[str]) -> Entities:
    """Order numbers and measurements said earlier in the thread still apply."""
    for text in reversed(earlier):
        before = extract(text)
        current.order_numbers = current.order_numbers or before.order_numbers
        current.height_cm = current.height_cm or before.height_cm
        current.weight_jin = current.weight_jin or before.weight_jin
        current.foot_mm = current.foot_mm or before.foot_mm
    return current


class Engine:
    """The csbot pipeline for one shop.  Build once; ``analyse`` per message."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop

    def classify(self, text: str) -> Classification:
        return self.shop.matcher.classify(clean(text))

    def analyse(
        self,
        message: str,
        *,
        order_sn: str | None = None,
        product_id: str | None = None,
        thread: Sequence[str] = (),
        now: datetime | None = None,
    ) -> Analysis:
        if not isinstance(message, str):
            raise InputError("the message must be text")
        text = clean(message)
        earlier = [clean(t) for t in thread if clean(t)][-THREAD_LENGTH:]
        classification = self._classify_in_thread(text, earlier)
        entities = _merge_entities(extract(text), earlier)
        context = self._context(text, classification, entities, order_sn, product_id, now)
        candidates, problems = self._candidates(classification, context)
        return Analysis(text, classification, entities, context, candidates, problems)

    def _classify_in_thread(self, text: str, earlier: list[str]) -> Classification:
        matcher = self.shop.matcher
        result = matcher.classify(text)
        if not earlier or not self._is_fragment(result):
            return result
        # "黑色M码有货吗" then "那白色的呢": a fragment takes its meaning from what the buyer
        # said before; a message with a clear cue of its own ("在吗" then "什么时候发货") does not.
        joined = matcher.classify(" ".join([*earlier, text]))
        return joined if not self._only_filler(joined) and not joined.guessed else result

    def _is_fragment(self, result: Classification) -> bool:
        if self._only_filler(result):
            return True
        top = result.detected()[0]
        evidence = result.evidence.get(top.id)
        has_cue = evidence is not None and (evidence.keywords or evidence.whole_similarity >= 0.8)
        return not has_cue and len(result.normalised) <= FRAGMENT_CHARS

    def _only_filler(self, result: Classification) -> bool:
        specs = {spec.id: spec for spec in self.shop.catalogue.intents}
        detected = result.detected()
        return not detected or all(specs[item.id].filler for item in detected if item.id in specs)

    def _context(
        self,
        text: str,
        classification: Classification,
        entities: Entities,
        order_sn: str | None,
        product_id: str | None,
        now: datetime | None,
    ) -> dict[str, Any]:
        from csbot.context import build_context

        detected = classification.detected()
        intent_ids = [item.id for item in detected] or [UNKNOWN]
        context: dict[str, Any] = {
            "shop": self.shop.settings.to_context(),
            "message": text,
            "intent": intent_ids[0],
            "intents": [item.to_dict() for item in detected],
            "entities": entities.to_dict(),
        }
        try:
            data = build_context(
                self.shop.store,
                self.shop.settings,
                entities=entities.to_dict(),
                intent_ids=intent_ids,
                order_sn=order_sn,
                product_id=product_id,
                now=now,
            )
        except ShopDataError as exc:
            data = _empty_data(f"店铺数据不可用: {exc}")
        context.update(data)
        return context

    def _candidates(
        self, classification: Classification, context: dict[str, Any]
    ) -> tuple[list[Candidate], list[RenderProblem]]:
        templates = self.shop.templates
        specs = {spec.id: spec for spec in self.shop.catalogue.intents}
        detected = [item.id for item in classification.detected()] or [UNKNOWN]
        problems: list[RenderProblem] = []
        rendered: dict[str, list[tuple[str, str]]] = {}
        for intent in detected:
            ctx = {**context, "intent": intent}
            for template in templates.for_intent(intent):
                result = templates.render(template, ctx)
                if isinstance(result, RenderProblem):
                    problems.append(result)
                elif result:
                    rendered.setdefault(intent, []).append((template.name, result))
        raw: list[tuple[str, str, str]] = []
        answered = [i for i in detected if i in rendered]
        requests = [i for i in answered if not (specs.get(i) and specs[i].filler)]
        if requests:
            # "你好，这个音响是送的么?": the buyer's question is the reply; the greeting's own
            # "请问有什么可以帮您的呢?" beside an answer reads as not having listened.
            answered = requests + [i for i in answered if i not in requests]
        if len([i for i in requests[1:] if _score(classification, i) >= COMPOSE_MIN_SCORE]) >= 1:
            # What the buyer asked first leads, except that an apology (complaint, quality,
            # wrong goods: a low `order` in the intents file) always comes before the substance.
            chosen = [requests[0]] + [i for i in requests[1:] if _score(classification, i) >= COMPOSE_MIN_SCORE]
            chosen = chosen[:MAX_COMPOSED_INTENTS]
            ordered = sorted(chosen, key=lambda i: (0 if _leads(specs, classification, i) else 1, chosen.index(i)))
            raw.append((compose([rendered[i][0][1] for i in ordered]), COMPOSED, "+".join(ordered)))
        for intent in answered:
            raw.extend((text, name, intent) for name, text in rendered[intent])
        return self._guarded(raw), problems

    def signed(self, text: str) -> str:
        """The reply as the buyer sees it: with the shop's sign-off, once."""
        signature = self.shop.settings.signature
        if text and signature and not text.endswith(signature):
            return f"{text}\n{signature}"
        return text

    def render_template(self, template: TemplateFile, context: dict[str, Any]) -> Candidate | RenderProblem | None:
        """One template as a guarded candidate (quick search, previews); None when the
        template does not apply in this context."""
        result = self.shop.templates.render(template, {**context, "intent": template.intent})
        if isinstance(result, RenderProblem) or not result:
            return result or None
        text = self.signed(result)
        return Candidate(text, template.name, template.intent, self.shop.guard.check(text))

    def _guarded(self, raw: list[tuple[str, str, str]]) -> list[Candidate]:
        guard = self.shop.guard
        candidates: list[Candidate] = []
        for text, template, intent in raw:
            text = self.signed(text)
            candidates.append(Candidate(text, template, intent, guard.check(text)))
        if candidates and not any(not c.blocked for c in candidates):
            first = candidates[0]
            fixed = guard.rewrite(first.text)
            candidates.append(Candidate(fixed, first.template + REWRITE_SUFFIX, first.intent, guard.check(fixed)))
        return candidates


def _leads(specs: dict[str, IntentSpec], classification: Classification, intent_id: str) -> bool:
    spec = specs.get(intent_id)
    return spec is not None and spec.order <= APOLOGY_ORDER and _score(classification, intent_id) >= APOLOGY_LEAD_SCORE


def _score(classification: Classification, intent_id: str) -> float:
    return next((item.score for item in classification.intents if item.id == intent_id), 0.0)


def _empty_data(note: str) -> dict[str, Any]:
    return {
        "order": None,
        "product": None,
        "similar_items": [],
        "coupon": None,
        "restock_date": None,
        "notes": [note],
    }
