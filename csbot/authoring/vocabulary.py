"""What a template may use: the context variables (with an example value) and the filters.

The variables are derived from csbot.samples (the same contexts lint renders against), so
the list can never name a variable the engine does not provide.  Their meaning is
documented in docs/context.md; the filters' in docs/authoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csbot.render import FILTERS
from csbot.samples import sample_contexts

_EXAMPLE_WIDTH = 30
_RECORD = object()
"""Marks a path whose value is a dict in the samples (shown as {…})."""


@dataclass(frozen=True)
class Variable:
    name: str
    example: str


@dataclass(frozen=True)
class FilterInfo:
    name: str
    help: str
    example: str
    csbot: bool
    """True for csbot's own filters; False for the Jinja built-ins worth knowing."""


FILTER_HELP: dict[str, tuple[str, str]] = {
    "yuan": ("金额加“元”, 去掉多余的 0", "{{ order.amount | yuan }} → 39.9元"),
    "short": ("长标题截短到约 18 个字, 末尾加 …", "{{ product.title | short }}"),
    "mentions": ("买家消息里有其中任何一个词 (不分大小写)", '{% if message | mentions("运费", "邮费") %}…{% endif %}'),
    "default": ("值为空 (none) 时用后面的文字; 第二个参数写 true", '{{ restock_date | default("近期", true) }}'),
    "join": ("把列表连成一句", '{{ entities.sizes | join("、") }}'),
    "length": ("列表有几项", "{% if similar_items | length > 1 %}…{% endif %}"),
    "first": ("列表第一项", "{{ (similar_items | first).title }}"),
    "round": ("四舍五入 (配合 int 去掉小数)", "{{ order.hours_to_deadline | round | int }}"),
}
"""One line each, in the shop owner's language, with an example to copy."""


def _walk(prefix: str, value: Any, found: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if prefix:
            found[prefix] = _RECORD
        for key, inner in value.items():
            _walk(f"{prefix}.{key}" if prefix else key, inner, found)
        return
    if isinstance(value, list) and value and isinstance(value[0], dict):
        # A list of records: the fields of one item are shown as name[0].field.
        found[prefix] = value
        for key, inner in value[0].items():
            _walk(f"{prefix}[0].{key}", inner, found)
        return
    current = found.get(prefix)
    if prefix not in found or (current in (None, [], "") and value not in (None, [], "")):
        found[prefix] = value


def variables(intent: str = "unknown") -> list[Variable]:
    """Every variable path in the sample contexts, with a non-empty example where any situation has one."""
    found: dict[str, Any] = {}
    contexts = list(sample_contexts(intent).values())
    for context in contexts:
        _walk("", context, found)
    top = list(contexts[0])
    names = sorted(found, key=lambda name: (top.index(_root(name)) if _root(name) in top else len(top), name))
    return [Variable(name, _example(found[name])) for name in names]


def _root(name: str) -> str:
    return name.split(".", 1)[0].split("[", 1)[0]


def top_level_names(intent: str = "unknown") -> frozenset[str]:
    return frozenset(next(iter(sample_contexts(intent).values())))


def _example(value: Any) -> str:
    if value is _RECORD:
        return "{…}"
    if value is None:
        return "none"
    if isinstance(value, list):
        shown = [("{…}" if isinstance(v, dict) else repr(v) if isinstance(v, str) else str(v)) for v in value[:3]]
        text = "[" + ", ".join(shown) + "]"
    else:
        text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= _EXAMPLE_WIDTH else text[: _EXAMPLE_WIDTH - 1] + "…"


def filters() -> list[FilterInfo]:
    return [FilterInfo(name, help, example, name in FILTERS) for name, (help, example) in FILTER_HELP.items()]
