"""The agent's screen: buyer message → intents → candidates → editable reply → copy.

Analysis runs in a thread worker (jieba and rapidfuzz hold the GIL only briefly, and a
slow store must never freeze typing); results come back as ``AnalysisReady`` and are
dropped when a newer request has already been answered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, TextArea
from textual.worker import get_current_worker

from csbot.catalogue import UNKNOWN
from csbot.errors import CsbotError
from csbot.pipeline import REWRITE_SUFFIX
from csbot.tui import keys
from csbot.tui.clipboard import SystemCopy, system_copy
from csbot.tui.formatting import one_line
from csbot.tui.messages import AnalysisReady, AnalysisRequest
from csbot.tui.session import ReplySession, ReplySource
from csbot.tui.widgets.candidates import CandidateList
from csbot.tui.widgets.context_panel import ContextPanel
from csbot.tui.widgets.intent_panel import IntentPanel
from csbot.tui.widgets.message_input import MessageInput
from csbot.tui.widgets.reply_editor import ReplyEditor
from csbot.tui.widgets.status_bar import StatusBar
from csbot.tui.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from csbot.pipeline import Analysis, Engine
    from csbot.shop import Shop
    from csbot.tui.app import CsbotApp
    from csbot.tui.search import SearchEntry

DEBOUNCE_SECONDS = 0.05


class MainScreen(ReportsWorkerErrors, Screen[None]):
    BINDINGS = keys.bindings(keys.MAIN_ACTIONS)
    AUTO_FOCUS = "#message"

    app: CsbotApp

    def __init__(self) -> None:
        super().__init__()
        self.session = ReplySession()
        self.engine: Engine | None = None
        self._pending_request: AnalysisRequest | None = None
        self._debounce: Timer | None = None
        self._problems_seen: set[tuple[str, str]] = set()

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="body"):
            with Vertical(id="work"):
                message = MessageInput(id="message")
                message.border_title = "买家消息"
                message.border_subtitle = "Enter 分析 · ctrl+j 换行"
                yield message
                yield IntentPanel(id="intents")
                candidates = CandidateList(id="candidates")
                candidates.border_title = "候选回复"
                candidates.border_subtitle = "1-9 选择"
                yield candidates
                editor = ReplyEditor(id="editor")
                editor.border_title = "回复 (可编辑)"
                editor.border_subtitle = "F5 复制 · F6 改写"
                yield editor
            context = ContextPanel(self.app.clock, id="context")
            context.border_title = "订单与备注"
            yield context
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(CandidateList).type_through = self.query_one(MessageInput)

    # ------------------------------------------------------------------ shop lifecycle

    def shop_ready(self, shop: Shop, engine: Engine, seconds: float) -> None:
        self.engine = engine
        self.query_one(ReplyEditor).guard = shop.guard
        status = self.query_one(StatusBar)
        status.shop_name = shop.name
        status.set_state("就绪", "$success")
        self.log.info(f"shop {shop.name} ready in {seconds:.2f} s")
        if self._pending_request is not None:
            request, self._pending_request = self._pending_request, None
            self._run(request)
        elif self.query_one(MessageInput).text.strip():
            self._schedule_live()

    def shop_failed(self, error: str) -> None:
        self.query_one(StatusBar).set_state("店铺加载失败", "$error")
        self.query_one(IntentPanel).show_text(f"无法分析: {error}")

    # ------------------------------------------------------------------ analysing

    @on(MessageInput.Submitted)
    def _submitted(self, event: MessageInput.Submitted) -> None:
        text = event.text.strip()
        if not text:
            request = self.session.repeat_last()
            if request is None:
                self.notify("请先输入买家消息", severity="warning", timeout=3)
                return
        else:
            request = self.session.request(text, final=True)
            self.query_one(MessageInput).clear()
        self._cancel_debounce()
        self._update_status()
        self._run(request)
        self.query_one(CandidateList).focus()

    @on(TextArea.Changed, "#message")
    def _message_changed(self) -> None:
        self._schedule_live()

    def _schedule_live(self) -> None:
        """Re-analyse once typing pauses, so the candidates follow what the agent types."""
        self._cancel_debounce()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._analyse_live)

    def _cancel_debounce(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None

    def _analyse_live(self) -> None:
        self._debounce = None
        text = self.query_one(MessageInput).text.strip()
        # An emptied box keeps the last analysis on screen (Enter clears the box).
        if text and self.engine is not None:
            self._run(self.session.request(text, final=False))

    def _run(self, request: AnalysisRequest) -> None:
        if self.engine is None:
            if request.final:
                self._pending_request = request
                self.query_one(IntentPanel).show_text("正在加载店铺…, 加载完成后自动分析")
            return
        self.analyse(self.engine, request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analyse", description="分析买家消息")
    def analyse(self, engine: Engine, request: AnalysisRequest) -> None:
        analysis = engine.analyse(
            request.message, order_sn=request.order_sn, thread=request.thread, now=self.app.clock()
        )
        if request.final and analysis.intent == UNKNOWN:
            engine.shop.store.note_unrecognised(request.message, time=self.app.clock())
        if not get_current_worker().is_cancelled:
            self.post_message(AnalysisReady(request, analysis))

    @on(AnalysisReady)
    def _analysis_ready(self, event: AnalysisReady) -> None:
        if not self.session.accept(event.request, event.analysis):
            return
        self._show(event.analysis)

    def _show(self, analysis: Analysis) -> None:
        assert self.engine is not None
        self.query_one(IntentPanel).show_classification(analysis.classification)
        labels = {spec.id: spec.label for spec in self.engine.shop.catalogue.intents}
        best = analysis.best
        selected = analysis.candidates.index(best) if best is not None else None
        self.query_one(CandidateList).show(analysis.candidates, labels, selected)
        self.query_one(ContextPanel).show(analysis.context)
        self._update_status()
        editor = self.query_one(ReplyEditor)
        if best is not None:
            self.session.pick(best)
            editor.set_text(best.text)
        else:
            self.session.source = None
            editor.clear()
        self._report_problems(analysis)

    def _report_problems(self, analysis: Analysis) -> None:
        """A broken template is skipped by the engine; say so once per template and error."""
        for problem in analysis.problems:
            key = (problem.template, problem.message)
            if key in self._problems_seen:
                continue
            self._problems_seen.add(key)
            self.notify(
                problem.message, title=f"模板出错: {problem.template}", severity="error", timeout=10, markup=False
            )

    # ------------------------------------------------------------------ picking and editing

    @on(CandidateList.Picked)
    def _picked(self, event: CandidateList.Picked) -> None:
        self.session.pick(event.candidate)
        self.query_one(ReplyEditor).set_text(event.candidate.text)

    def put_reply(self, text: str, source: ReplySource) -> None:
        """Quick search hands its choice over here."""
        self.session.source = source
        editor = self.query_one(ReplyEditor)
        editor.set_text(text)
        editor.text_area.focus()

    def action_apply_rewrite(self) -> None:
        editor = self.query_one(ReplyEditor)
        if editor.guard is None or not editor.text.strip():
            return
        if not editor.blocked and not editor.violations:
            self.notify("回复没有需要改写的表述", timeout=3)
            return
        editor.set_text(editor.guard.rewrite(editor.text))
        source = self.session.source
        if source is not None and source.template and not source.template.endswith(REWRITE_SUFFIX):
            # The history shows the reply was the guard's rewrite of this template.
            self.session.source = ReplySource(source.template + REWRITE_SUFFIX, source.intent)
        if editor.blocked:
            self.notify("改写后仍有禁用语, 请手动修改", severity="warning")
        else:
            self.notify("已改写为合规表述", timeout=3)

    # ------------------------------------------------------------------ copying

    def action_copy_reply(self) -> None:
        editor = self.query_one(ReplyEditor)
        text = editor.text.strip()
        if not text:
            self.notify("没有可复制的回复", severity="warning", timeout=3)
            return
        if editor.guard is None:
            self.notify("店铺还在加载, 稍候再复制", severity="warning", timeout=3)
            return
        editor.check()
        if editor.blocked:
            self._refuse_copy(text)
            return
        self.copy_reply(text, override=False)

    def _refuse_copy(self, text: str) -> None:
        from csbot.tui.screens.confirm_override import ConfirmOverride, OverrideChoice

        editor = self.query_one(ReplyEditor)
        assert editor.guard is not None
        rewrite = editor.guard.rewrite(text)

        def decided(choice: OverrideChoice | None) -> None:
            if choice == OverrideChoice.REWRITE:
                self.action_apply_rewrite()
            elif choice == OverrideChoice.OVERRIDE:
                self.copy_reply(text, override=True)
            else:
                self.notify("未复制: 回复含禁用语", severity="warning", timeout=4)

        blocked = [v for v in editor.violations if v.severity == "block"]
        self.app.push_screen(ConfirmOverride(text, blocked, rewrite), decided)

    def copy_reply(self, text: str, *, override: bool) -> None:
        """Copy, record in the history, and get ready for the next message."""
        self.app.copy_to_clipboard(text)
        if self.app.system_clipboard:
            self._copy_to_system(text)
        self._record(text, override=override)
        typed = self.query_one(MessageInput).text.strip()
        if typed:
            self.session.commit(typed)
            self.query_one(MessageInput).clear()
            self._update_status()
        self.notify(one_line(text)[:40], title="已复制" + (" (强制)" if override else ""), timeout=3, markup=False)
        self.query_one(MessageInput).focus()

    @work(thread=True, exit_on_error=False, group="clipboard", description="系统剪贴板")
    def _copy_to_system(self, text: str) -> SystemCopy:
        result = system_copy(text)
        if result.error:
            # OSC 52 has been sent already; this only matters in terminals that ignore it.
            self.app.call_from_thread(self.log.warning, f"system clipboard: {result.error}")
        return result

    def _record(self, text: str, *, override: bool) -> None:
        if self.engine is None:
            return
        source = self.session.source
        try:
            self.engine.shop.store.add_history(
                self.session.message_for_history(),
                self.session.intent_for_history(),
                source.template if source else None,
                text,
                override=override,
                order_sn=self.session.order_sn,
                time=self.app.clock(),
            )
        except CsbotError as exc:
            self.notify(str(exc), title="历史记录未保存", severity="error", timeout=8, markup=False)

    # ------------------------------------------------------------------ other screens

    def action_quick_search(self) -> None:
        from csbot.tui.screens.quick_search import QuickSearch

        if self.engine is None:
            self.notify("店铺还在加载", severity="warning", timeout=3)
            return
        context = self.session.analysis.context if self.session.analysis else None

        def chosen(entry: SearchEntry | None) -> None:
            if entry is not None:
                self.put_reply(entry.text, ReplySource(entry.template, entry.intent))

        self.app.push_screen(QuickSearch(self.engine, context, self.session.order_sn, self.app.clock()), chosen)

    def action_pick_order(self) -> None:
        from csbot.tui.screens.order_picker import OrderPicker

        if self.engine is None:
            self.notify("店铺还在加载", severity="warning", timeout=3)
            return

        def picked(order_sn: str | None) -> None:
            if order_sn is None:
                return
            self.session.order_sn = order_sn
            self._update_status()
            request = self.session.repeat_last()
            if request is not None:
                self._run(request)
            self.notify(f"订单 {order_sn} 已放入上下文", timeout=3)

        self.app.push_screen(OrderPicker(self.engine.shop), picked)

    def action_show_history(self) -> None:
        from csbot.tui.screens.history import HistoryScreen

        if self.engine is None:
            self.notify("店铺还在加载", severity="warning", timeout=3)
            return
        self.app.push_screen(HistoryScreen(self.engine.shop))

    def action_new_buyer(self) -> None:
        self.session.new_buyer()
        self._cancel_debounce()
        self.query_one(MessageInput).clear()
        self.query_one(IntentPanel).clear()
        self.query_one(CandidateList).clear_candidates()
        self.query_one(ReplyEditor).clear()
        self.query_one(ContextPanel).show(None)
        self._update_status()
        self.query_one(MessageInput).focus()
        self.notify("新买家: 对话已清空", timeout=2)

    def action_focus_message(self) -> None:
        self.query_one(MessageInput).focus()

    def _update_status(self) -> None:
        order_sn, picked = self.session.order_sn, True
        if order_sn is None and self.session.analysis is not None:
            order = self.session.analysis.context.get("order")
            order_sn, picked = (order["sn"] if order else None), False
        self.query_one(StatusBar).set_conversation(self.session.thread, order_sn, picked=picked)
