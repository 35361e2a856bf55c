"""Every key binding of the TUI, declared once.

The footer, the F1 help screen and the command palette are all generated from these
tables, so they cannot drift apart.  Each binding has a stable ``id`` (``csbot.<name>``)
that a keymap can rebind without touching code.

Key choice, for real terminals (every key below checked with a key logger inside tmux):

* Plain letters and digits type into the text boxes, so global actions use F-keys with a
  ctrl alias.  The aliases avoid keys the terminal or the TextArea keep for themselves:
  ctrl+h (backspace), ctrl+i (tab), ctrl+m (enter), ctrl+[ (escape), and TextArea's own
  ctrl+a/e/k/u/w/d/x/c/v/z.
* ctrl+y is TextArea's "redo"; Copy takes it over with ``priority`` because agents press it
  all day and redo in a reply box is rarely needed (ctrl+z still undoes).
* A newline in the message box: ctrl+j is what every terminal sends for "line feed".  shift+enter
  arrives only where the terminal reports modifiers (kitty keyboard protocol: kitty, foot,
  WezTerm, Ghostty, recent iTerm2), so it is an extra.  alt+enter is not offered: tmux and many
  terminals deliver it as a plain Enter, which would analyse instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class KeyAction:
    id: str
    keys: str
    action: str
    label: str
    """Short footer text."""
    help: str
    """One sentence for the help screen and the command palette."""
    show: bool = True
    priority: bool = False
    key_display: str | None = None
    palette: bool = True
    """False for keys that only make sense as keys (digits, Enter in the message box)."""

    def binding(self, group: Binding.Group | None = None) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
            group=group,
        )

    @property
    def display_keys(self) -> str:
        """All the keys, as the help screen shows them: 'F5 / ctrl+y' (the footer shows one)."""
        if self.key_display and not self.key_display.startswith("F"):
            return self.key_display
        return " / ".join(_pretty(k) for k in self.keys.split(","))


def _pretty(key: str) -> str:
    return key.upper() if key.startswith("f") and key[1:].isdigit() else key


# The message box (widgets/message_input.py).
ANALYSE = KeyAction("csbot.analyse", "enter", "submit", "分析", "分析买家消息并记入本次对话", palette=False)
NEWLINE = KeyAction(
    "csbot.newline",
    "ctrl+j,shift+enter",
    "newline",
    "换行",
    "在买家消息中换行 (ctrl+j; 支持的终端里也可用 shift+enter)",
    key_display="^j",
    palette=False,
)
MESSAGE_ACTIONS = (ANALYSE, NEWLINE)

# The candidate list (widgets/candidates.py): digits pick, they do not type there.
# One footer entry ("1-9 选择") stands for all nine.
PICK_ACTIONS = tuple(
    KeyAction(
        f"csbot.pick_{n}",
        str(n),
        f"pick({n})",
        "选择",
        f"把第 {n} 条候选回复放进编辑框",
        show=n == 1,
        key_display="1-9" if n == 1 else None,
        palette=False,
    )
    for n in range(1, 10)
)
PICK_SUMMARY = KeyAction(
    "csbot.pick_1 … csbot.pick_9", "1", "pick(1)", "选择", "把第 N 条候选回复放进编辑框", key_display="1 … 9"
)

# The main screen (screens/main.py).
COPY = KeyAction(
    "csbot.copy",
    "f5,ctrl+y",
    "copy_reply",
    "复制",
    "复制编辑框中的回复 (含禁用语时拒绝, 可确认后强制复制)",
    priority=True,
    key_display="F5",
)
REWRITE = KeyAction(
    "csbot.rewrite", "f6,ctrl+r", "apply_rewrite", "改写", "用合规改写替换编辑框中的禁用语", key_display="F6"
)
SEARCH = KeyAction(
    "csbot.search", "f3,ctrl+f", "quick_search", "快捷", "按意图, 模板名或内容模糊搜索全部回复模板", key_display="F3"
)
ORDERS = KeyAction(
    "csbot.orders", "f4,ctrl+o", "pick_order", "订单", "从店铺订单中选择一单放入上下文", key_display="F4"
)
NEW_BUYER = KeyAction(
    "csbot.new_buyer",
    "f7,ctrl+n",
    "new_buyer",
    "新买家",
    "清空对话, 消息, 订单和回复, 接待下一位买家",
    key_display="F7",
)
HISTORY = KeyAction("csbot.history", "f8", "show_history", "历史", "查看已复制的回复和未识别的消息", key_display="F8")
FOCUS_MESSAGE = KeyAction(
    "csbot.focus_message",
    "f2,ctrl+l",
    "focus_message",
    "消息框",
    "光标回到买家消息框",
    show=False,
    key_display="F2",
)
MAIN_ACTIONS = (COPY, REWRITE, SEARCH, ORDERS, NEW_BUYER, HISTORY, FOCUS_MESSAGE)

# Everywhere (app.py).
HELP = KeyAction("csbot.help", "f1", "help", "帮助", "按键说明", key_display="F1")
THEME = KeyAction("csbot.theme", "ctrl+t", "toggle_theme", "明暗", "切换浅色 / 深色主题", show=False)
PALETTE = KeyAction(
    "csbot.palette", "ctrl+p", "command_palette", "命令", "打开命令面板", show=False, priority=True, palette=False
)
QUIT = KeyAction("csbot.quit", "ctrl+q", "quit", "退出", "退出 csbot", show=False)
AUTHORING = KeyAction(
    "csbot.authoring",
    "f9",
    "open_authoring",
    "模板",
    "店主: 编辑意图, 示例和回复模板 (预览, 检查, 试一试)",
    key_display="F9",
)
APP_ACTIONS = (HELP, AUTHORING, THEME, PALETTE, QUIT)

# The authoring screen (screens/authoring.py).
AUTH_SAVE = KeyAction(
    "csbot.auth.save", "f2,ctrl+s", "save", "保存", "保存并启用 (有错误时不能保存, 可存草稿)", key_display="F2"
)
AUTH_DRAFT = KeyAction(
    "csbot.auth.draft", "f3", "save_draft", "存草稿", "存为草稿 (.j2.draft): 不会用来回复买家", key_display="F3"
)
AUTH_ORDER = KeyAction(
    "csbot.auth.order", "f4", "preview_order", "订单预览", "用店铺里的一单预览模板", key_display="F4"
)
AUTH_RELOAD = KeyAction("csbot.auth.reload", "f5", "reload", "重新载入", "放弃修改, 从磁盘重新读取", key_display="F5")
AUTH_RENAME = KeyAction(
    "csbot.auth.rename", "f6", "rename", "改名", "修改当前意图的编号 (连同模板文件夹)", key_display="F6"
)
AUTH_NEW = KeyAction("csbot.auth.new", "f7", "new_template", "新模板", "给当前意图新建一个回复模板", key_display="F7")
AUTH_DELETE = KeyAction(
    "csbot.auth.delete", "f8", "delete", "删除", "删除选中的模板或意图 (会先确认)", key_display="F8"
)
AUTHORING_ACTIONS = (AUTH_SAVE, AUTH_DRAFT, AUTH_ORDER, AUTH_RELOAD, AUTH_RENAME, AUTH_NEW, AUTH_DELETE)

# Secondary screens.
CLOSE = KeyAction("csbot.close", "escape", "dismiss_screen", "返回", "关闭当前窗口", palette=False)
OVERRIDE_REWRITE = KeyAction(
    "csbot.override.rewrite", "r", "choose('rewrite')", "采用改写", "禁用语确认框: 用改写替换回复", palette=False
)
OVERRIDE_CONFIRM = KeyAction(
    "csbot.override.confirm",
    "o",
    "choose('override')",
    "仍然复制",
    "禁用语确认框: 照原样复制并在历史中记为强制",
    palette=False,
)
OVERRIDE_ACTIONS = (OVERRIDE_REWRITE, OVERRIDE_CONFIRM, CLOSE)

HELP_SECTIONS: tuple[tuple[str, tuple[KeyAction, ...]], ...] = (
    ("买家消息框", MESSAGE_ACTIONS),
    ("候选回复列表 (分析后光标在此; Tab 切换到编辑框)", (PICK_SUMMARY,)),
    ("主界面 (任何位置)", MAIN_ACTIONS),
    ("全局", APP_ACTIONS),
    ("模板与意图 (F9)", AUTHORING_ACTIONS),
    ("弹出窗口", (CLOSE, OVERRIDE_REWRITE, OVERRIDE_CONFIRM)),
)


def bindings(actions: tuple[KeyAction, ...], group: Binding.Group | None = None) -> list[Binding]:
    return [action.binding(group) for action in actions]


def all_actions() -> list[KeyAction]:
    return [*MESSAGE_ACTIONS, *PICK_ACTIONS, *MAIN_ACTIONS, *APP_ACTIONS, *OVERRIDE_ACTIONS, *AUTHORING_ACTIONS]
