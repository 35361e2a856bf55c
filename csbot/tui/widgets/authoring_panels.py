"""The authoring screen's side tabs: try a buyer message, learn from history, what a template may use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Select, Static

from csbot.authoring import TestResult, filters, variables
from csbot.tui.formatting import MUTED

if TYPE_CHECKING:
    from csbot.authoring import Teachable


def test_report(result: TestResult) -> Content:
    lines: list[Content] = [
        Content.assemble(("意图: ", "bold"), (f"{result.label} ({result.intent})", "bold $accent")),
        Content.assemble(("模板: ", "bold"), result.template or "无"),
    ]
    lines.extend(Content.assemble(("· ", MUTED), line) for line in result.why)
    if result.reply:
        lines.append(Content.assemble(("\n回复:\n", "bold"), result.reply))
    return Content("\n").join(lines)


class TestPanel(Vertical):
    """Type a buyer message: which intent and template would answer, and why (as saved on disk)."""

    __test__ = False  # the name starts with "Test"; not a pytest class

    DEFAULT_CSS = """
    TestPanel { height: 1fr; }
    TestPanel #test-result-box { height: 1fr; border: round $border-blurred; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder="输入一条买家消息试试, 例如: 怎么还不发货 不发就退款了", id="test-message")
        with VerticalScroll(id="test-result-box") as box:
            box.border_title = "结果 (按已保存的意图和模板)"
            yield Static(Content.styled("Enter 试一试", MUTED), id="test-result")

    def show(self, result: TestResult) -> None:
        self.query_one("#test-result", Static).update(test_report(result))


class TeachPanel(Vertical):
    """History messages csbot could not place (or the agent re-labelled) → examples of an intent."""

    DEFAULT_CSS = """
    TeachPanel { height: 1fr; }
    TeachPanel DataTable { height: 1fr; }
    TeachPanel > Horizontal { height: 3; }
    TeachPanel #teach-intent { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Teachable] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("未识别 / 被客服改判的买家消息: 选中一行, 选意图, 加为示例 (保存到意图文件)", MUTED)
        )
        yield DataTable(id="teach-table", cursor_type="row", zebra_stripes=True)
        with Horizontal():
            yield Select[str]([], prompt="加到哪个意图", id="teach-intent")
            yield Button("加为示例", id="teach-add", variant="primary")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("次数", "买家消息", "csbot 判为", "客服用的")

    def show(self, items: list[Teachable], intents: list[tuple[str, str]], label: dict[str, str]) -> None:
        self.items = items
        table = self.query_one(DataTable)
        table.clear()
        for index, item in enumerate(items):
            table.add_row(
                str(item.count),
                item.message,
                label.get(item.classified_as, item.classified_as),
                label.get(item.suggested, item.suggested) if item.suggested else "",
                key=str(index),
            )
        self.query_one("#teach-intent", Select).set_options(intents)

    def selected(self) -> Teachable | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row is None or table.cursor_row >= len(self.items):
            return None
        return self.items[table.cursor_row]


def reference_text(intent: str) -> Content:
    lines: list[Content] = [Content.styled("变量 (完整说明见 docs/context.md)", "bold $accent")]
    for variable in variables(intent):
        lines.append(Content.assemble((f"{{{{ {variable.name} }}}}", "bold"), (f"  例: {variable.example}", MUTED)))
    lines.append(Content.styled("\n过滤器", "bold $accent"))
    for info in filters():
        lines.append(Content.assemble((info.name, "bold"), f"  {info.help}", (f"   {info.example}", MUTED)))
    lines.append(
        Content.styled(
            '\n提示: 模板只在合适时说话, 用 {% if order and order.status == "待发货" %}…{% endif %};'
            " 输出为空的模板不会成为候选。notes 只给客服看, 不要写进模板。",
            MUTED,
        )
    )
    return Content("\n").join(lines)
