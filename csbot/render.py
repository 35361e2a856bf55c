"""Reply templates: load a shop's ``templates/<intent>/<variant>.j2`` and render them in
Jinja's sandbox.

Shop owners write these files, so they are untrusted code: the sandbox stops attribute
tricks (``''.__class__``), StrictUndefined turns a misspelt variable into an error
instead of a blank in front of a buyer, and a variant that fails is skipped with a reason
the agent can read, never the whole reply.  Buyer text only ever enters as data.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from csbot.errors import TemplateError

TEMPLATE_SUFFIX = ".j2"
MAX_TEMPLATE_BYTES = 64_000
_BLANK_LINES = re.compile(r"\n\s*\n+")
_LEADING_SALUTATION = re.compile(r"^(?:亲爱的|亲亲|亲)[～~，,！!\s]*")


def yuan(value: Any) -> str:
    """9.9 -> '9.9元', 10.0 -> '10元'."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return f"{value}元"
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return f"{text}元"


def short(value: Any, width: int = 18) -> str:
    """A long product title cut to fit a chat line."""
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


class ShopEnvironment(SandboxedEnvironment):
    """The sandbox, with one courtesy to shop owners: on a context dict, a field wins over a
    dict method of the same name, so ``order.items`` is the order's items (not ``dict.items``)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and isinstance(attribute, str) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def mentions(text: object, *words: str) -> bool:
    """Whether the text (the buyer's message) contains any of the words, case aside: what a
    variant for one wording tests, ``{% if message | mentions("运费", "邮费") %}``."""
    lowered = str(text or "").lower()
    return any(word.lower() in lowered for word in words)


def make_environment() -> SandboxedEnvironment:
    env = ShopEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["yuan"] = yuan
    env.filters["short"] = short
    env.filters["mentions"] = mentions
    return env


FILTERS = ("yuan", "short", "mentions")
_DEFAULT_ENV = make_environment()


@dataclass
class TemplateFile:
    """One variant.  Compiled on first use: a cold ``csbot reply`` needs only a few."""

    intent: str
    variant: str
    path: Path | None
    source: str
    env: SandboxedEnvironment = field(repr=False, compare=False, default_factory=lambda: _DEFAULT_ENV)
    _compiled: jinja2.Template | None = field(default=None, repr=False, compare=False)
    _error: str | None = field(default=None, repr=False, compare=False)
    _done: bool = field(default=False, repr=False, compare=False)

    def _compile(self) -> None:
        if self._done:
            return
        self._done = True
        if self._error:
            return
        try:
            # Compiled under the file's name so render errors can point at a line.
            code = self.env.compile(self.source, name=self.name, filename=self.where)
            self._compiled = self.env.template_class.from_code(self.env, code, self.env.make_globals(None), None)
        except jinja2.TemplateSyntaxError as exc:
            self._error = f"{self.where}:{exc.lineno}: {exc.message}"

    @property
    def compiled(self) -> jinja2.Template | None:
        self._compile()
        return self._compiled

    @property
    def error(self) -> str | None:
        """Why the file cannot be used (syntax error with line); such a file is never served."""
        self._compile()
        return self._error

    def refuse(self, reason: str) -> None:
        """Mark the file unusable for a reason found before compiling (size, encoding)."""
        self._error, self._compiled, self._done = f"{self.where}:1: {reason}", None, True

    @property
    def name(self) -> str:
        return f"{self.intent}/{self.variant}"

    @property
    def where(self) -> str:
        return str(self.path) if self.path else f"{self.name}{TEMPLATE_SUFFIX}"


@dataclass
class RenderProblem:
    template: str
    message: str
    line: int = 1


def _template_line(exc: BaseException, filename: str) -> int:
    """The template line an exception was raised from (Jinja maps its frames to it)."""
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename and frame.lineno:
            line = frame.lineno
    return line


@dataclass
class TemplateSet:
    """All reply templates of a shop, compiled once."""

    files: dict[str, list[TemplateFile]] = field(default_factory=dict)
    env: SandboxedEnvironment = field(default_factory=lambda: _DEFAULT_ENV)

    def for_intent(self, intent: str) -> list[TemplateFile]:
        return self.files.get(intent, [])

    def all(self) -> Iterator[TemplateFile]:
        for variants in self.files.values():
            yield from variants

    def add(self, intent: str, variant: str, source: str, path: Path | None = None) -> TemplateFile:
        template = TemplateFile(intent=intent, variant=variant, path=path, source=source, env=self.env)
        variants = self.files.setdefault(intent, [])
        variants[:] = [v for v in variants if v.variant != variant] + [template]
        variants.sort(key=lambda v: v.variant)
        return template

    def render(self, template: TemplateFile, context: dict[str, Any]) -> str | RenderProblem:
        """The reply text, '' when the variant does not apply, or why it failed."""
        if template.compiled is None:
            return RenderProblem(template.name, template.error or "template did not compile")
        try:
            text = template.compiled.render(context)
        except SecurityError as exc:
            return self._problem(template, exc, f"blocked by the sandbox: {exc}")
        except jinja2.UndefinedError as exc:
            return self._problem(template, exc, f"undefined variable: {exc.message}")
        except jinja2.TemplateError as exc:
            return self._problem(template, exc, f"template error: {exc}")
        except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError, RecursionError) as exc:
            return self._problem(template, exc, f"{type(exc).__name__}: {exc}")
        return tidy(text)

    @staticmethod
    def _problem(template: TemplateFile, exc: BaseException, message: str) -> RenderProblem:
        line = _template_line(exc, template.where)
        return RenderProblem(template.name, f"{template.where}:{line}: {message}", line)


def tidy(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip()


def load_templates(directory: Path, fallback: Path | None = None) -> TemplateSet:
    """Templates of a shop; intents the shop has no folder for come from ``fallback``
    (the default templates), so a new intent always has an answer.

    Only ``<intent>/<variant>.j2`` is served: drafts (``<variant>.j2.draft``, see
    csbot.authoring) and backups (``.j2.bak``) never match, and hidden names (editors' temp
    files, macOS ``._x.j2``, the authoring trash ``.deleted/``) are skipped."""
    templates = TemplateSet()
    for root in [fallback, directory]:
        if root is None or not root.is_dir():
            continue
        for path in sorted(root.glob(f"*/*{TEMPLATE_SUFFIX}")):
            if path.name.startswith(".") or path.parent.name.startswith("."):
                continue
            intent = path.parent.name
            if root == fallback and (directory / intent).is_dir():
                continue
            source, problem = _read(path)
            template = templates.add(intent, path.stem, source, path)
            if problem:
                template.refuse(problem)
    return templates


def _read(path: Path) -> tuple[str, str | None]:
    """The file's text, or '' and why it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        return "", f"template is larger than {MAX_TEMPLATE_BYTES // 1000} kB"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return "", "not UTF-8 text"


_SENTENCE = re.compile(r"[^！!。？?～~]*[！!。？?～~]+|[^！!。？?～~]+$")
"""A sentence with its closing marks; the tail without one is a sentence too."""


def compose(parts: list[str]) -> str:
    """One reply out of several intents' answers: one salutation, no sentence said twice
    (a complaint and a fault both open with the same apology)."""
    out: list[str] = []
    seen: set[str] = set()
    for index, part in enumerate(parts):
        if index:
            part = _LEADING_SALUTATION.sub("", part, count=1)
        lines = []
        for line in part.splitlines():
            sentences = [s for s in _SENTENCE.findall(line) if s.strip() and _said(s) not in seen]
            seen.update(_said(s) for s in sentences)
            kept = "".join(sentences)
            if kept.strip():
                lines.append(kept)
        if lines:
            out.append("\n".join(lines))
    return "\n".join(out)


def _said(sentence: str) -> str:
    return _LEADING_SALUTATION.sub("", sentence.strip(), count=1)
