"""Writing the intents file back as TOML, keeping what the shop owner wrote around it.

The file has a simple shape (csbot.catalogue): a header comment, a ``[matcher]`` table and
one ``[[intent]]`` table per intent.  An edit regenerates only the intents that changed;
every other block, with its comments and line breaks, is copied through byte for byte, so
the shop owner's diff (or ``intents.toml.bak``) shows exactly what csbot changed.  If the
file's layout defeats that (a table between intents, a comment csbot cannot place), the
whole file is regenerated from the header comment down.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass

from csbot.catalogue import IntentSpec, MatcherSettings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LINE_WIDTH = 110
"""Display columns for a wrapped list line (CJK characters count two)."""
_INTENT_HEADER = re.compile(r"^\s*\[\[\s*intent\s*\]\]\s*(?:#.*)?$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str) -> str:
    """A TOML basic string; non-ASCII text stays readable (the file is UTF-8)."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def toml_list(key: str, values: list[str]) -> str:
    """``key = [...]`` on one line when it fits, else wrapped two spaces in, as the demo file is."""
    items = [toml_string(v) for v in values]
    one_line = f"{key} = [{', '.join(items)}]"
    if _width(one_line) <= LINE_WIDTH:
        return one_line
    lines, current = [f"{key} = ["], "  "
    for item in items:
        piece = f"{item},"
        if current.strip() and _width(current) + 1 + _width(piece) > LINE_WIDTH:
            lines.append(current.rstrip())
            current = "  "
        current += piece if not current.strip() else f" {piece}"
    if current.strip():
        lines.append(current.rstrip())
    lines.append("]")
    return "\n".join(lines)


def intent_table(spec: IntentSpec) -> str:
    """One ``[[intent]]`` table; empty lists and default flags are left out."""
    lines = [
        "[[intent]]",
        f"id = {toml_string(spec.id)}",
        f"label = {toml_string(spec.label)}",
        f"order = {spec.order}",
    ]
    if spec.filler:
        lines.append("filler = true")
    if spec.yields:
        lines.append("yields = true")
    for key in ("keywords", "hints", "examples", "negatives"):
        values = getattr(spec, key)
        if values:
            lines.append(toml_list(key, values))
    return "\n".join(lines) + "\n"


def matcher_table(settings: MatcherSettings) -> str:
    return f"[matcher]\nthreshold = {settings.threshold!r}\nambiguity_margin = {settings.ambiguity_margin!r}\n"


@dataclass
class Block:
    """One ``[[intent]]`` table as written in the file, with the comment lines right above it."""

    intent_id: str
    comments: str
    text: str

    @property
    def full(self) -> str:
        return self.comments + self.text


@dataclass
class Layout:
    preamble: str
    blocks: list[Block]


def split_layout(text: str) -> Layout | None:
    """The file cut into preamble and intent blocks, or None when it cannot be cut safely."""
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _INTENT_HEADER.match(line)]
    if not headers:
        return None
    starts = []
    for header in headers:
        start = header
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        starts.append((start, header))
    preamble = "".join(lines[: starts[0][0]])
    blocks = []
    for index, (start, header) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        body = "".join(lines[header:end])
        intent_id = _block_intent(body)
        if intent_id is None:
            return None
        blocks.append(Block(intent_id, "".join(lines[start:header]), body))
    try:
        extra = set(tomllib.loads(preamble)) - {"matcher"}
    except tomllib.TOMLDecodeError:
        return None
    return None if extra else Layout(preamble, blocks)


def _block_intent(body: str) -> str | None:
    """The id of a block that holds exactly one intent table and nothing else."""
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        return None
    tables = data.get("intent")
    if set(data) != {"intent"} or not isinstance(tables, list) or len(tables) != 1:
        return None
    intent_id = tables[0].get("id")
    return intent_id if isinstance(intent_id, str) else None


def header_comment(text: str) -> str:
    """The comment lines (and blank lines among them) at the very top of the file."""
    out = []
    for line in text.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        out.append(line)
    return "".join(out)


def _ensure_break(text: str) -> str:
    """Blocks are joined with one blank line between them, however the previous one ended."""
    if not text or text.endswith("\n\n"):
        return text  # an untouched block keeps its own spacing
    return text.rstrip("\n") + "\n\n"


def write_surgically(
    original_text: str, original: dict[str, IntentSpec], intents: list[IntentSpec], origin: dict[str, str]
) -> str | None:
    """The file with only changed, added and removed intents touched; None if it cannot be cut.

    ``origin`` maps a renamed intent's id to its id in the file, so its block is still found."""
    layout = split_layout(original_text)
    if layout is None or len({b.intent_id for b in layout.blocks}) != len(layout.blocks):
        return None
    blocks = {block.intent_id: block for block in layout.blocks}
    parts = [layout.preamble]
    last = len(intents) - 1
    for index, spec in enumerate(intents):
        source_id = origin.get(spec.id, spec.id)
        block = blocks.get(source_id)
        before = original.get(source_id)
        if block is not None and before == spec:
            text = block.full
        elif block is not None and before is not None:
            edited = edit_block(block.text, before, spec)
            text = block.comments + (edited if edited is not None else intent_table(spec))
        else:
            text = intent_table(spec)
        parts.append(text if index == last else _ensure_break(text))
    return _join(parts)


def write_whole(original_text: str, settings: MatcherSettings, intents: list[IntentSpec]) -> str:
    """The whole file regenerated below the original header comment."""
    head = header_comment(original_text)
    parts = [_ensure_break(head) if head.strip() else "", _ensure_break(matcher_table(settings))]
    parts.extend(_ensure_break(intent_table(spec)) for spec in intents)
    return _join(parts)


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text and not text.endswith("\n"):
            text += "\n"
        text += part
    return text.rstrip("\n") + "\n"


# ---------------------------------------------------------------------------- one key at a time


def edit_block(body: str, before: IntentSpec, after: IntentSpec) -> str | None:
    """The block with only the changed keys rewritten (None: let the caller regenerate it).

    Adding phrasings to the end of a wrapped list only inserts a line before its ``]``, so
    the commonest edit (teaching csbot a new phrasing) is a one-line diff."""
    for key in ("id", "label", "order", "filler", "yields", *LIST_KEYS):
        old, new = getattr(before, key), getattr(after, key)
        if old == new:
            continue
        span = _key_span(body, key)
        if isinstance(new, list):
            value_text = _appended(body, span, old, new) if span else None
            if value_text is None:
                value_text = toml_list(key, new) + "\n" if new else ""
        else:
            value_text = f"{key} = {_scalar(new)}\n"
        if span is None:
            if not value_text:
                continue
            span = (_insert_at(body, key),) * 2
        body = body[: span[0]] + value_text + body[span[1] :]
    return body


LIST_KEYS = ("keywords", "hints", "examples", "negatives")


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return toml_string(str(value))


def _key_span(body: str, key: str) -> tuple[int, int] | None:
    """Start and end (after the newline) of ``key = value``, the value possibly many lines long."""
    match = re.search(rf"^[ \t]*{key}[ \t]*=[ \t]*", body, flags=re.MULTILINE)
    if match is None:
        return None
    end = _value_end(body, match.end())
    if end is None:
        return None
    newline = body.find("\n", end)
    return match.start(), len(body) if newline < 0 else newline + 1


def _value_end(text: str, index: int) -> int | None:
    """Index just past a TOML value starting at ``index`` (strings, arrays, comments inside arrays)."""
    depth = 0
    while index < len(text):
        char = text[index]
        if char in "\"'":
            index = _string_end(text, index)
            if index < 0:
                return None
            if depth == 0:
                return index
            continue
        if char == "#" and depth:
            newline = text.find("\n", index)
            index = len(text) if newline < 0 else newline
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index + 1
        elif char == "\n" and depth == 0:
            return index
        index += 1
    return None if depth else index


def _string_end(text: str, index: int) -> int:
    quote = text[index]
    index += 1
    while index < len(text):
        if text[index] == "\\" and quote == '"':
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        if text[index] == "\n":
            return -1  # a multi-line string: not something this writer edits in place
        index += 1
    return -1


def _appended(body: str, span: tuple[int, int], old: list[str], new: list[str]) -> str | None:
    """The list text with the new items on an extra line before ``]``, when only appending to a wrapped list."""
    if len(new) <= len(old) or new[: len(old)] != old:
        return None
    value = body[span[0] : span[1]]
    closing = value.rstrip().rfind("]")
    head = value[:closing]
    if "\n" not in head or not head.rstrip().endswith(","):
        return None
    extra = toml_list("x", new[len(old) :])
    if "\n" in extra:
        return None
    items = extra[len("x = [") : -1]
    return head.rstrip(" ") + f"  {items},\n" + value[closing:]


def _insert_at(body: str, key: str) -> int:
    """Where a new key goes: a flag after the block's id/label/order, a list at the end."""
    if key not in LIST_KEYS:
        for earlier in ("filler", "order", "label", "id"):
            span = _key_span(body, earlier)
            if span is not None:
                return span[1]
    lines = body.splitlines(keepends=True)
    offset = total = 0
    for line in lines:
        total += len(line)
        if line.strip() and not line.lstrip().startswith("#"):
            offset = total
    return offset
