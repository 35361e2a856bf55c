"""Checks a shop owner runs before agents use their files: ``csbot lint`` and the editor.

A template is rendered against every sample situation (csbot.samples), so an undefined
variable, a sandbox violation or a penalised phrase is found before a buyer would see it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateSyntaxError, nodes

from csbot import paths
from csbot.catalogue import UNKNOWN
from csbot.errors import IntentsFileError
from csbot.normalize import normalise
from csbot.render import RenderProblem, TemplateFile, TemplateSet
from csbot.samples import sample_contexts

if TYPE_CHECKING:
    from csbot.catalogue import Catalogue
    from csbot.compliance import Guard, Violation
    from csbot.shop import Shop

MAX_REPLY_CHARS = 300
"""A chat reply longer than this is a wall of text on a phone screen."""

_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_IMPLICIT = frozenset({"loop", "caller", "varargs", "kwargs", "super", "self"})
"""Names Jinja itself provides inside loops, macros and blocks."""
_UNSAFE = re.compile(r"__\w+__|\b(?:mro|subclasses|func_globals|f_globals|gi_frame|cr_frame)\b")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def lint_template(
    template: TemplateFile, templates: TemplateSet, guard: Guard, examples: Sequence[str] = ()
) -> list[Finding]:
    """Everything wrong with one template, as the editor and ``csbot lint`` show it; ``examples``
    are its intent's example messages."""
    where = template.where
    if template.error:
        path, _, rest = template.error.partition(f"{where}:")
        line_text, _, message = rest.partition(": ")
        line = int(line_text) if line_text.isdigit() else 1
        return [Finding(where, line, "error", message or template.error)]
    findings: list[Finding] = []
    for number, line_text in enumerate(template.source.splitlines(), start=1):
        if _UNSAFE.search(line_text):
            findings.append(Finding(where, number, "error", "unsafe attribute access (blocked by the sandbox)"))
    contexts = sample_contexts(template.intent)
    unknown_names = _unknown_variables(template, next(iter(contexts.values())), contexts)
    findings.extend(Finding(where, line, "error", message) for line, message, _ in unknown_names)
    # Reported once with its line above, not again for every situation that trips over it.
    already = [f"'{name}'" for _, _, name in unknown_names]
    seen: set[str] = set()
    # The literal text first: its line is exact, and it is checked even when no situation renders.
    for number, line_text in enumerate(template.source.splitlines(), start=1):
        for violation in guard.check(_TAGS.sub(" ", line_text)):
            if f"guard:{violation.rule_id}" not in seen:
                seen.add(f"guard:{violation.rule_id}")
                findings.append(_guard_finding(where, number, violation))

    def check(situation: str, context: dict[str, Any]) -> bool:
        """Findings for one rendering; whether it produced a reply."""
        result = templates.render(template, context)
        if isinstance(result, RenderProblem):
            message = result.message.split(": ", 1)[-1] if result.message.startswith(where) else result.message
            if "undefined" in message and any(name in message for name in already):
                return False
            if "sandbox" in message and any(f.line == result.line and "unsafe" in f.message for f in findings):
                return False  # the unsafe line is already reported, before any rendering
            key = f"{result.line}:{message}"
            if key not in seen:
                seen.add(key)
                findings.append(Finding(where, result.line, "error", f"{message} (in situation {situation})"))
            return False
        if not result:
            return False
        for violation in guard.check(result):
            key = f"guard:{violation.rule_id}"
            if key in seen:
                continue
            seen.add(key)
            findings.append(_guard_finding(where, _line_of(template.source, violation.matched), violation))
        if len(result) > MAX_REPLY_CHARS and "length" not in seen:
            seen.add("length")
            findings.append(
                Finding(
                    where, 1, "warning", f"reply is {len(result)} characters (limit {MAX_REPLY_CHARS}): keep it short"
                )
            )
        return True

    rendered = [check(situation, context) for situation, context in contexts.items()]
    rendered_any = any(rendered)
    # A variant that answers one wording only ("运费谁出", "退到哪") is reached by its intent's
    # examples, not by the generic sample messages.
    without_order = next(iter(contexts.values()))
    for example in examples if not rendered_any else ():
        if check(f"例句「{example}」", {**without_order, "message": example}):
            rendered_any = True
            break
    if not rendered_any and not any(f.severity == "error" for f in findings):
        findings.append(Finding(where, 1, "warning", "renders empty in every sample situation and for every example"))
    return findings


def _guard_finding(where: str, line: int, violation: Violation) -> Finding:
    severity = "error" if violation.severity == "block" else "warning"
    message = (
        f"penalised phrase “{violation.matched}” ({violation.category}): {violation.why} — try: {violation.rewrite}"
    )
    return Finding(where, line, severity, message)


def _unknown_variables(
    template: TemplateFile, names: dict[str, Any], contexts: dict[str, dict[str, Any]]
) -> list[tuple[int, str, str]]:
    """(line, message, name) for variables and fields no situation provides, even in branches
    no sample reaches (``{% if order.status == "退款中" %}{{ ordr.sn }}``)."""
    try:
        tree = template.env.parse(template.source)
    except TemplateSyntaxError:
        return []  # reported as the syntax error it is
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    fields: dict[str, set[str]] = {}
    for context in contexts.values():
        for key, value in context.items():
            if isinstance(value, dict):
                fields.setdefault(key, set()).update(value)
    found: list[tuple[int, str, str]] = []
    reported: set[str] = set()
    provided = set(names) | assigned | set(template.env.globals) | _IMPLICIT
    for name_node in tree.find_all(nodes.Name):
        name = name_node.name
        if name_node.ctx != "load" or name in provided or name in reported:
            continue
        reported.add(name)
        message = f"undefined variable '{name}' (see docs/context.md for what templates get)"
        found.append((name_node.lineno, message, name))
    for attr_node in tree.find_all(nodes.Getattr):
        inner = attr_node.node
        if not isinstance(inner, nodes.Name) or inner.name in assigned or inner.name not in fields:
            continue
        dotted = f"{inner.name}.{attr_node.attr}"
        if attr_node.attr in fields[inner.name] or dotted in reported:
            continue
        reported.add(dotted)
        known = ", ".join(sorted(fields[inner.name]))
        message = f"undefined variable '{dotted}' ({inner.name} has: {known})"
        found.append((attr_node.lineno, message, attr_node.attr))
    return sorted(found)


def _line_of(source: str, phrase: str, start: int = 1) -> int:
    """The first line at or after ``start`` that holds ``phrase`` (1 when none does)."""
    for number, line in enumerate(source.splitlines(), start=1):
        if number >= start and (phrase in line or normalise(phrase) in normalise(line)):
            return number
    return 1


def _intent_line(text: str, intent_id: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf'\s*id\s*=\s*"{re.escape(intent_id)}"', line):
            return number
    return 1


def lint_catalogue(catalogue: Catalogue) -> list[Finding]:
    """Duplicate and conflicting examples and cues, as ``rasa data validate`` reports them."""
    where = str(catalogue.source or paths.INTENTS_FILE)
    text = _catalogue_text(catalogue)
    findings: list[Finding] = []
    owners: dict[str, str] = {}
    keyword_owners: dict[str, str] = {}
    for spec in catalogue.intents:
        intent_line = _intent_line(text, spec.id)

        def line(phrase: str, _start: int = intent_line) -> int:
            return _line_of(text, f'"{phrase}"', start=_start) if text else 1

        if not spec.examples and spec.id != UNKNOWN:
            findings.append(Finding(where, intent_line, "warning", f"intent {spec.id} has no examples"))
        mine: set[str] = set()
        written: set[str] = set()
        for example in spec.examples:
            key = normalise(example)
            # Exact repeats only: 繁体/简体 and emoji spellings of one phrasing are deliberate.
            if example in written:
                findings.append(Finding(where, line(example), "warning", f"intent {spec.id}: “{example}” twice"))
            written.add(example)
            mine.add(key)
            other = owners.setdefault(key, spec.id)
            if other != spec.id:
                findings.append(
                    Finding(
                        where,
                        line(example),
                        "warning",
                        f"example “{example}” is in both {other} and {spec.id}: csbot cannot tell them apart",
                    )
                )
        for negative in spec.negatives:
            if normalise(negative) in mine:
                findings.append(
                    Finding(
                        where,
                        line(negative),
                        "warning",
                        f"intent {spec.id}: “{negative}” is both an example and a negative",
                    )
                )
        my_keywords: set[str] = set()
        for keyword in spec.keywords:
            key = normalise(keyword)
            if key in my_keywords:
                findings.append(
                    Finding(where, line(keyword), "warning", f"intent {spec.id}: keyword “{keyword}” twice")
                )
            my_keywords.add(key)
            other = keyword_owners.setdefault(key, spec.id)
            if other != spec.id:
                findings.append(
                    Finding(
                        where,
                        line(keyword),
                        "warning",
                        f"keyword “{keyword}” is in both {other} and {spec.id}: it decides nothing",
                    )
                )
    return findings


def _catalogue_text(catalogue: Catalogue) -> str:
    if catalogue.source is None:
        return ""
    try:
        return Path(catalogue.source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # lines fall back to 1; the file itself was read fine moments ago


def lint_shop(shop: Shop) -> list[Finding]:
    findings = lint_catalogue(shop.catalogue)
    known = set(shop.catalogue.ids)
    examples_of = {spec.id: spec.examples for spec in shop.catalogue.intents}
    own = (shop.root / paths.TEMPLATES_DIR).resolve()
    for template in shop.templates.all():
        if template.intent not in known and template.intent != UNKNOWN:
            # csbot's defaults for intents this shop does not have are never served: not the owner's concern.
            if template.path is not None and template.path.resolve().is_relative_to(own):
                findings.append(
                    Finding(template.where, 1, "warning", f"no intent {template.intent} in the intents file")
                )
            continue
        findings.extend(lint_template(template, shop.templates, shop.guard, examples_of.get(template.intent, ())))
    for intent in known:
        if not shop.templates.for_intent(intent):
            findings.append(
                Finding(str(shop.root / paths.TEMPLATES_DIR / intent), 1, "error", "intent has no template")
            )
    findings.extend(_draft_findings(shop.root))
    return findings


def _draft_findings(shop_root: Path) -> list[Finding]:
    from csbot.authoring.templates import list_drafts

    return [
        Finding(str(draft), 1, "warning", "draft, not served to buyers: finish it in the editor and save it")
        for draft in list_drafts(shop_root)
    ]


def lint_shop_dir(shop_dir: Path | None) -> list[Finding]:
    """``csbot lint``: like lint_shop, but a broken intents file is a finding with its line,
    and the templates are still checked."""
    from csbot.shop import load_shop

    try:
        return lint_shop(load_shop(shop_dir))
    except IntentsFileError as exc:
        root = Path(shop_dir).expanduser() if shop_dir is not None else paths.demo_shop_dir()
        intents_file = root / paths.INTENTS_FILE
        return [_intents_file_finding(intents_file, exc), *_lint_templates_only(root)]


def _intents_file_finding(intents_file: Path, exc: IntentsFileError) -> Finding:
    if exc.path is not None:
        return Finding(str(exc.path), 1, "error", str(exc).removeprefix(f"{exc.path}: "))
    message = str(exc).removeprefix(f"{intents_file}: ")
    try:
        text = intents_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    line = 1
    if at := re.search(r"at line (\d+)", message):
        line = int(at.group(1))
    elif number := re.search(r"intent #(\d+)", message):
        headers = [n for n, t in enumerate(text.splitlines(), start=1) if t.strip() == "[[intent]]"]
        index = int(number.group(1)) - 1
        line = headers[index] if index < len(headers) else 1
    elif named := re.search(r"intent (\w+)", message):
        lines = [n for n, t in enumerate(text.splitlines(), start=1) if re.match(rf'\s*id\s*=\s*"{named.group(1)}"', t)]
        line = lines[-1] if lines else 1
    return Finding(str(intents_file), line, "error", message)


def _lint_templates_only(root: Path) -> list[Finding]:
    from csbot.compliance import Guard
    from csbot.render import load_templates

    templates = load_templates(root / paths.TEMPLATES_DIR, paths.default_templates_dir())
    rules = root / paths.RULES_FILE
    guard = Guard.load(rules if rules.is_file() else None)
    findings = [f for t in templates.all() for f in lint_template(t, templates, guard)]
    return findings + _draft_findings(root)
