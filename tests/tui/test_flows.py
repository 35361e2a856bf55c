"""The agent's main flows, driven with Textual's Pilot: analyse, pick, edit, copy, refuse, override.

Each app start costs Textual about a second, so one test walks one whole flow."""

from __future__ import annotations

import threading

from textual import events
from textual.widgets import TextArea
from tui_helpers import analyse, settle, until, wait_ready

from csbot.pipeline import COMPOSED
from csbot.tui.screens.confirm_override import ConfirmOverride
from csbot.tui.widgets.candidates import CandidateList
from csbot.tui.widgets.intent_panel import IntentPanel
from csbot.tui.widgets.message_input import MessageInput
from csbot.tui.widgets.reply_editor import ReplyEditor
from csbot.tui.widgets.status_bar import StatusBar

TWO_REQUESTS = "怎么还不发货 不发就退款了"
BLOCKED_REPLY = "亲，这款没货了，给您退款吧"


def text_of(widget) -> str:
    return str(widget.render())


async def test_message_box_has_focus_and_analysis_waits_for_the_shop(app, monkeypatch):
    from csbot import shop as shop_module

    release = threading.Event()
    real_load = shop_module.load_shop

    def slow_load(directory):
        release.wait(10)
        return real_load(directory)

    monkeypatch.setattr(shop_module, "load_shop", slow_load)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, MessageInput)
        assert "正在加载" in text_of(app.main_screen.query_one(StatusBar))
        app.main_screen.query_one(MessageInput).insert("在吗")
        await pilot.press("enter")
        assert "正在加载店铺" in text_of(app.main_screen.query_one(IntentPanel))
        release.set()
        screen = await wait_ready(pilot)
        await until(pilot, lambda: screen.session.up_to_date, what="the pending analysis")
        assert screen.session.analysis.intent == "greeting"
        assert "就绪" in text_of(screen.query_one(StatusBar))


async def test_typing_refreshes_live_ctrl_j_breaks_the_line_and_enter_commits(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press(*"发货")
        await pilot.pause(0.15)  # the debounce is 50 ms
        await settle(pilot)
        assert screen.session.analysis is not None
        assert screen.session.analysis.intent == "ship_urge"
        assert screen.session.thread == []  # only Enter adds to the conversation
        assert isinstance(app.focused, MessageInput)
        await pilot.press("ctrl+j", "急")
        assert screen.query_one(MessageInput).text == "发货\n急"
        await pilot.press("enter")
        await until(pilot, lambda: screen.session.up_to_date, what="analysis")
        assert screen.session.thread == ["发货\n急"]
        assert screen.query_one(MessageInput).text == ""


async def test_analyse_pick_edit_copy(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, TWO_REQUESTS)
        analysis = screen.session.analysis
        intents = text_of(screen.query_one(IntentPanel))
        assert "催发货" in intents and "退款/取消" in intents
        assert "依据" in intents and "次选" in intents
        candidates = screen.query_one(CandidateList)
        assert candidates.option_count == len(analysis.candidates) >= 3
        assert analysis.candidates[0].template == COMPOSED
        assert "合并" in str(candidates.get_option_at_index(0).prompt)
        assert "✓" in str(candidates.get_option_at_index(0).prompt)
        editor = screen.query_one(ReplyEditor)
        assert editor.text == analysis.best.text
        assert isinstance(app.focused, CandidateList)
        assert screen.session.thread == [TWO_REQUESTS]

        await pilot.press("2")
        assert editor.text == analysis.candidates[1].text
        assert screen.session.source.template == analysis.candidates[1].template
        await pilot.press("9")  # fewer than nine candidates: nothing changes
        assert editor.text == analysis.candidates[1].text
        await pilot.press("3", "tab", "好")
        assert app.focused is editor.text_area
        assert editor.text == "好" + analysis.candidates[2].text

        await pilot.press("f5")
        assert app.clipboard == editor.text
        assert any(n.title == "已复制" for n in app._notifications)
        row = screen.engine.shop.store.history(1)[0]
        assert (row.message, row.text, row.override) == (TWO_REQUESTS, editor.text, False)
        assert (row.intent, row.template) == (analysis.intent, analysis.candidates[2].template)
        assert isinstance(app.focused, MessageInput)


async def test_blocked_reply_is_refused_and_the_rewrite_key_fixes_it(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "什么时候发货")
        editor = screen.query_one(ReplyEditor)
        editor.set_text(BLOCKED_REPLY)
        await pilot.pause()
        assert editor.blocked
        assert "没货" in text_of(editor.query_one("#guard-report"))
        await pilot.press("f5")
        assert isinstance(app.screen, ConfirmOverride)
        assert "没货" in "".join(text_of(s) for s in app.screen.query("Static"))
        await pilot.press("escape")
        assert app.screen is screen
        assert app.clipboard == ""
        assert screen.engine.shop.store.history(5) == []

        await pilot.press("f6")
        assert "没货" not in editor.text and not editor.blocked
        # ctrl+y copies even from inside the editor, where TextArea would take it as "redo".
        editor.text_area.focus()
        await pilot.press("ctrl+y")
        assert isinstance(app.focused, TextArea)
        assert app.clipboard == editor.text
        assert screen.engine.shop.store.history(1)[0].override is False


async def test_confirm_dialog_rewrites_or_overrides_and_the_override_is_logged(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "什么时候发货")
        editor = screen.query_one(ReplyEditor)
        editor.set_text(BLOCKED_REPLY)
        await pilot.press("f5", "r")
        assert app.screen is screen
        assert not editor.blocked and app.clipboard == ""

        editor.set_text(BLOCKED_REPLY)
        await pilot.press("f5")
        assert isinstance(app.screen, ConfirmOverride)
        await pilot.press("o")
        assert app.clipboard == BLOCKED_REPLY
        row = screen.engine.shop.store.history(1)[0]
        assert row.override is True and row.text == BLOCKED_REPLY
        assert any(n.title == "已复制 (强制)" for n in app._notifications)


async def test_thread_reads_messages_together_and_new_buyer_clears_it(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "在吗")
        assert screen.session.analysis.intent == "greeting"
        # The focus is on the candidates now; a paste (or typing) goes to the message box.
        assert isinstance(app.focused, CandidateList)
        app.focused.post_message(events.Paste("什么时候"))
        await pilot.pause()
        await pilot.press("发")
        assert isinstance(app.focused, MessageInput)
        assert screen.query_one(MessageInput).text == "什么时候发"
        screen.query_one(MessageInput).insert("货")
        await pilot.press("enter")
        await until(pilot, lambda: screen.session.up_to_date, what="analysis")
        assert screen.session.thread == ["在吗", "什么时候发货"]
        assert screen.session.last_final.thread == ("在吗",)
        assert screen.session.analysis.intent == "ship_urge"
        assert "对话 2 条" in text_of(screen.query_one(StatusBar))

        await pilot.press("f7")
        assert screen.session.thread == [] and screen.session.analysis is None
        assert screen.query_one(ReplyEditor).text == ""
        assert "对话 0 条" in text_of(screen.query_one(StatusBar))

        # The engine gets the earlier messages of the new buyer only.
        seen = []
        real_analyse = screen.engine.analyse

        def spy(message, **kwargs):
            seen.append((message, tuple(kwargs["thread"])))
            return real_analyse(message, **kwargs)

        screen.engine.analyse = spy
        await analyse(pilot, "黑色M码有货吗")
        await analyse(pilot, "那白色的呢")
        assert seen[-1] == ("那白色的呢", ("黑色M码有货吗",))
