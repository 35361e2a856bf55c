"""The test panel: which intent and which template would answer a buyer message, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from csbot.pipeline import COMPOSED

if TYPE_CHECKING:
    from csbot.pipeline import Analysis, Engine


@dataclass
class TestResult:
    message: str
    intent: str
    label: str
    template: str | None
    reply: str | None
    why: list[str] = field(default_factory=list)
    analysis: Analysis | None = None

    __test__ = False  # not a pytest test class


def try_message(
    engine: Engine, message: str, *, order_sn: str | None = None, now: datetime | None = None
) -> TestResult:
    analysis = engine.analyse(message, order_sn=order_sn, now=now)
    catalogue = engine.shop.catalogue
    explanation = analysis.classification.explain()
    why: list[str] = []
    scores = ", ".join(f"{item.label} {item.score:.2f}" for item in analysis.classification.intents[:3])
    why.append(f"得分: {scores}")
    if explanation["reason"]:
        why.append(f"判为其他: {explanation['reason']}")
    if explanation["keywords"]:
        why.append("关键词: " + "、".join(explanation["keywords"]))
    if explanation["hints"]:
        why.append("弱提示词: " + "、".join(explanation["hints"]))
    if explanation["example"]:
        why.append(f"最像的示例: “{explanation['example']}” (相似度 {explanation['example_similarity']:.2f})")
    if explanation["word_probability"]:
        why.append(f"用词相似度 (按示例、说法和关键词学出的用词): {explanation['word_probability']:.2f}")
    if explanation["runner_up"]:
        why.append(f"第二名: {catalogue.label(explanation['runner_up'])} (差 {explanation['margin']:.2f})")
    best = analysis.best
    if best is not None and best.template == COMPOSED:
        why.append(f"买家问了几件事, 几个意图的回复合成一条: {best.intent}")
    if best is None:
        why.append("没有可用的回复模板 (都不适用, 出错或含禁用语)")
    for problem in analysis.problems:
        why.append(f"模板出错被跳过: {problem.message}")
    return TestResult(
        message=analysis.message,
        intent=analysis.intent,
        label=catalogue.label(analysis.intent),
        template=best.template if best else None,
        reply=best.text if best else None,
        why=why,
        analysis=analysis,
    )
