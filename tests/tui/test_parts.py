"""The TUI's Textual-free parts: clipboard fallback, panel wording, the session, quick search."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from csbot.tui.clipboard import ClipboardTool, find_tool, system_copy
from csbot.tui.formatting import badge, context_report, countdown, guard_report, one_line
from csbot.tui.session import ReplySession

# ---------------------------------------------------------------------------- clipboard


def fake_tool(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"#!{sys.executable}\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shebang tools")
def test_the_tool_is_chosen_by_session(tmp_path):
    for name in ("wl-copy", "xclip", "xsel", "pbcopy", "clip.exe"):
        fake_tool(tmp_path, name, "")
    path = str(tmp_path)
    assert find_tool({"PATH": path, "WAYLAND_DISPLAY": "wayland-0"}, "linux").name == "wl-copy"
    assert find_tool({"PATH": path, "DISPLAY": ":0"}, "linux").name == "xclip"
    assert find_tool({"PATH": path}, "darwin").name == "pbcopy"
    assert find_tool({"PATH": path, "WSL_DISTRO_NAME": "Ubuntu"}, "linux").name == "clip.exe"
    # Over SSH without a display: no tool, OSC 52 is the only route.
    assert find_tool({"PATH": path}, "linux") is None
    (tmp_path / "xclip").unlink()
    assert find_tool({"PATH": path, "DISPLAY": ":0"}, "linux").name == "xsel"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shebang tools")
def test_system_copy_hands_over_utf8_and_reports_failures(tmp_path):
    out = tmp_path / "clip.txt"
    good = fake_tool(tmp_path, "good", f"import sys; open({str(out)!r}, 'wb').write(sys.stdin.buffer.read())")
    result = system_copy("亲，已为您加急～", ClipboardTool("good", (str(good),)))
    assert result.ok and out.read_text(encoding="utf-8") == "亲，已为您加急～"

    bad = fake_tool(tmp_path, "bad", "import sys; sys.exit(3)")
    result = system_copy("x", ClipboardTool("bad", (str(bad),)))
    assert not result.ok and "3" in result.error

    missing = system_copy("x", ClipboardTool("gone", (str(tmp_path / "gone"),)))
    assert not missing.ok and missing.error


def test_system_copy_without_a_tool_is_not_an_error(monkeypatch):
    monkeypatch.setattr("csbot.tui.clipboard.find_tool", lambda: None)
    result = system_copy("x")
    assert result.tool is None and result.error is None


# ---------------------------------------------------------------------------- wording


class V:
    def __init__(self, severity: str, matched: str = "没货", why: str = "会被判缺货") -> None:
        self.severity, self.matched, self.phrase, self.why = severity, matched, matched, why


def test_badges_take_two_cells_each():
    from rich.cells import cell_len

    marks = [badge([])[0], badge([V("warn")])[0], badge([V("block"), V("warn")])[0]]
    assert marks == ["✓ ", "⚠ ", "⛔"]
    assert {cell_len(m) for m in marks} == {2}


def test_guard_report_says_why_and_how_out():
    assert "合规" in guard_report([]).plain
    blocked = guard_report([V("block")]).plain
    assert "不会复制" in blocked and "没货" in blocked and "会被判缺货" in blocked and "F6" in blocked
    assert "提示" in guard_report([V("warn", "第一")]).plain


@pytest.mark.parametrize(
    ("hours", "elapsed", "text"),
    [(5.2, 0, "剩5小时12分"), (0.5, 0, "剩30分钟"), (-3.25, 0, "已超时3小时15分"), (1.0, 1.5, "已超时30分钟")],
)
def test_countdown(hours, elapsed, text):
    assert countdown(hours, elapsed)[0] == text


def test_context_report_marks_notes_agent_only():
    report = context_report(
        {
            "order": None,
            "product": None,
            "similar_items": [{"id": "1", "title": "白色帆布鞋", "price": 39.9, "stock": 5}],
            "coupon": {"name": "店铺券", "amount": 3, "threshold": 0, "valid_until": None},
            "restock_date": "3月15日",
            "notes": ["还剩 5 小时发货"],
        }
    ).plain
    assert "白色帆布鞋" in report and "无门槛减3" in report and "3月15日" in report
    assert "仅客服可见" in report and "还剩 5 小时发货" in report


def test_one_line():
    assert one_line("亲～\n  好的\n\n—— 小美") == "亲～ 好的 —— 小美"


# ---------------------------------------------------------------------------- session


def test_session_keeps_the_last_messages_and_drops_stale_results():
    session = ReplySession()
    live = session.request("在", final=False)
    final = session.request("在吗", final=True)
    assert final.thread == () and session.thread == ["在吗"]
    assert session.accept(final, "analysis-final")  # type: ignore[arg-type]
    assert not session.accept(live, "analysis-live")  # type: ignore[arg-type]
    assert session.analysis == "analysis-final" and session.up_to_date
    for n in range(6):
        session.request(f"m{n}", final=True)
    assert session.thread == ["m2", "m3", "m4", "m5"]
    assert session.repeat_last().thread == ("m1", "m2", "m3", "m4")
    late = session.request("x", final=False)
    session.new_buyer()
    assert not session.accept(late, "late")  # type: ignore[arg-type]
    assert session.thread == [] and session.repeat_last() is None


# ---------------------------------------------------------------------------- quick search


def test_search_ranks_by_label_shortcode_and_content():
    from csbot.tui.search import SearchEntry, rank

    entries = [
        SearchEntry("ship_urge/01", "ship_urge", "催发货", "亲，马上为您催仓库发货"),
        SearchEntry("invoice/01", "invoice", "发票", "亲，可以开具电子发票哦"),
        SearchEntry("logistics/01", "logistics", "物流查询", ""),
    ]
    assert rank(entries, "催发")[0].template == "ship_urge/01"
    assert rank(entries, "invoice")[0].template == "invoice/01"
    assert rank(entries, "电子发票")[0].template == "invoice/01"
    assert [e.template for e in rank(entries, "")] == ["ship_urge/01", "invoice/01", "logistics/01"]
    assert not entries[2].usable
