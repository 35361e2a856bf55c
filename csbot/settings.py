"""Shop settings from ``shop.toml``: who the shop is, what it may offer, which deadlines apply.

The platform deadlines (ship within 48 h of 成团, ~24 h without courier movement reads as
fake shipping) come from third-party articles, not from Pinduoduo's rule book.  They live
here, in dated configuration marked unverified, and nowhere else: every other module asks
:class:`Deadlines` for them, so a shop owner who learns the real figure changes one file.

Example::

    [shop]
    name = "小美优选"
    signature = "小美"
    gift = "小袜子一双"            # optional; templates offer it only when set
    compensation = "3元无门槛券"    # optional; templates never invent an amount
    service_hours = "8:00-23:00"

    [deadlines]
    ship_within_hours = 48
    no_movement_hours = 24
    verified = false
    as_of = "2026-03-01"
    source = "third-party articles on PDD stock-out rules (shared/seeds), not the platform's rule text"

    [similar]
    price_band = 0.2
    limit = 3
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csbot.errors import ShopError

# The one place the seed figures appear.  Used only when a shop.toml has no [deadlines].
DEFAULT_SHIP_WITHIN_HOURS = 48.0
DEFAULT_NO_MOVEMENT_HOURS = 24.0
DEFAULT_DEADLINES_AS_OF = "2026-03-01"
DEFAULT_DEADLINES_SOURCE = "third-party articles on PDD stock-out rules; not checked against the platform's rules"


@dataclass(frozen=True)
class Deadlines:
    ship_within_hours: float = DEFAULT_SHIP_WITHIN_HOURS
    no_movement_hours: float = DEFAULT_NO_MOVEMENT_HOURS
    verified: bool = False
    as_of: str = DEFAULT_DEADLINES_AS_OF
    source: str = DEFAULT_DEADLINES_SOURCE

    def caveat(self) -> str:
        """A short tag for agent notes, so nobody mistakes an unverified figure for a rule."""
        if self.verified:
            return f"(时限已核实, {self.as_of})"
        return f"(时限为第三方资料, 未核实, {self.as_of})"


@dataclass(frozen=True)
class SimilarSettings:
    price_band: float = 0.2
    limit: int = 3


@dataclass(frozen=True)
class ShopSettings:
    name: str = "本店"
    signature: str | None = None
    gift: str | None = None
    compensation: str | None = None
    service_hours: str = "8:00-23:00"
    deadlines: Deadlines = field(default_factory=Deadlines)
    similar: SimilarSettings = field(default_factory=SimilarSettings)
    source: Path | None = None

    @classmethod
    def from_toml(cls, data: dict[str, Any], *, source: Path | None = None) -> ShopSettings:
        """Settings from a parsed shop.toml; a wrong type is a ShopError naming file and key."""
        reader = _Reader(data, source)
        shop = reader.table("shop")
        deadlines = reader.table("deadlines")
        similar = reader.table("similar")
        return cls(
            name=reader.text(shop, "shop", "name") or "本店",
            signature=reader.text(shop, "shop", "signature"),
            gift=reader.text(shop, "shop", "gift"),
            compensation=reader.text(shop, "shop", "compensation"),
            service_hours=reader.text(shop, "shop", "service_hours") or "8:00-23:00",
            deadlines=Deadlines(
                ship_within_hours=reader.number(
                    deadlines, "deadlines", "ship_within_hours", DEFAULT_SHIP_WITHIN_HOURS, 1, 24 * 60
                ),
                no_movement_hours=reader.number(
                    deadlines, "deadlines", "no_movement_hours", DEFAULT_NO_MOVEMENT_HOURS, 1, 24 * 30
                ),
                verified=reader.boolean(deadlines, "deadlines", "verified", False),
                as_of=str(reader.text(deadlines, "deadlines", "as_of") or DEFAULT_DEADLINES_AS_OF),
                source=reader.text(deadlines, "deadlines", "source") or DEFAULT_DEADLINES_SOURCE,
            ),
            similar=SimilarSettings(
                price_band=reader.number(similar, "similar", "price_band", 0.2, 0.0, 1.0),
                limit=int(reader.number(similar, "similar", "limit", 3, 0, 10)),
            ),
            source=source,
        )

    def to_context(self) -> dict[str, Any]:
        """The ``shop`` variable of the template context (docs/context.md)."""
        return {
            "name": self.name,
            "signature": self.signature,
            "gift": self.gift,
            "compensation": self.compensation,
            "service_hours": self.service_hours,
        }


class _Reader:
    """Typed access to the TOML dict with errors that say which file and key is wrong."""

    def __init__(self, data: dict[str, Any], source: Path | None) -> None:
        self.data = data
        self.where = str(source) if source else "shop.toml"

    def fail(self, message: str) -> ShopError:
        return ShopError(f"{self.where}: {message}")

    def table(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(f"[{name}] must be a table")
        return value

    def text(self, table: dict[str, Any], section: str, key: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        # TOML parses an unquoted date (as_of = 2026-03-01) as a date; accept it as text.
        if not isinstance(value, str) and key == "as_of":
            return str(value)
        if not isinstance(value, str):
            raise self.fail(f"[{section}] {key} must be text, not {type(value).__name__}")
        value = value.strip()
        return value or None

    def number(self, table: dict[str, Any], section: str, key: str, default: float, low: float, high: float) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"[{section}] {key} must be a number, not {value!r}")
        if not low <= value <= high:
            raise self.fail(f"[{section}] {key} = {value} is outside {low:g}..{high:g}")
        return float(value)

    def boolean(self, table: dict[str, Any], section: str, key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"[{section}] {key} must be true or false, not {value!r}")
        return value
