"""The Textual application: loads the shop in the background and hosts the screens."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.worker import Worker, WorkerState

from csbot.errors import CsbotError
from csbot.tui import keys
from csbot.tui.commands import CsbotCommands
from csbot.tui.messages import ShopFailed, ShopReady
from csbot.tui.screens.main import MainScreen
from csbot.tui.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from csbot.shop import Shop

WARM_UP_MESSAGE = "在吗 什么时候发货"
"""Analysed once while loading: pulls jieba's dictionary and every lazy index into memory."""

LOAD_GROUP = "load"
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class CsbotApp(ReportsWorkerErrors, App[int], inherit_bindings=False):
    CSS_PATH = "app.tcss"
    TITLE = "csbot"
    COMMANDS = App.COMMANDS | {CsbotCommands}
    BINDINGS = [
        *keys.bindings(keys.APP_ACTIONS),
        # Not shown: ctrl+c copies a selection inside text boxes, elsewhere it says how to quit.
        keys.KeyAction("csbot.help_quit", "ctrl+c", "help_quit", "", "", show=False).binding(),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(
        self,
        shop_dir: Path | None = None,
        *,
        shop: Shop | None = None,
        clock: Callable[[], datetime] | None = None,
        system_clipboard: bool = True,
    ) -> None:
        super().__init__()
        self.shop_dir = shop_dir
        self.shop: Shop | None = shop
        self.clock: Callable[[], datetime] = clock or datetime.now
        """Every 'now' the UI passes to the engine and the history (tests fix it)."""
        self.system_clipboard = system_clipboard
        """Also hand copies to pbcopy/wl-copy/xclip…; tests turn it off to keep the desktop's clipboard."""

    def on_mount(self) -> None:
        self.push_screen(MainScreen())
        # After the first paint: the loader holds the GIL for a good part of its work and
        # would otherwise delay what the agent sees first.
        self.call_after_refresh(self.load_shop)

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD_GROUP, description="加载店铺")
    def load_shop(self) -> None:
        from csbot.pipeline import Engine
        from csbot.shop import load_shop

        began = time.perf_counter()
        try:
            shop = self.shop or load_shop(self.shop_dir)
            engine = Engine(shop)
            shop.matcher  # noqa: B018 - builds the automaton and teaches jieba the shop's words
            engine.analyse(WARM_UP_MESSAGE, now=self.clock())
        except CsbotError as exc:
            self.post_message(ShopFailed(str(exc)))
            return
        store_error = None
        try:
            # Similar-item lookups need an index of every product; build it now, not on the
            # first out-of-stock order.
            shop.store.warm_similar()
        except CsbotError as exc:
            # A broken store costs the order context and the history, not the app.
            store_error = str(exc)
        self.post_message(ShopReady(shop, engine, time.perf_counter() - began, store_error))

    @on(ShopReady)
    def _shop_ready(self, event: ShopReady) -> None:
        self.shop = event.shop
        self.main_screen.shop_ready(event.shop, event.engine, event.seconds)
        if event.store_error:
            self.notify(event.store_error, title="店铺数据不可用", severity="error", timeout=10, markup=False)

    @on(ShopFailed)
    def _shop_failed(self, event: ShopFailed) -> None:
        self.main_screen.shop_failed(event.error)
        self.notify(event.error, title="店铺加载失败", severity="error", timeout=15, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.state == WorkerState.ERROR and event.worker.group == LOAD_GROUP:
            # An unexpected failure while loading: the status line must not keep saying "loading".
            self.main_screen.shop_failed(str(event.worker.error))

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    # ------------------------------------------------------------------ app-wide actions

    def action_help(self) -> None:
        from csbot.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_open_authoring(self) -> None:
        from csbot.tui.screens.authoring import AuthoringScreen

        if isinstance(self.screen, AuthoringScreen):
            return
        engine = self.main_screen.engine
        if engine is None:
            self.notify("店铺还在加载", severity="warning", timeout=3)
            return
        self.push_screen(AuthoringScreen(engine))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.current_theme.dark else DARK_THEME

    def on_unmount(self) -> None:
        if self.shop is not None:
            self.shop.close()
