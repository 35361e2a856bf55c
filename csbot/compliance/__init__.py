"""The compliance guard every buyer-facing text passes through (issue 6).

    from csbot.compliance import Guard, default_guard
    guard = Guard.load(shop_dir / "rules.toml")   # shipped rules + the shop's own
    guard.check(text)      -> list[Violation], sorted by start
    guard.blocking(text)   -> only severity == "block"
    guard.rewrite(text)    -> a text with no blocking hit, sentence by sentence

Rules live in ``csbot/data/rules.toml``; the format is in ``docs/compliance.md``.
"""

from __future__ import annotations

from csbot.compliance.guard import Guard, Violation, default_guard
from csbot.compliance.rules import CATEGORIES, DETECTORS, SEVERITIES, Rule

__all__ = ["CATEGORIES", "DETECTORS", "SEVERITIES", "Guard", "Rule", "Violation", "default_guard"]
