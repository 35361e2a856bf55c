"""F9: the shop owner's workshop: intents and their phrasings, reply templates with live
preview and lint, a test box, and the history's unplaced messages to learn from.

All file work goes through csbot.authoring (atomic saves, .bak, conflict detection,
drafts); after a save the loaded shop is updated in place, so the agent's screen answers
with the new templates and intents at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from csbot import paths
from csbot.authoring import (
    FileConflictError,
    IntentsDocument,
    TemplateDocument,
    apply_catalogue,
    delete_intent,
    list_variants,
    order_context,
    rename_intent,
    teachable_messages,
    try_message,
)
from csbot.errors import CsbotError
from csbot.tui import keys
from csbot.tui.formatting import MUTED
from csbot.tui.widgets.authoring_dialogs import AskText, Confirm
from csbot.tui.widgets.authoring_intent import IntentForm
from csbot.tui.widgets.authoring_panels import TeachPanel, TestPanel, reference_text
from csbot.tui.widgets.authoring_template import TemplateEditor

if TYPE_CHECKING:
    from csbot.catalogue import Catalogue
    from csbot.pipeline import Engine
    from csbot.tui.app import CsbotApp

NEW = "__new__"
"""Option id of the "+ 新…" entries at the end of both lists."""


class AuthoringScreen(Screen[None]):
    BINDINGS = keys.bindings((*keys.AUTHORING_ACTIONS, keys.CLOSE))
    DEFAULT_CSS = """
    AuthoringScreen #auth-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    AuthoringScreen #auth-body { height: 1fr; }
    AuthoringScreen #auth-nav { width: 30; }
    AuthoringScreen #intent-list { height: 2fr; border: round $border-blurred; }
    AuthoringScreen #variant-list { height: 1fr; min-height: 6; max-height: 12; border: round $border-blurred; }
    AuthoringScreen OptionList { text-wrap: nowrap; text-overflow: ellipsis; }
    /* 80 columns: a slimmer list and preview leave the editor room for a Chinese sentence. */
    AuthoringScreen.-narrow #auth-nav { width: 20; }
    AuthoringScreen.-narrow #template-side { width: 40%; min-width: 22; }
    AuthoringScreen OptionList:focus { border: round $border; }
    AuthoringScreen #auth-tabs { width: 1fr; }
    """

    app: CsbotApp

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.shop = engine.shop
        self.intents: IntentsDocument | None = None
        self.intent_id: str | None = None
        self._warned: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"模板与意图 · {self.shop.name}", id="auth-title", markup=False)
        with Horizontal(id="auth-body"):
            with Vertical(id="auth-nav"):
                intents = OptionList(id="intent-list")
                intents.border_title = "意图"
                yield intents
                variants = OptionList(id="variant-list")
                variants.border_title = "模板"
                yield variants
            with TabbedContent(id="auth-tabs"):
                with TabPane("模板", id="tab-template"):
                    yield TemplateEditor(self.shop, id="template-editor")
                with TabPane("意图", id="tab-intent"):
                    yield IntentForm(id="intent-form")
                with TabPane("试一试", id="tab-test"):
                    yield TestPanel(id="test-panel")
                with TabPane("从历史学习", id="tab-teach"):
                    yield TeachPanel(id="teach-panel")
                with TabPane("变量与过滤器", id="tab-reference"), VerticalScroll():
                    yield Static(id="reference")
        yield Footer()

    def on_mount(self) -> None:
        self._open_intents()
        if self.intents is not None and self.intents.ids:
            self.choose_intent(self.intents.ids[0])
        self.load_teachable()
        self.query_one("#intent-list", OptionList).focus()

    # ------------------------------------------------------------------ widgets

    @property
    def editor(self) -> TemplateEditor:
        return self.query_one(TemplateEditor)

    @property
    def form(self) -> IntentForm:
        return self.query_one(IntentForm)

    @property
    def active_tab(self) -> str:
        return self.query_one("#auth-tabs", TabbedContent).active

    def _error(self, exc: CsbotError, title: str = "未保存") -> None:
        message = str(exc)
        if isinstance(exc, FileConflictError):
            message += "\nF5 重新载入磁盘上的版本 (编辑框里的修改会丢弃, 需要的话先复制)"
        self.notify(
            message, title=exc.title if exc.title != "csbot" else title, severity="error", timeout=12, markup=False
        )

    # ------------------------------------------------------------------ unsaved work

    def _can_leave(self, target: str) -> bool:
        """True unless there are unsaved edits; a second identical request discards them."""
        if not (self.editor.dirty or self.form.dirty) or self._warned == target:
            self._warned = None
            return True
        self._warned = target
        self.notify("有未保存的修改: F2 保存 (模板也可 F3 存草稿); 再操作一次则放弃修改", severity="warning", timeout=6)
        return False

    # ------------------------------------------------------------------ intents

    def _open_intents(self) -> None:
        try:
            self.intents = IntentsDocument.open(self.shop.root / paths.INTENTS_FILE)
        except CsbotError as exc:
            self.intents = None
            self._error(exc, "无法打开意图文件")
        self._fill_intent_list()

    def _fill_intent_list(self) -> None:
        listing = self.query_one("#intent-list", OptionList)
        listing.clear_options()
        if self.intents is None:
            return
        for spec in self.intents.intents:
            listing.add_option(
                Option(Content.assemble(spec.label, (f" {spec.id} · {len(spec.examples)}", MUTED)), id=spec.id)
            )
        listing.add_option(Option(Content.styled("+ 新意图", "$accent"), id=NEW))
        if self.intent_id in self.intents.ids:
            listing.highlighted = self.intents.ids.index(self.intent_id)

    def choose_intent(self, intent_id: str) -> None:
        if self.intents is None:
            return
        self.intent_id = intent_id
        self.query_one("#intent-list", OptionList).highlighted = self.intents.ids.index(intent_id)
        self.form.show(self.intents.get(intent_id))
        self._fill_variants()
        self.query_one("#reference", Static).update(reference_text(intent_id))
        variants = list_variants(self.shop.root, intent_id)
        if variants:
            self.open_template(variants[0].variant)

    @on(OptionList.OptionSelected, "#intent-list")
    def _intent_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == NEW:
            self.ask_new_intent()
        elif option_id == self.intent_id or self._can_leave(f"intent:{option_id}"):
            if option_id != self.intent_id:
                self.choose_intent(option_id)
            # Enter walks on: intent → its templates → the editor.
            self.query_one("#variant-list", OptionList).focus()

    def ask_new_intent(self) -> None:
        def named(answer: str | None) -> None:
            if not answer or self.intents is None:
                return
            intent_id, _, label = answer.partition(" ")
            try:
                self.intents.add_intent(intent_id, label or intent_id)
                self._saved_intents(self.intents.save())
            except CsbotError as exc:
                self.intents.revert()
                self._error(exc)
                return
            self.choose_intent(intent_id.strip())
            self.query_one("#auth-tabs", TabbedContent).active = "tab-intent"
            self.notify(f"已新建意图 {intent_id}: 请加示例, 再用 F7 建回复模板", timeout=5)

        self.app.push_screen(
            AskText("新意图", "编号 (英文小写, 也是模板文件夹名) 空格 中文名, 例如: gift_wrap 礼品包装"), named
        )

    def save_intent(self) -> None:
        if self.intents is None or self.intent_id is None:
            return
        try:
            self.intents.update_intent(self.intent_id, **self.form.values())
            catalogue = self.intents.save()
        except CsbotError as exc:
            self.intents.revert()
            self._error(exc)
            return
        self._saved_intents(catalogue)
        self.form.show(self.intents.get(self.intent_id))
        self.notify(f"意图 {self.intent_id} 已保存", timeout=3)

    def _saved_intents(self, catalogue: Catalogue) -> None:
        apply_catalogue(self.shop, catalogue)
        self.shop.reload_templates()
        self._fill_intent_list()
        self.warm_matcher()
        self.load_teachable()

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth-matcher", description="重建意图匹配")
    def warm_matcher(self) -> None:
        self.shop.matcher  # noqa: B018 - builds the new catalogue's matcher off the UI thread

    # ------------------------------------------------------------------ templates

    def _fill_variants(self) -> None:
        listing = self.query_one("#variant-list", OptionList)
        listing.clear_options()
        if self.intent_id is None:
            return
        current = self.editor.document
        for index, info in enumerate(list_variants(self.shop.root, self.intent_id)):
            marks = []
            if info.has_draft:
                marks.append(("  草稿", "$warning"))
            if not info.served:
                marks.append(("  未启用", "$error"))
            if info.inherited:
                marks.append(("  默认", MUTED))
            listing.add_option(Option(Content.assemble(info.variant, *marks), id=info.variant))
            if current is not None and current.intent == self.intent_id and current.variant == info.variant:
                listing.highlighted = index
        listing.add_option(Option(Content.styled("+ 新模板", "$accent"), id=NEW))

    def open_template(self, variant: str) -> None:
        assert self.intent_id is not None
        try:
            document = TemplateDocument.open(self.shop.root, self.intent_id, variant)
        except CsbotError as exc:
            self._error(exc, "无法打开模板")
            return
        self.editor.open(document)
        self._fill_variants()
        if document.from_draft:
            self.notify("正在编辑草稿: 买家仍收到已启用的版本", timeout=4)

    @on(OptionList.OptionSelected, "#variant-list")
    def _variant_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == NEW:
            self.action_new_template()
            return
        current = self.editor.document
        if current is None or current.variant != option_id or current.intent != self.intent_id:
            if not self._can_leave(f"template:{option_id}"):
                return
            self.open_template(option_id)
        self.query_one("#auth-tabs", TabbedContent).active = "tab-template"
        self.editor.area.focus()

    # ------------------------------------------------------------------ actions

    def action_save(self) -> None:
        if self.active_tab == "tab-intent":
            self.save_intent()
            return
        editor = self.editor
        if editor.document is None:
            self.notify("先选一个模板", severity="warning", timeout=3)
            return
        try:
            saved = editor.save()
        except CsbotError as exc:
            self._error(exc)
            return
        if not saved:
            first = next(f for f in editor.findings if f.severity == "error")
            self.notify(
                f"第{first.line}行: {first.message}\nF3 可存为草稿 (不会回复买家)",
                title="有错误, 未启用",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        self.shop.reload_templates()
        self._fill_variants()
        self.notify(f"{editor.document.name} 已保存并启用 (旧版本在 .bak)", timeout=4)

    def action_save_draft(self) -> None:
        editor = self.editor
        if self.active_tab == "tab-intent" or editor.document is None:
            self.notify("草稿只用于模板", severity="warning", timeout=3)
            return
        try:
            editor.save_draft()
        except CsbotError as exc:
            self._error(exc)
            return
        self._fill_variants()
        self.notify(f"{editor.document.name} 已存为草稿: 买家看不到, 修好后 F2 启用", timeout=5)

    def action_preview_order(self) -> None:
        from csbot.tui.screens.order_picker import OrderPicker

        if self.editor.document is None:
            self.notify("先选一个模板", severity="warning", timeout=3)
            return

        def picked(order_sn: str | None) -> None:
            document = self.editor.document
            if order_sn is None or document is None:
                return
            try:
                context = order_context(self.shop, order_sn, document.intent, now=self.app.clock())
            except CsbotError as exc:
                self._error(exc, "无法读取订单")
                return
            self.editor.add_order_context(order_sn, context)

        self.app.push_screen(OrderPicker(self.shop), picked)

    def action_reload(self) -> None:
        if not self._can_leave("reload"):
            return
        self._open_intents()
        if self.intent_id is not None and self.intents is not None and self.intent_id in self.intents.ids:
            self.form.show(self.intents.get(self.intent_id))
            document = self.editor.document
            if document is not None and document.intent == self.intent_id:
                self.open_template(document.variant)
        self.shop.reload_templates()
        self.notify("已从磁盘重新载入", timeout=3)

    def action_rename(self) -> None:
        old = self.intent_id
        if self.intents is None or old is None:
            return

        def named(new_id: str | None) -> None:
            if not new_id or new_id == old or self.intents is None:
                return
            try:
                catalogue = rename_intent(self.shop.root, self.intents, old, new_id)
            except CsbotError as exc:
                self._error(exc, "未改名")
                return
            self._saved_intents(catalogue)
            self.choose_intent(new_id.strip())
            self.notify(f"{old} 已改名为 {new_id} (模板文件夹一起改名)", timeout=4)

        self.app.push_screen(AskText("意图改名", "新的编号: 英文小写字母, 数字和 _", value=old), named)

    def action_new_template(self) -> None:
        if self.intent_id is None:
            return
        intent = self.intent_id
        taken = {v.variant for v in list_variants(self.shop.root, intent)}
        suggestion = next(f"{n:02d}_" for n in range(1, 100) if not any(v.startswith(f"{n:02d}") for v in taken))

        def named(variant: str | None) -> None:
            if not variant or not self._can_leave(f"new:{variant}"):
                return
            try:
                document = TemplateDocument.new(self.shop.root, intent, variant)
            except CsbotError as exc:
                self._error(exc, "未新建")
                return
            self.editor.open(document)
            self.editor.saved_text = ""  # new: unsaved until F2 (or F3)
            self.query_one("#auth-tabs", TabbedContent).active = "tab-template"
            self.editor.area.focus()
            self.notify("新模板: 写好后 F2 保存", timeout=4)

        self.app.push_screen(
            AskText("新模板", f"{intent} 的模板名: 字母, 数字, _ 和 -; 名字排序决定候选顺序", value=suggestion), named
        )

    def action_delete(self) -> None:
        focused = self.focused.id if self.focused is not None else None
        if focused == "variant-list" and self.editor.document is not None:
            self._delete_template()
        elif focused == "intent-list" and self.intent_id is not None:
            self._delete_intent()
        else:
            self.notify("把光标移到左边的意图或模板列表, 选中要删除的一项, 再按 F8", severity="warning", timeout=5)

    def _delete_template(self) -> None:
        document = self.editor.document
        assert document is not None

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                document.delete()
            except CsbotError as exc:
                self._error(exc, "未删除")
                return
            self.shop.reload_templates()
            self.notify(f"已删除 {document.name} (副本在 .bak)", timeout=4)
            self.choose_intent(document.intent)

        self.app.push_screen(Confirm("删除模板", f"删除模板 {document.name}? 买家将不再收到这条回复。"), confirmed)

    def _delete_intent(self) -> None:
        intent = self.intent_id
        if self.intents is None or intent is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes or self.intents is None:
                return
            try:
                catalogue, trashed = delete_intent(self.shop.root, self.intents, intent)
            except CsbotError as exc:
                self.intents.revert()
                self._error(exc, "未删除")
                return
            self._saved_intents(catalogue)
            self.choose_intent(self.intents.ids[0])
            where = f", 模板移到 {trashed}" if trashed else ""
            self.notify(f"已删除意图 {intent}{where}", timeout=6, markup=False)

        label = self.intents.get(intent).label
        self.app.push_screen(
            Confirm("删除意图", f"删除意图 {label} ({intent}) 和它的全部示例? 模板文件夹会移到 templates/.deleted/。"),
            confirmed,
        )

    def action_dismiss_screen(self) -> None:
        if self._can_leave("close"):
            self.dismiss(None)

    # ------------------------------------------------------------------ test panel

    @on(Input.Submitted, "#test-message")
    def _test_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.run_test(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth-test", description="试一试")
    def run_test(self, message: str) -> None:
        result = try_message(self.engine, message, now=self.app.clock())
        self.app.call_from_thread(self.query_one(TestPanel).show, result)

    # ------------------------------------------------------------------ learning from history

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth-history", description="读取历史")
    def load_teachable(self) -> None:
        items = teachable_messages(self.shop.store, self.shop.catalogue)
        self.app.call_from_thread(self._show_teachable, items)

    def _show_teachable(self, items: list) -> None:
        catalogue = self.shop.catalogue
        options = [(f"{spec.label} ({spec.id})", spec.id) for spec in catalogue.intents]
        labels = {spec.id: spec.label for spec in catalogue.intents}
        self.query_one(TeachPanel).show(items, options, labels)
        self.query_one("#auth-tabs", TabbedContent).get_tab("tab-teach").label = f"从历史学习 ({len(items)})"

    @on(Button.Pressed, "#teach-add")
    def _teach(self) -> None:
        panel = self.query_one(TeachPanel)
        item = panel.selected()
        intent = panel.query_one("#teach-intent", Select).value
        if item is None or not isinstance(intent, str) or self.intents is None:
            self.notify("选中一条消息和一个意图", severity="warning", timeout=3)
            return
        try:
            report = self.intents.add_examples(intent, [item.message])
            catalogue = self.intents.save()
        except CsbotError as exc:
            self.intents.revert()
            self._error(exc)
            return
        self._saved_intents(catalogue)
        if self.intent_id == intent:
            self.form.show(self.intents.get(intent))
        note = "".join(f"\n注意: 这句也是 {other} 的示例" for other in report.elsewhere.values())
        self.notify(f"“{item.message}” 已加为 {intent} 的示例{note}", timeout=5, markup=False)
