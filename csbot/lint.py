"""Checks a shop owner runs before agents use their files: ``csbot lint`` and the editor.

A template is rendered against every sample situation (csbot.samples), so an undefined
variable, a sandbox violation or a penalised phrase is found before a buyer would see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from csbot import paths
from csbot.catalogue import UNKNOWN
from csbot.normalize import normalise
from csbot.render import RenderProblem, TemplateFile, TemplateSet
from csbot.samples import sample_contexts

if TYPE_CHECKING:
    from csbot.catalogue import Catalogue
    from csbot.compliance import Guard
    from csbot.shop import Shop

MAX_REPLY_CHARS = 300
"""A chat reply longer than this is a wall of text on a phone screen."""

_UNSAFE = re.compile(r"__\w+__|\b(?:mro|subclasses|func_globals|f_globals|gi_frame|cr_frame)\b")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def lint_template(template: TemplateFile, templates: TemplateSet, guard: Guard) -> list[Finding]:
    """Everything wrong with one template, as the editor and ``csbot lint`` show it."""
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
    seen: set[str] = set()
    rendered_any = False
    for situation, context in sample_contexts(template.intent).items():
        result = templates.render(template, context)
        if isinstance(result, RenderProblem):
            message = result.message.split(": ", 1)[-1] if result.message.startswith(where) else result.message
            key = f"{result.line}:{message}"
            if key not in seen:
                seen.add(key)
                findings.append(Finding(where, result.line, "error", f"{message} (in situation {situation})"))
            continue
        if not result:
            continue
        rendered_any = True
        for violation in guard.check(result):
            key = f"guard:{violation.rule_id}"
            if key in seen:
                continue
            seen.add(key)
            line = _line_of(template.source, violation.matched)
            severity = "error" if violation.severity == "block" else "warning"
            findings.append(
                Finding(
                    where,
                    line,
                    severity,
                    f"penalised phrase “{violation.matched}” ({violation.category}): {violation.why}"
                    f" — try: {violation.rewrite}",
                )
            )
        if len(result) > MAX_REPLY_CHARS and "length" not in seen:
            seen.add("length")
            findings.append(
                Finding(
                    where, 1, "warning", f"reply is {len(result)} characters (limit {MAX_REPLY_CHARS}): keep it short"
                )
            )
    if not rendered_any and not any(f.severity == "error" for f in findings):
        findings.append(Finding(where, 1, "warning", "renders empty in every sample situation"))
    return findings


def _line_of(source: str, phrase: str) -> int:
    for number, line in enumerate(source.splitlines(), start=1):
        if phrase in line or normalise(phrase) in normalise(line):
            return number
    return 1


def lint_catalogue(catalogue: Catalogue) -> list[Finding]:
    where = str(catalogue.source or paths.INTENTS_FILE)
    findings: list[Finding] = []
    owners: dict[str, str] = {}
    for spec in catalogue.intents:
        if not spec.examples and spec.id != UNKNOWN:
            findings.append(Finding(where, 1, "warning", f"intent {spec.id} has no examples"))
        for example in spec.examples:
            key = normalise(example)
            other = owners.setdefault(key, spec.id)
            if other != spec.id:
                findings.append(
                    Finding(
                        where,
                        _line_of_example(catalogue, example),
                        "warning",
                        f"example “{example}” is in both {other} and {spec.id}",
                    )
                )
        for negative in spec.negatives:
            if normalise(negative) in {normalise(e) for e in spec.examples}:
                findings.append(Finding(where, 1, "warning", f"intent {spec.id}: “{negative}” is example and negative"))
    return findings


def _line_of_example(catalogue: Catalogue, example: str) -> int:
    if catalogue.source is None:
        return 1
    try:
        text = Path(catalogue.source).read_text(encoding="utf-8")
    except OSError:
        return 1
    return _line_of(text, f'"{example}"')


def lint_shop(shop: Shop) -> list[Finding]:
    findings = lint_catalogue(shop.catalogue)
    known = set(shop.catalogue.ids)
    for template in shop.templates.all():
        if template.intent not in known and template.intent != UNKNOWN:
            findings.append(Finding(template.where, 1, "warning", f"no intent {template.intent} in the intents file"))
        findings.extend(lint_template(template, shop.templates, shop.guard))
    for intent in known:
        if not shop.templates.for_intent(intent):
            findings.append(
                Finding(str(shop.root / paths.TEMPLATES_DIR / intent), 1, "error", "intent has no template")
            )
    return findings
