"""Pilot tests of the authoring screen (F9): edit → live preview and lint, save with .bak,
conflicts, drafts that are never served, the intent form, the test box, learning from history."""

from __future__ import annotations

from datetime import datetime

import pytest
from tui_helpers import wait_ready

from csbot.shop import load_shop
from csbot.tui import make_app
from csbot.tui.screens.authoring import AuthoringScreen

SIZE = (120, 40)
NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def shop(shop_copy):
    loaded = load_shop(shop_copy)
    yield loaded
    loaded.close()


async def open_authoring(app, pilot, tab: str | None = None) -> AuthoringScreen:
    await wait_ready(pilot)
    await pilot.press("f9")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, AuthoringScreen)
    if tab is not None:
        screen.query_one("#auth-tabs").active = tab
        await pilot.pause()
    return screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def type_into_editor(screen, pilot, text: str, *, replace: bool = False) -> None:
    area = screen.editor.area
    if replace:
        area.replace(text, area.document.start, area.document.end)
    else:
        area.insert(text, area.document.end)
    await pilot.pause(0.3)  # the live checks run after a short pause in typing


def app_for(shop):
    return make_app(shop=shop, clock=lambda: NOW, system_clipboard=False)


async def test_edit_updates_the_preview_and_lint_names_the_error_line(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot)
        assert screen.editor.document is not None
        await type_into_editor(screen, pilot, "亲，欢迎光临{{ shop.name }}～\n", replace=True)
        assert f"亲，欢迎光临{shop.name}～" in text_of(screen, "#preview")
        assert "没有问题" in text_of(screen, "#lint")
        await type_into_editor(screen, pilot, "{{ ordr.sn }}\n")
        lint = text_of(screen, "#lint")
        assert "第2行" in lint and "ordr" in lint
        await type_into_editor(screen, pilot, "亲，这款没货了\n", replace=True)
        assert "没货" in text_of(screen, "#lint") and "没货" in text_of(screen, "#preview")


async def test_save_writes_atomically_keeps_a_backup_and_serves_the_new_text(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot)
        document = screen.editor.document
        before = document.path.read_text(encoding="utf-8")
        await type_into_editor(screen, pilot, "亲，在的～有什么可以帮您？\n", replace=True)
        await pilot.press("f2")
        await pilot.pause()
        assert document.path.read_text(encoding="utf-8") == "亲，在的～有什么可以帮您？\n"
        assert document.path.with_name(document.path.name + ".bak").read_text(encoding="utf-8") == before
        assert not [p for p in document.path.parent.iterdir() if p.name.endswith(".tmp")]
        served = [t.source for t in shop.templates.for_intent(document.intent) if t.variant == document.variant]
        assert served == ["亲，在的～有什么可以帮您？\n"]
        assert not screen.editor.dirty


async def test_a_file_changed_on_disk_is_not_overwritten(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot)
        path = screen.editor.document.path
        path.write_text("店主在别的编辑器里改了\n", encoding="utf-8")
        await type_into_editor(screen, pilot, "我的修改\n", replace=True)
        await pilot.press("f2")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == "店主在别的编辑器里改了\n"
        assert any("someone else" in n.message for n in app._notifications)
        assert screen.editor.dirty, "the owner's text stays in the editor"


async def test_a_broken_template_is_refused_then_saved_as_a_draft_that_is_never_served(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot)
        document = screen.editor.document
        before = document.path.read_text(encoding="utf-8")
        await type_into_editor(screen, pilot, "亲～\n{% if order %}没写完\n", replace=True)
        await pilot.press("f2")
        await pilot.pause()
        assert document.path.read_text(encoding="utf-8") == before
        assert not document.draft_path.exists()
        await pilot.press("f3")
        await pilot.pause()
        assert document.draft_path.read_text(encoding="utf-8") == "亲～\n{% if order %}没写完\n"
        served = [t.source for t in shop.templates.for_intent(document.intent) if t.variant == document.variant]
        assert served == [before]
        reply = app.main_screen.engine.analyse("在吗", now=NOW)
        assert all("没写完" not in c.text for c in reply.candidates)


async def test_intent_form_saves_examples_to_the_intents_file(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot, tab="tab-intent")
        intent = screen.intent_id
        area = screen.query_one("#intent-examples")
        area.insert("\n老板娘在不在呀", area.document.end)
        await pilot.press("f2")
        await pilot.pause()
        text = (shop.root / "intents.toml").read_text(encoding="utf-8")
        assert "老板娘在不在呀" in text and (shop.root / "intents.toml.bak").is_file()
        assert "老板娘在不在呀" in shop.catalogue.get(intent).examples


async def test_both_intent_flags_are_on_screen_at_120_columns(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot, tab="tab-intent")
        for box in ("#intent-filler", "#intent-yields"):
            region = screen.query_one(box).region
            assert region.width > 0 and region.right <= SIZE[0], box


async def test_the_test_box_says_which_intent_and_template_answer(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot, tab="tab-test")
        await pilot.click("#test-message")
        screen.query_one("#test-message").value = "什么时候发货"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = text_of(screen, "#test-result")
        assert "催发货" in result and "模板" in result


async def test_unknown_messages_from_history_become_examples(shop):
    shop.store.add_history("这个能当礼物送人吗", "unknown", None, "手写回复")
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen.query_one("#auth-tabs").active = "tab-teach"
        await pilot.pause()
        panel = screen.query_one("#teach-panel")
        assert [item.message for item in panel.items] == ["这个能当礼物送人吗"]
        panel.query_one("#teach-intent").value = "product_info"
        await pilot.click("#teach-add")
        await pilot.pause()
        assert "这个能当礼物送人吗" in shop.catalogue.get("product_info").examples
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.items == []


async def test_unsaved_edits_are_not_lost_by_a_single_escape(shop):
    app = app_for(shop)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_authoring(app, pilot)
        await type_into_editor(screen, pilot, "改了一点\n")
        screen.query_one("#intent-list").focus()
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert app.screen is not screen
