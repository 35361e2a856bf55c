"""Template and intent authoring for shop owners, without Textual (the TUI's authoring screen
and tests drive it).

    files          atomic saves with .bak, conflict detection (FileStamp, FileConflictError)
    templates      TemplateDocument (drafts: <variant>.j2.draft), lint_source, preview
    intents_file   IntentsDocument: edit intents and write the TOML back safely
    toml_writer    the writer that keeps the owner's comments and layout
    shop_ops       rename/delete an intent with its templates folder; apply a new catalogue
    history        unknown and re-labelled buyer messages to turn into examples
    vocabulary     the variables and filters a template may use
    tester         which intent and template would answer a message, and why
"""

from __future__ import annotations

from csbot.authoring.files import FileConflictError, FileStamp, SaveError, atomic_write
from csbot.authoring.history import Teachable, teachable_messages
from csbot.authoring.intents_file import ExamplesAdded, IntentsDocument
from csbot.authoring.shop_ops import apply_catalogue, delete_intent, rename_intent
from csbot.authoring.templates import (
    DRAFT_SUFFIX,
    Preview,
    TemplateDocument,
    VariantInfo,
    has_errors,
    lint_source,
    list_drafts,
    list_variants,
    order_context,
    preview,
    situations,
)
from csbot.authoring.tester import TestResult, try_message
from csbot.authoring.vocabulary import FilterInfo, Variable, filters, variables

__all__ = [
    "DRAFT_SUFFIX",
    "ExamplesAdded",
    "FileConflictError",
    "FileStamp",
    "FilterInfo",
    "IntentsDocument",
    "Preview",
    "SaveError",
    "Teachable",
    "TemplateDocument",
    "TestResult",
    "Variable",
    "VariantInfo",
    "apply_catalogue",
    "atomic_write",
    "delete_intent",
    "filters",
    "has_errors",
    "lint_source",
    "list_drafts",
    "list_variants",
    "order_context",
    "preview",
    "rename_intent",
    "situations",
    "teachable_messages",
    "try_message",
    "variables",
]
