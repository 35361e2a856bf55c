"""Reply templates opened for editing: drafts, safe saves, lint and preview of unsaved text.

Drafts: ``templates/<intent>/<variant>.j2.draft`` beside the served ``<variant>.j2``.  A
draft may be broken; csbot.render.load_templates only ever loads ``*.j2``, so a draft is
never served, and the served version (if any) keeps answering buyers until a clean save
replaces it and removes the draft.

A shop without its own ``templates/<intent>/`` folder is answered by csbot's default
templates.  Editing one of those never writes into csbot's own folder: the first save
copies that intent's default variants into the shop ("adopts" them), so the shop keeps
every variant, and the edited one is the shop's from then on.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csbot import paths
from csbot.authoring.files import FileStamp, SaveError, atomic_write, read_text, remove
from csbot.errors import TemplateError
from csbot.lint import Finding, lint_template
from csbot.render import TEMPLATE_SUFFIX, RenderProblem, TemplateSet
from csbot.samples import sample_contexts

if TYPE_CHECKING:
    from csbot.compliance import Violation
    from csbot.shop import Shop

DRAFT_SUFFIX = ".draft"
_VARIANT = re.compile(r"^[A-Za-z0-9_\-]+$")
STARTER = "亲～{{ shop.name }}收到您的消息啦，马上为您处理。\n"
"""What a new variant starts with: valid, short, and shows how a variable looks."""


def check_variant_name(variant: str) -> str:
    variant = variant.strip().removesuffix(TEMPLATE_SUFFIX)
    if not _VARIANT.match(variant):
        raise TemplateError(
            f"“{variant}” cannot be a template name: use letters, digits, _ and - (e.g. 05_gift)",
            title="模板名无效",
        )
    return variant


def shop_template_path(shop_root: Path, intent: str, variant: str) -> Path:
    return shop_root / paths.TEMPLATES_DIR / intent / f"{variant}{TEMPLATE_SUFFIX}"


def draft_path_for(path: Path) -> Path:
    return path.with_name(path.name + DRAFT_SUFFIX)


# ---------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class VariantInfo:
    intent: str
    variant: str
    served: bool
    """A ``.j2`` exists (in the shop, or in csbot's defaults when ``inherited``)."""
    has_draft: bool
    inherited: bool
    """Comes from csbot's default templates: the shop has no folder for this intent yet."""

    @property
    def name(self) -> str:
        return f"{self.intent}/{self.variant}"


def _folders(shop_root: Path, intent: str) -> tuple[Path, bool]:
    """The folder an intent's templates are read from, and whether it is csbot's default."""
    own = shop_root / paths.TEMPLATES_DIR / intent
    if own.is_dir():
        return own, False
    return paths.default_templates_dir() / intent, True


def list_variants(shop_root: Path, intent: str) -> list[VariantInfo]:
    """The intent's variants as on disk now, drafts included, sorted by name."""
    folder, inherited = _folders(shop_root, intent)
    if not folder.is_dir():
        return []
    served = {p.name[: -len(TEMPLATE_SUFFIX)] for p in folder.glob(f"*{TEMPLATE_SUFFIX}") if not p.name.startswith(".")}
    drafts = set()
    if not inherited:
        suffix = TEMPLATE_SUFFIX + DRAFT_SUFFIX
        drafts = {p.name[: -len(suffix)] for p in folder.glob(f"*{suffix}") if not p.name.startswith(".")}
    return [
        VariantInfo(intent, variant, variant in served, variant in drafts, inherited)
        for variant in sorted(served | drafts)
    ]


def list_drafts(shop_root: Path) -> list[Path]:
    """Every draft in the shop (lint reports them: they are waiting, not answering)."""
    folder = shop_root / paths.TEMPLATES_DIR
    return sorted(folder.glob(f"*/*{TEMPLATE_SUFFIX}{DRAFT_SUFFIX}")) if folder.is_dir() else []


# ---------------------------------------------------------------------------- one template


@dataclass
class TemplateDocument:
    """One variant open in the editor, with the stamps its files had when opened."""

    shop_root: Path
    intent: str
    variant: str
    text: str
    served_stamp: FileStamp
    draft_stamp: FileStamp
    from_draft: bool
    inherited: bool

    @classmethod
    def open(cls, shop_root: Path, intent: str, variant: str) -> TemplateDocument:
        """The draft when there is one (that is what the owner was working on), else the served file."""
        variant = check_variant_name(variant)
        path = shop_template_path(shop_root, intent, variant)
        served_text, served_stamp = read_text(path)
        draft_text, draft_stamp = read_text(draft_path_for(path))
        inherited = False
        if not served_stamp.exists and not (path.parent.is_dir()):
            default = paths.default_templates_dir() / intent / path.name
            if default.is_file():
                served_text, _ = read_text(default)
                inherited = True
        if draft_stamp.exists:
            return cls(shop_root, intent, variant, draft_text, served_stamp, draft_stamp, True, inherited)
        return cls(shop_root, intent, variant, served_text, served_stamp, draft_stamp, False, inherited)

    @classmethod
    def new(cls, shop_root: Path, intent: str, variant: str) -> TemplateDocument:
        variant = check_variant_name(variant)
        path = shop_template_path(shop_root, intent, variant)
        if path.exists() or draft_path_for(path).exists():
            raise TemplateError(f"{path.name} already exists in {intent}", title="模板已存在")
        if (paths.default_templates_dir() / intent / path.name).is_file() and not path.parent.is_dir():
            raise TemplateError(f"{intent} already has a default template {path.name}", title="模板已存在")
        return cls(shop_root, intent, variant, STARTER, FileStamp(False), FileStamp(False), False, False)

    @property
    def path(self) -> Path:
        return shop_template_path(self.shop_root, self.intent, self.variant)

    @property
    def draft_path(self) -> Path:
        return draft_path_for(self.path)

    @property
    def name(self) -> str:
        return f"{self.intent}/{self.variant}"

    def save(self, text: str) -> None:
        """Serve ``text`` from now on: write the ``.j2`` (keeping ``.bak``) and drop the draft."""
        self._adopt_defaults()
        self.served_stamp = atomic_write(self.path, text, opened=self.served_stamp)
        if self.draft_stamp.exists:
            # The draft's text is now the served file: no copy of it is worth keeping.
            remove(self.draft_path, opened=self.draft_stamp, backup=False)
            self.draft_stamp = FileStamp(False)
        self.text, self.from_draft, self.inherited = text, False, False

    def save_draft(self, text: str) -> None:
        """Keep ``text`` without serving it; the served version, if any, is untouched."""
        self._adopt_defaults()
        self.draft_stamp = atomic_write(self.draft_path, text, opened=self.draft_stamp, backup=False)
        self.text, self.from_draft, self.inherited = text, True, False

    def discard_draft(self) -> None:
        if self.draft_stamp.exists:
            remove(self.draft_path, opened=self.draft_stamp)
        self.draft_stamp = FileStamp(False)
        self.from_draft = False
        self.text = read_text(self.path)[0] if self.path.exists() else ""

    def delete(self) -> None:
        """Remove the variant (and its draft); ``.bak`` copies stay for recovery."""
        self._adopt_defaults()
        remove(self.path, opened=self.served_stamp)
        remove(self.draft_path, opened=self.draft_stamp)
        self.served_stamp = self.draft_stamp = FileStamp(False)

    def changed_on_disk(self) -> bool:
        """True when the file being edited no longer matches what was opened."""
        path, stamp = (self.draft_path, self.draft_stamp) if self.from_draft else (self.path, self.served_stamp)
        return not FileStamp.of(path).same_content(stamp)

    def _adopt_defaults(self) -> None:
        """Before the first write into a new intent folder, copy csbot's defaults for that intent."""
        folder = self.path.parent
        if folder.is_dir():
            return
        defaults = paths.default_templates_dir() / self.intent
        try:
            folder.mkdir(parents=True)
            if defaults.is_dir():
                for source in sorted(defaults.glob(f"*{TEMPLATE_SUFFIX}")):
                    shutil.copy2(source, folder / source.name)
        except OSError as exc:
            raise SaveError(f"{folder}: cannot create ({exc.strerror or exc})") from None
        if self.inherited:
            # The adopted copy is what is on disk now: later saves compare against it.
            self.served_stamp = FileStamp.of(self.path)


# ---------------------------------------------------------------------------- checking unsaved text


def lint_source(shop: Shop, intent: str, variant: str, source: str) -> list[Finding]:
    """What ``csbot lint`` would say about ``source`` saved as this variant."""
    templates = TemplateSet()
    template = templates.add(intent, variant, source, shop_template_path(shop.root, intent, variant))
    examples = next((spec.examples for spec in shop.catalogue.intents if spec.id == intent), ())
    return lint_template(template, templates, shop.guard, examples)


def has_errors(findings: list[Finding]) -> bool:
    return any(finding.severity == "error" for finding in findings)


@dataclass
class Preview:
    """The unsaved template rendered for one situation, as the buyer would read it."""

    text: str
    problem: RenderProblem | None = None
    violations: list[Violation] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.problem is None and not self.text

    @property
    def problem_text(self) -> str:
        """The problem without the file path the editor already shows: '第3行: …'."""
        if self.problem is None:
            return ""
        detail = self.problem.message.split(f":{self.problem.line}: ", 1)[-1]
        return f"第{self.problem.line}行: {detail}"


def preview(shop: Shop, intent: str, source: str, context: dict[str, Any], variant: str = "preview") -> Preview:
    templates = TemplateSet()
    template = templates.add(intent, variant, source, shop_template_path(shop.root, intent, variant))
    # The owner's own shop name, signature and gift, whatever situation the rest comes from.
    result = templates.render(template, {**context, "intent": intent, "shop": shop.settings.to_context()})
    if isinstance(result, RenderProblem):
        return Preview("", result)
    if not result:
        return Preview("")
    signature = shop.settings.signature
    # As the engine sends it: the shop's sign-off is added to every reply.
    text = f"{result}\n{signature}" if signature and not result.endswith(signature) else result
    return Preview(text, None, list(shop.guard.check(text)))


def situations(intent: str) -> dict[str, dict[str, Any]]:
    """The sample situations a preview can be rendered in (the same ones lint uses)."""
    return sample_contexts(intent)


def order_context(shop: Shop, order_sn: str, intent: str, now: datetime | None = None) -> dict[str, Any]:
    """A context built from a real order in the shop's store, as the engine would build it."""
    from csbot.context import build_context
    from csbot.entities import extract

    entities = extract("").to_dict()
    context: dict[str, Any] = {
        "shop": shop.settings.to_context(),
        "message": "",
        "intent": intent,
        "intents": [{"id": intent, "label": shop.catalogue.label(intent), "score": 1.0}],
        "entities": entities,
    }
    context.update(
        build_context(shop.store, shop.settings, entities=entities, intent_ids=[intent], order_sn=order_sn, now=now)
    )
    return context
