"""The rules file: what the guard looks for, read from TOML and checked strictly.

The shipped file (``csbot/data/rules.toml``) and a shop's ``rules.toml`` share one format,
documented in ``docs/compliance.md``.  A shop file may add rules, replace a shipped rule
by reusing its id, change a rule's severity, disable rules and add allow-list phrases.

Every mistake is a ``RulesError`` naming the file and line: a guard that silently skips
a misspelt rule would let the phrase through, which is worse than refusing to start.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from csbot.compliance.canon import BOUNDARY, canonical_key
from csbot.errors import RulesError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CATEGORIES = (
    "stock_out",
    "off_platform",
    "review_inducement",
    "abuse",
    "fake_shipping",
    "privacy",
    "ad_law",
    "false_promise",
)
SEVERITIES = ("block", "warn")
_ID = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")
_RULE_KEYS = set("id phrase variants pattern detector category severity why rewrite negatable word".split())
DETECTORS = ("mobile", "mobile_contact", "id_card", "bank_card", "qq")
"""Built-in number detectors (csbot.compliance.numbers) a rule can switch on by name."""
_ALLOW_KEYS = {"phrase", "phrases", "why"}
_CATEGORY_KEYS = {"why", "rewrite", "negatable"}
_TOP_KEYS = {"version", "rule", "allow", "category", "negators", "fallback", "disable", "severity"}


@dataclass(frozen=True)
class Rule:
    """One penalised phrase (with its spelling variants) or one regular expression."""

    id: str
    phrase: str
    category: str
    severity: str
    why: str
    rewrite: str
    variants: tuple[str, ...] = ()
    pattern: str | None = None
    detector: str | None = None
    """Name of a number detector; the phrase is then only a label such as 手机号码."""
    negatable: bool = False
    """A negation right before the phrase (不缺货, 不会断货) makes it harmless."""
    word: bool | None = None
    """Must the hit be a whole word for jieba?  None: only for two-character CJK phrases."""

    def keys(self) -> tuple[str, ...]:
        """Canonical forms the automaton looks for (none for pattern and detector rules)."""
        if self.pattern is not None or self.detector is not None:
            return ()
        return tuple(dict.fromkeys(canonical_key(p) for p in (self.phrase, *self.variants)))


@dataclass
class RuleSet:
    """Everything a guard is built from, after merging the shipped and the shop file."""

    rules: dict[str, Rule] = field(default_factory=dict)
    allow: dict[str, str] = field(default_factory=dict)  # canonical phrase -> why
    negators: tuple[str, ...] = ()
    fallback: str = ""
    defaults: dict[str, dict[str, Any]] = field(default_factory=dict)


class _Source:
    """A parsed file plus what is needed to point at a line in it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise RulesError(f"{path}: rules file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(f"{path}: cannot read the rules file ({exc})") from None
        try:
            self.data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"{path}:{_toml_line(exc)}: not valid TOML: {exc}") from None

    def error(self, message: str, table: str | None = None, index: int = 0, key: str | None = None) -> RulesError:
        return RulesError(f"{self.path}:{self._line(table, index, key)}: {message}")

    def _line(self, table: str | None, index: int, key: str | None) -> int:
        """Line of the index-th [[table]] header (or of key inside it): close enough to fix."""
        lines = self.text.splitlines()
        if table is None:
            return next((n for n, line in enumerate(lines, 1) if key and line.strip().startswith(key)), 1)
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        starts = [n for n, line in enumerate(lines, 1) if header.match(line)]
        if index >= len(starts):
            return 1
        line_no = starts[index]
        if key:
            end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
            for n in range(line_no, end):
                if re.match(rf"\s*{re.escape(key)}\s*=", lines[n - 1]):
                    return n
        return line_no


def _toml_line(exc: Exception) -> int:
    found = re.search(r"line (\d+)", str(exc))
    return int(found.group(1)) if found else 1


def _text(src: _Source, value: Any, what: str, table: str | None, index: int, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise src.error(f"{what}: {key} must be a non-empty string", table, index, key)
    return value.strip()


def _strings(src: _Source, value: Any, what: str, table: str | None, index: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise src.error(f"{what}: {key} must be a list of non-empty strings", table, index, key)
    return tuple(v.strip() for v in value)


def _check_key(src: _Source, key: str, what: str, index: int) -> None:
    """A phrase must still be matchable once canonical."""
    if not key:
        raise src.error(f"{what}: the phrase is empty once spaces and symbols are removed", "rule", index)
    if BOUNDARY in key:
        raise src.error(
            f"{what}: the phrase contains sentence punctuation (，。！？；：), which the guard never matches across",
            "rule",
            index,
        )


def _parse_rule(src: _Source, raw: Any, index: int, defaults: Mapping[str, dict[str, Any]]) -> Rule:
    what = f"rule #{index + 1}"
    if not isinstance(raw, dict):
        raise src.error(f"{what} is not a table", "rule", index)
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise src.error(f"{what}: unknown key(s) {', '.join(sorted(unknown))}", "rule", index, sorted(unknown)[0])
    rule_id = _text(src, raw.get("id"), what, "rule", index, "id")
    if not _ID.fullmatch(rule_id):
        raise src.error(f"{what}: id {rule_id!r} must be lower-case letters, digits, _ and dots", "rule", index, "id")
    what = f"rule {rule_id!r}"
    category = raw.get("category")
    if category not in CATEGORIES:
        raise src.error(f"{what}: category must be one of {', '.join(CATEGORIES)}", "rule", index, "category")
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        raise src.error(f"{what}: severity must be 'block' or 'warn'", "rule", index, "severity")
    if "pattern" in raw and "detector" in raw:
        raise src.error(f"{what}: give a pattern or a detector, not both", "rule", index)
    detector = raw.get("detector")
    if detector is not None and (detector not in DETECTORS or "variants" in raw or "pattern" in raw):
        raise src.error(
            f"{what}: detector must be one of {', '.join(DETECTORS)}, with a phrase label and no variants",
            "rule",
            index,
            "detector",
        )
    base = defaults.get(category, {})
    why = raw.get("why", base.get("why"))
    rewrite = raw.get("rewrite", base.get("rewrite"))
    negatable = raw.get("negatable", base.get("negatable", False))
    word = raw.get("word")
    if not isinstance(negatable, bool) or not (word is None or isinstance(word, bool)):
        raise src.error(f"{what}: negatable and word must be true or false", "rule", index)
    rule = Rule(
        id=rule_id,
        # A pattern or detector rule may omit the phrase: it is only a label for the agent.
        phrase=_text(src, raw.get("phrase", raw.get("pattern", detector)), what, "rule", index, "phrase"),
        category=category,
        severity=severity,
        why=_text(src, why, what, "rule", index, "why"),
        rewrite=_text(src, rewrite, what, "rule", index, "rewrite"),
        variants=_strings(src, raw.get("variants", []), what, "rule", index, "variants"),
        pattern=_text(src, raw["pattern"], what, "rule", index, "pattern") if "pattern" in raw else None,
        detector=detector,
        negatable=negatable,
        word=word,
    )
    if rule.pattern is not None:
        if rule.variants:
            raise src.error(f"{what}: a pattern rule takes no variants", "rule", index, "variants")
        try:
            re.compile(rule.pattern)
        except re.error as exc:
            raise src.error(f"{what}: bad regular expression: {exc}", "rule", index, "pattern") from None
    for key in rule.keys():
        _check_key(src, key, what, index)
    return rule


def _parse_allow(src: _Source, raw: Any, index: int) -> dict[str, str]:
    what = f"allow #{index + 1}"
    if not isinstance(raw, dict):
        raise src.error(f"{what} is not a table", "allow", index)
    unknown = set(raw) - _ALLOW_KEYS
    if unknown:
        raise src.error(f"{what}: unknown key(s) {', '.join(sorted(unknown))}", "allow", index, sorted(unknown)[0])
    phrases: tuple[str, ...] = ()
    if "phrase" in raw:
        phrases += (_text(src, raw["phrase"], what, "allow", index, "phrase"),)
    if "phrases" in raw:
        phrases += _strings(src, raw["phrases"], what, "allow", index, "phrases")
    if not phrases:
        raise src.error(f"{what}: give phrase or phrases", "allow", index)
    why = raw.get("why", "")
    if not isinstance(why, str):
        raise src.error(f"{what}: why must be a string", "allow", index, "why")
    allowed = {}
    for phrase in phrases:
        key = canonical_key(phrase)
        if not key or BOUNDARY in key:
            raise src.error(f"{what}: {phrase!r} is empty or contains sentence punctuation", "allow", index)
        allowed[key] = why
    return allowed


def _parse_defaults(src: _Source, raw: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise src.error("[category] must be a table of [category.<name>] tables", key="[category")
    for name, values in raw.items():
        if name not in CATEGORIES:
            raise src.error(f"[category.{name}]: unknown category", key=f"[category.{name}")
        if not isinstance(values, dict) or set(values) - _CATEGORY_KEYS:
            raise src.error(f"[category.{name}]: only why, rewrite and negatable are allowed", key=f"[category.{name}")
    return raw


def _apply(src: _Source, ruleset: RuleSet, *, shop: bool) -> None:
    data = src.data
    unknown = set(data) - _TOP_KEYS
    if unknown:
        name = sorted(unknown)[0]
        raise src.error(f"unknown top-level key or table {name!r}", key=name)
    for name, values in _parse_defaults(src, data.get("category", {})).items():
        ruleset.defaults.setdefault(name, {}).update(values)
    if "negators" in data:
        ruleset.negators += _strings(src, data["negators"], "negators", None, 0, "negators")
    if "fallback" in data:
        ruleset.fallback = _text(src, data["fallback"], "fallback", None, 0, "fallback")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        raise src.error("rule must be written as [[rule]] tables", key="rule")
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules):
        rule = _parse_rule(src, raw, index, ruleset.defaults)
        if rule.id in seen:
            raise src.error(f"rule id {rule.id!r} is used twice in this file", "rule", index, "id")
        seen.add(rule.id)
        # In the shipped file a clash is a bug; in a shop file the same id replaces the shipped rule.
        ruleset.rules[rule.id] = rule
    raw_allow = data.get("allow", [])
    if not isinstance(raw_allow, list):
        raise src.error("allow must be written as [[allow]] tables", key="allow")
    for index, raw in enumerate(raw_allow):
        ruleset.allow.update(_parse_allow(src, raw, index))
    if shop:
        _apply_overrides(src, ruleset)
    elif "disable" in data or "severity" in data:
        raise src.error("disable and [severity] belong in a shop's rules file", key="disable")


def _apply_overrides(src: _Source, ruleset: RuleSet) -> None:
    data = src.data
    for rule_id in _strings(src, data.get("disable", []), "disable", None, 0, "disable"):
        if rule_id not in ruleset.rules:
            raise src.error(f"disable: no rule with id {rule_id!r}", key="disable")
        del ruleset.rules[rule_id]
    severities = data.get("severity", {})
    if not isinstance(severities, dict):
        raise src.error('[severity] must be a table of id = "block" | "warn"', key="[severity")
    for rule_id, severity in severities.items():
        if rule_id not in ruleset.rules:
            raise src.error(f"[severity]: no rule with id {rule_id!r}", key=f'"{rule_id}"')
        if severity not in SEVERITIES:
            raise src.error(f"[severity]: {rule_id} must be 'block' or 'warn'", key=f'"{rule_id}"')
        ruleset.rules[rule_id] = replace(ruleset.rules[rule_id], severity=severity)


def load_rules(shipped: Path, shop_files: Iterable[Path] = ()) -> RuleSet:
    """The shipped rules merged with each shop file in turn."""
    ruleset = RuleSet()
    _apply(_Source(shipped), ruleset, shop=False)
    for path in shop_files:
        _apply(_Source(path), ruleset, shop=True)
    if not ruleset.fallback:
        raise RulesError(f"{shipped}:1: the shipped rules need a fallback sentence")
    return ruleset
