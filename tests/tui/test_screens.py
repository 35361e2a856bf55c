"""Secondary screens (quick search, orders, history, help, palette) and how errors surface."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList
from tui_helpers import analyse, settle, until, wait_ready

from csbot.tui import keys
from csbot.tui.screens.help import HelpScreen
from csbot.tui.screens.history import HistoryScreen
from csbot.tui.screens.order_picker import OrderPicker
from csbot.tui.screens.quick_search import QuickSearch
from csbot.tui.widgets.context_panel import ContextPanel
from csbot.tui.widgets.reply_editor import ReplyEditor
from csbot.tui.widgets.status_bar import StatusBar


def text_of(widget) -> str:
    return str(widget.render())


async def test_quick_search_by_content_and_shortcode_puts_the_reply_in_the_editor(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, QuickSearch)
        app.screen.query_one(Input).value = "price_protect"
        await pilot.pause()
        assert app.screen.shown[0].template.startswith("price_protect/")
        await pilot.press("escape")
        assert app.screen is screen

        await pilot.press("f3")
        results = app.screen.query_one(OptionList)
        assert results.option_count > 20  # everything, before typing
        app.screen.query_one(Input).value = "发票"
        await pilot.pause()
        best = app.screen.shown[0]
        assert best.intent == "invoice" and best.usable
        await pilot.press("enter")
        assert app.screen is screen
        assert screen.query_one(ReplyEditor).text == best.text
        assert screen.session.source.template == best.template
        await pilot.press("f5")
        assert app.clipboard == best.text
        assert screen.engine.shop.store.history(1)[0].template == best.template


async def test_order_picker_puts_the_order_and_agent_notes_into_the_context(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "怎么还不发货")
        assert screen.session.analysis.context["order"] is None
        await pilot.press("f4")
        picker = app.screen
        assert isinstance(picker, OrderPicker)
        wanted = next(o for o in picker.orders if o.status == "待发货")
        picker.query_one(Input).value = wanted.sn
        await pilot.pause()
        assert [o.sn for o in picker.shown] == [wanted.sn]
        await pilot.press("enter")
        await until(pilot, lambda: screen.session.up_to_date, what="re-analysis with the order")
        await settle(pilot)
        assert screen.session.order_sn == wanted.sn
        assert screen.session.analysis.context["order"]["sn"] == wanted.sn
        assert wanted.sn in text_of(screen.query_one(StatusBar))
        context = text_of(screen.query_one(ContextPanel).query_one("#context-text"))
        assert wanted.sn in context and "待发货" in context and "发货时限" in context
        notes = screen.session.analysis.context["notes"]
        assert notes and "仅客服可见" in context
        await pilot.press("f5")
        assert app.clipboard and all(note not in app.clipboard for note in notes)
        assert screen.engine.shop.store.history(1)[0].order_sn == wanted.sn


async def test_history_screen_lists_copied_replies_and_unknown_messages(app):
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "在吗")
        await pilot.press("f5")
        screen = await analyse(pilot, "qwertyuiop")
        assert screen.session.analysis.intent == "unknown"
        await pilot.press("f5")
        await pilot.press("f8")
        assert isinstance(app.screen, HistoryScreen)
        copied = app.screen.query_one("#copied-table", DataTable)
        unknown = app.screen.query_one("#unknown-table", DataTable)
        assert copied.row_count == 2 and unknown.row_count == 1
        assert "qwertyuiop" in str(unknown.get_row_at(0)[1])
        await pilot.press("escape")
        assert app.screen is screen


async def test_help_palette_and_theme(app):
    from csbot.tui.commands import CsbotCommands

    async with app.run_test(size=(100, 32)) as pilot:
        screen = await wait_ready(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(text_of(s) for s in app.screen.query("Static"))
        for action in keys.all_actions():
            if action not in keys.PICK_ACTIONS:
                assert action.id in shown, action.id
        assert "csbot.pick_1" in shown
        await pilot.press("f1")
        assert app.screen is screen

        titles = [hit.text async for hit in CsbotCommands(screen).discover()]
        for action in (*keys.MAIN_ACTIONS, *keys.APP_ACTIONS):
            if action.palette:
                assert any(title.startswith(action.label) for title in titles), action.id
        await pilot.press("ctrl+p", *"历史")
        await until(pilot, lambda: app.screen.query("CommandList").first().option_count > 0, what="palette hits")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HistoryScreen), what="the history screen")
        await pilot.press("escape")

        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is dark


def test_every_binding_has_an_id():
    from textual.binding import Binding

    from csbot.tui.app import CsbotApp
    from csbot.tui.screens.confirm_override import ConfirmOverride
    from csbot.tui.screens.main import MainScreen
    from csbot.tui.widgets.candidates import CandidateList
    from csbot.tui.widgets.message_input import MessageInput

    owners = (CsbotApp, MainScreen, HelpScreen, HistoryScreen, QuickSearch, OrderPicker, ConfirmOverride)
    owners += (CandidateList, MessageInput)
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding) and binding.id and binding.id.startswith("csbot."), (owner, binding)
    ids = [a.id for a in keys.all_actions()]
    assert len(ids) == len(set(ids))


async def test_every_panel_is_visible_at_80x24(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await analyse(pilot, "怎么还不发货 不发就退款了")
        assert screen.has_class("-narrow")
        for selector in ("#status", "#message", "#intents", "#candidates", "#editor", "#context", "Footer"):
            region = screen.query_one(selector).region
            assert region.height > 0 and region.width > 0, selector
            assert screen.region.contains_region(region), selector
        editor = screen.query_one(ReplyEditor)
        assert editor.text_area.region.height >= 2
        assert screen.query_one("#candidates").region.height >= 3


# ---------------------------------------------------------------------------- errors


async def test_a_broken_template_is_a_notification_not_a_crash(app_factory, shop_dir):
    broken = shop_dir / "templates" / "greeting" / "zz_broken.j2"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text("亲～{{ no_such_variable }}", encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "在吗")
        assert any(p.template == "greeting/zz_broken" for p in screen.session.analysis.problems)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert any("greeting/zz_broken" in n.title for n in errors)
        assert screen.query_one(ReplyEditor).text  # the other variants still answer


async def test_an_unreadable_store_is_reported_and_analysis_goes_on(app_factory, shop_dir):
    for name in ("store.sqlite3", "store.sqlite3-wal", "store.sqlite3-shm"):
        (shop_dir / name).unlink(missing_ok=True)
    (shop_dir / "store.sqlite3").write_bytes(b"this is not a database" * 100)
    app = app_factory()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "在吗")
        assert any(n.severity == "error" and n.title == "店铺数据不可用" for n in app._notifications)
        assert screen.query_one(ReplyEditor).text
        await pilot.press("f5")  # copied; the history row cannot be written and says so
        assert app.clipboard
        assert any(n.title == "历史记录未保存" for n in app._notifications)
        await pilot.press("f8")  # the history screen opens and explains instead of crashing
        assert any(n.title == "无法读取历史记录" for n in app._notifications)


async def test_a_missing_shop_folder_keeps_the_app_running(app_factory, tmp_path):
    app = app_factory(tmp_path / "no-such-shop")
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: any(n.title == "店铺加载失败" for n in app._notifications), what="the error")
        assert "店铺加载失败" in text_of(app.main_screen.query_one(StatusBar))
        await pilot.press("f3")  # needs the shop: explains, does not crash
        assert app.is_running and app.screen is app.main_screen


async def test_an_error_inside_the_analysis_worker_is_a_notification(app):
    from csbot.errors import ShopDataError

    async with app.run_test(size=(100, 32)) as pilot:
        screen = await analyse(pilot, "在吗")

        def broken(message, **kwargs):
            raise ShopDataError("store.sqlite3 is locked")

        screen.engine.analyse = broken
        screen.query_one("#message").insert("什么时候发货")
        await pilot.press("enter")
        await settle(pilot)
        assert any(n.severity == "error" and "store.sqlite3 is locked" in n.message for n in app._notifications)
        assert app.is_running and screen.session.analysis.message == "在吗"  # the last good one stays
