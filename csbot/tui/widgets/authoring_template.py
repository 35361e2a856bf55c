"""The template editor: Jinja source on the left, a live preview and live lint on the right.

Every edit (after a short pause) re-renders the unsaved text against the chosen situation
(a csbot.samples context, or a real order picked with F4) and re-runs the same checks as
``csbot lint``, so the owner sees a broken line or a penalised phrase before saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Select, Static, TextArea

from csbot.authoring import TemplateDocument, has_errors, lint_source, preview, situations
from csbot.tui.formatting import MUTED

if TYPE_CHECKING:
    from csbot.authoring import Preview
    from csbot.lint import Finding
    from csbot.shop import Shop

LIVE_DELAY = 0.15
ORDER_PREFIX = "订单 "
JINJA_LANGUAGES = ("jinja", "jinja2", "django")
"""Tree-sitter grammars that understand {{ }} / {% %}; used when textual[syntax] has one."""


def editor_language(available: set[str]) -> str | None:
    """Jinja highlighting when a grammar exists.  Otherwise plain text: HTML or Python
    highlighting would colour Chinese prose and quotes as if they were code."""
    return next((name for name in JINJA_LANGUAGES if name in available), None)


def lint_report(findings: list[Finding]) -> Content:
    if not findings:
        return Content.styled("✓ 没有问题: 可以保存 (F2)", "$success")
    lines: list[Content] = []
    for finding in findings:
        mark, style = ("✗", "$error") if finding.severity == "error" else ("⚠", "$warning")
        lines.append(Content.assemble((f"{mark} 第{finding.line}行 ", f"bold {style}"), finding.message))
    if has_errors(findings):
        lines.append(Content.styled("有错误: 不能启用; F3 存为草稿 (不会回复买家)", MUTED))
    return Content("\n").join(lines)


def preview_report(result: Preview) -> Content:
    if result.problem is not None:
        return Content.assemble(("✗ 这个情境下出错, 该模板会被跳过:\n", "bold $error"), result.problem_text)
    if result.empty:
        return Content.styled("(这个情境下不适用: 输出为空, 不会作为候选)", MUTED)
    parts: list[Content | str | tuple[str, str]] = [result.text]
    for violation in result.violations:
        style = "$error" if violation.severity == "block" else "$warning"
        parts.append(
            Content.assemble(
                ("\n⛔ " if violation.severity == "block" else "\n⚠ ", style),
                (f"「{violation.matched}」", f"bold {style}"),
                violation.why,
            )
        )
    parts.append(Content.styled(f"\n{len(result.text)} 字", MUTED))
    return Content.assemble(*parts)


class TemplateEditor(Vertical):
    DEFAULT_CSS = """
    TemplateEditor { height: 1fr; }
    TemplateEditor #template-title { height: 1; padding: 0 1; background: $panel; }
    TemplateEditor > Horizontal { height: 1fr; }
    TemplateEditor #template-text { width: 1fr; border: round $border-blurred; }
    TemplateEditor #template-text:focus { border: round $border; }
    TemplateEditor #template-side { width: 46%; min-width: 30; }
    TemplateEditor #situation { width: 1fr; }
    TemplateEditor #preview-box { height: 1fr; border: round $border-blurred; padding: 0 1; }
    TemplateEditor #lint-box { height: auto; max-height: 12; border: round $border-blurred; padding: 0 1; }
    """

    def __init__(self, shop: Shop, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shop = shop
        self.document: TemplateDocument | None = None
        self.saved_text = ""
        self.findings: list[Finding] = []
        self.contexts: dict[str, dict[str, Any]] = {}
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("← 先在左边选一个意图和模板", MUTED), id="template-title")
        with Horizontal():
            area = TextArea.code_editor("", language=None, soft_wrap=True, tab_behavior="focus", id="template-text")
            area.language = editor_language(area.available_languages)
            area.border_title = "模板 (Jinja)"
            yield area
            with Vertical(id="template-side"):
                yield Select[str]([], prompt="预览情境", allow_blank=True, id="situation")
                with VerticalScroll(id="preview-box") as box:
                    box.border_title = "预览 (买家看到的)"
                    yield Static(id="preview")
                with VerticalScroll(id="lint-box") as box:
                    box.border_title = "检查"
                    yield Static(id="lint")

    @property
    def area(self) -> TextArea:
        return self.query_one("#template-text", TextArea)

    @property
    def text(self) -> str:
        return self.area.text

    @property
    def dirty(self) -> bool:
        return self.document is not None and self.text != self.saved_text

    # ------------------------------------------------------------------ opening

    def open(self, document: TemplateDocument) -> None:
        self.document = document
        self.saved_text = document.text
        self.contexts = dict(situations(document.intent))
        select = self.query_one("#situation", Select)
        select.set_options((name, name) for name in self.contexts)
        select.value = self._default_situation()
        self.area.load_text(document.text)
        self._show_title()
        self.refresh_checks()

    def _default_situation(self) -> str:
        """The first situation in which the saved template says something."""
        assert self.document is not None
        for name, context in self.contexts.items():
            if preview(self.shop, self.document.intent, self.document.text, context, self.document.variant).text:
                return name
        return next(iter(self.contexts))

    def add_order_context(self, order_sn: str, context: dict[str, Any]) -> None:
        name = ORDER_PREFIX + order_sn
        self.contexts[name] = context
        select = self.query_one("#situation", Select)
        select.set_options((n, n) for n in self.contexts)
        select.value = name

    def _show_title(self) -> None:
        document = self.document
        if document is None:
            return
        state: list[tuple[str, str] | str] = [(document.name, "bold")]
        if document.from_draft:
            state.append(("  草稿 (未启用, 买家看不到)", "$warning"))
        if document.inherited:
            state.append(("  csbot 默认模板: 保存后成为本店的", MUTED))
        if self.dirty:
            state.append(("  ● 未保存", "$accent"))
        self.query_one("#template-title", Static).update(Content.assemble(*state))

    # ------------------------------------------------------------------ live checks

    @on(TextArea.Changed, "#template-text")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self._show_title()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(LIVE_DELAY, self.refresh_checks)

    @on(Select.Changed, "#situation")
    def _situation_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.refresh_preview()

    def refresh_checks(self) -> None:
        self._timer = None
        if self.document is None:
            return
        self.findings = lint_source(self.shop, self.document.intent, self.document.variant, self.text)
        self.query_one("#lint", Static).update(lint_report(self.findings))
        self.refresh_preview()

    def refresh_preview(self) -> None:
        select = self.query_one("#situation", Select)
        if self.document is None or not isinstance(select.value, str) or select.value not in self.contexts:
            return
        document = self.document
        result = preview(self.shop, document.intent, self.text, self.contexts[select.value], document.variant)
        self.query_one("#preview", Static).update(preview_report(result))

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        """Serve the text; refused (False) while lint finds errors.  Raises CsbotError on disk trouble."""
        if self.document is None:
            return False
        self.refresh_checks()
        if has_errors(self.findings):
            return False
        self.document.save(self.text)
        self.saved_text = self.text
        self._show_title()
        return True

    def save_draft(self) -> None:
        if self.document is None:
            return
        self.document.save_draft(self.text)
        self.saved_text = self.text
        self._show_title()
