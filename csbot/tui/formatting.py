"""What the panels show, as Textual ``Content``: pure functions of the engine's results.

Kept apart from the widgets so the wording can be tested without running an app.
Colours are theme variables ($success, $error …) so light and dark themes both read well;
buyer text and template output are inserted as plain spans, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.content import Content

if TYPE_CHECKING:
    from csbot.compliance import Violation
    from csbot.intents import Classification

AGENT_ONLY = "仅客服可见"
MUTED = "$text-muted"


# ---------------------------------------------------------------------------- compliance


def badge(violations: Sequence[Violation]) -> tuple[str, str]:
    """The compliance mark and its style.  Every mark takes two cells, so the list stays aligned
    (⛔ is East-Asian wide, ✓ and ⚠ are narrow and get a space)."""
    if any(v.severity == "block" for v in violations):
        return "⛔", "$error"
    if violations:
        return "⚠ ", "$warning"
    return "✓ ", "$success"


def guard_report(violations: Sequence[Violation]) -> Content:
    """Under the reply editor: what the guard found and the way out on the first line (it
    must survive a short panel), then why each phrase is a problem."""
    if not violations:
        return Content.assemble(("✓ 合规", "$success"), ("  F5 复制", MUTED))
    blocked = [v for v in violations if v.severity == "block"]
    warned = [v for v in violations if v.severity != "block"]
    head: list[Content | tuple[str, str] | str] = []
    if blocked:
        head += [("⛔ 不会复制 ", "bold $error"), _phrases(blocked, "$error")]
    if warned:
        head += [("  " if blocked else "", ""), ("⚠ 提示 ", "bold $warning"), _phrases(warned, "$warning")]
    if blocked:
        head += [("  F6 改写", "bold $success"), (" · F5 确认后可强制复制", MUTED)]
    reasons = [Content.assemble((f"「{v.matched or v.phrase}」", "bold"), v.why) for v in [*blocked, *warned]]
    return Content("\n").join([Content.assemble(*head), *reasons])


def _phrases(violations: Sequence[Violation], style: str) -> Content:
    return Content.assemble(*[(f"「{v.matched or v.phrase}」", f"bold {style}") for v in violations])


# ---------------------------------------------------------------------------- intents


def intent_report(classification: Classification, limit: int = 3) -> Content:
    """The ranked intents with labels and scores, then why the first one won."""
    explanation = classification.explain()
    lines: list[Content] = []
    for rank, item in enumerate(classification.intents[:limit]):
        style = "bold $accent" if rank == 0 else ""
        bar = "█" * round(item.score * 8)
        lines.append(
            Content.assemble(
                (f"{item.label}", style),
                (f" {item.score:.2f} ", MUTED),
                (bar, "$primary" if rank == 0 else MUTED),
            )
        )
    head = Content("   ").join(lines) if lines else Content("")
    return Content("\n").join([head, why(explanation, classification)])


WORDS_WORTH_SHOWING = 0.1
"""Below this the word model barely had an opinion: not worth a place on the line."""


def why(explanation: dict[str, Any], classification: Classification) -> Content:
    parts: list[Content | tuple[str, str] | str] = [("依据: ", MUTED)]
    cues = [*explanation.get("keywords", []), *explanation.get("hints", [])]
    if cues:
        parts.append("关键词 " + " ".join(f"「{cue}」" for cue in dict.fromkeys(cues)))
    example = explanation.get("example")
    if example:
        if cues:
            parts.append("  ")
        parts.append(f"例句「{example}」{explanation.get('example_similarity', 0):.2f}")
    words = explanation.get("word_probability") or 0.0
    if words >= WORDS_WORTH_SHOWING:
        if cues or example:
            parts.append("  ")
        parts.append(f"用词相似 {words:.2f}")
    if not cues and not example and words < WORDS_WORTH_SHOWING:
        parts.append("无匹配")
    runner_up = explanation.get("runner_up")
    if runner_up:
        label = next((i.label for i in classification.intents if i.id == runner_up), runner_up)
        parts.append((f"  次选 {label} 差 {explanation.get('margin') or 0:.2f}", MUTED))
    reason = explanation.get("reason")
    if reason:
        parts.append((f"  ({reason})", "$warning"))
    return Content.assemble(*parts)


# ---------------------------------------------------------------------------- context


def countdown(hours_to_deadline: float | None, elapsed_hours: float = 0.0) -> tuple[str, str] | None:
    """'剩5小时12分' or '已超时3小时10分' (no spaces: it must fit the narrow panel), styled by urgency."""
    if hours_to_deadline is None:
        return None
    left = hours_to_deadline - elapsed_hours
    minutes = int(round(abs(left) * 60))
    span = f"{minutes // 60}小时{minutes % 60:02d}分" if minutes >= 60 else f"{minutes}分钟"
    if left < 0:
        return f"已超时{span}", "bold $error"
    return f"剩{span}", "bold $warning" if left < 12 else "$success"


def context_report(context: dict[str, Any] | None, *, elapsed_hours: float = 0.0) -> Content:
    """The order, offers and agent notes for the context panel."""
    if not context:
        return Content.styled("输入买家消息后显示订单, 相似商品, 优惠券和客服备注", MUTED)
    blocks: list[Content] = []
    order = context.get("order")
    if order:
        blocks.append(_order_block(order, elapsed_hours))
    notes = context.get("notes") or []
    if notes:
        # Right after the order: deadline risk is what the agent must not miss at 80x24.
        lines = [Content.styled(f"备注 ({AGENT_ONLY}, 不会复制)", "bold $warning")]
        lines += [Content.styled(f"! {note}", "$warning") for note in notes]
        blocks.append(Content("\n").join(lines))
    product = context.get("product")
    if product and not order:
        stock = "有货" if product.get("in_stock") else "暂无库存"
        blocks.append(Content.assemble(("商品 ", "bold"), f"{product['title']}  ¥{product['price']:g}  {stock}"))
    similar = context.get("similar_items") or []
    if similar:
        lines = [Content.styled("相似有货商品", "bold")]
        lines += [Content(f"· {item['title']}  ¥{item['price']:g} (库存 {item['stock']})") for item in similar]
        blocks.append(Content("\n").join(lines))
    coupon = context.get("coupon")
    if coupon:
        blocks.append(_coupon_line(coupon))
    if context.get("restock_date"):
        blocks.append(Content.assemble(("补货 ", "bold"), f"{context['restock_date']}"))
    if not blocks:
        return Content.styled("没有关联的订单或商品 (F4 选择订单)", MUTED)
    return Content("\n\n").join(blocks)


def _coupon_line(coupon: dict[str, Any]) -> Content:
    terms = (f"满{coupon['threshold']:g}" if coupon.get("threshold") else "无门槛") + f"减{coupon['amount']:g}"
    parts: list[Content | tuple[str, str] | str] = [("优惠券 ", "bold"), coupon["name"]]
    if terms not in coupon["name"]:  # shops often name a coupon by its terms already
        parts.append(f" {terms}")
    if coupon.get("valid_until"):
        parts.append((f" 至{coupon['valid_until']}", MUTED))
    return Content.assemble(*parts)


def _order_block(order: dict[str, Any], elapsed_hours: float) -> Content:
    lines = [
        Content.assemble(("订单 ", "bold"), order["sn"]),
        Content.assemble(("状态 ", "bold"), (order["status"], "bold $accent"), f"  ¥{order['amount']:g}"),
    ]
    if order.get("title"):
        sku = f" [{order['sku']}]" if order.get("sku") else ""
        stock = "" if not order.get("out_of_stock") else "  (有商品暂无库存)"
        lines.append(Content.assemble(f"{order['title']}{sku}", (stock, "$error")))
    left = countdown(order.get("hours_to_deadline"), elapsed_hours)
    if left:
        lines.append(Content.assemble(("发货时限 ", "bold"), left))
    if order.get("group_time"):
        lines.append(Content.styled(f"成团 {order['group_time']}", MUTED))
    if order.get("courier") or order.get("tracking_no"):
        lines.append(
            Content.assemble(("快递 ", "bold"), f"{order.get('courier') or ''} {order.get('tracking_no') or ''}")
        )
    if order.get("shipped_time"):
        lines.append(Content.styled(f"发货 {order['shipped_time']}", MUTED))
    return Content("\n").join(lines)


def one_line(text: str) -> str:
    """A multi-line reply squeezed onto one list row."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
