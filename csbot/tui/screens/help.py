"""F1: every key, grouped by where it works, generated from csbot.tui.keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from csbot.tui import keys

WORKFLOW = (
    "用法: 粘贴买家消息 → Enter 分析 → 1-9 选回复 (Tab 到编辑框修改) → F5 复制 → 粘贴到多多客服发送。\n"
    "买家连续几条消息会合在一起理解; 换一位买家按 F7。\n"
    "含禁用语 (⛔) 的回复不会复制: F6 改写, 或确认后强制复制 (记入历史)。\n"
    "右侧「备注」仅客服可见, 从不复制给买家。"
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [*keys.bindings((keys.CLOSE,)), keys.HELP.binding()]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96%; max-width: 100; height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .section { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen Grid { grid-size: 2; grid-columns: 14 1fr; grid-rows: auto; height: auto; }
    HelpScreen .key { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "帮助 (Esc 关闭)"
            yield Static(WORKFLOW)
            for title, actions in keys.HELP_SECTIONS:
                yield Static(title, classes="section")
                with Grid():
                    for action in actions:
                        # Two cells, so a long description wraps under itself, not under the key.
                        yield Static(action.display_keys, classes="key")
                        yield Static(Content.assemble(action.help, (f"  {action.id}", "$text-muted")))

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.dismiss(None)
