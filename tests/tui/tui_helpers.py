"""Pilot steps shared by the flow and snapshot tests."""

from __future__ import annotations

import asyncio
import time

from textual.pilot import Pilot

from csbot.tui.app import CsbotApp
from csbot.tui.screens.main import MainScreen
from csbot.tui.widgets.message_input import MessageInput

# Generous: the first test of a run may train the matcher from cold (~8 s on a busy 2-core machine).
READY_TIMEOUT = 30.0


async def until(pilot: Pilot, condition, timeout: float = READY_TIMEOUT, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_ready(pilot: Pilot) -> MainScreen:
    app = pilot.app
    assert isinstance(app, CsbotApp)
    await until(pilot, lambda: app.main_screen.engine is not None, what="the shop to load")
    await pilot.pause()
    return app.main_screen


def steady_cursors(pilot: Pilot) -> None:
    """No blinking cursors: a snapshot taken mid-blink would differ from run to run."""
    for widget in pilot.app.screen.query("TextArea, Input"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def settle(pilot: Pilot) -> None:
    """Let analysis workers finish and their results reach the screen, cursors steady."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(0)
    steady_cursors(pilot)
    await pilot.pause()


async def analyse(pilot: Pilot, text: str) -> MainScreen:
    """Paste ``text`` into the message box and press Enter, as an agent does."""
    screen = await wait_ready(pilot)
    box = screen.query_one(MessageInput)
    box.focus()
    box.insert(text)
    await pilot.press("enter")
    await until(pilot, lambda: screen.session.up_to_date, what=f"the analysis of {text!r}")
    await settle(pilot)
    return screen
