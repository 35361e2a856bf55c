"""Put a reply on the agent's clipboard.

Two routes, both tried:

1. ``App.copy_to_clipboard`` writes OSC 52; most terminals (and tmux with
   ``set-clipboard on``) hand it to the system clipboard, even over SSH.
2. A local clipboard tool, because macOS Terminal and some Linux terminals ignore OSC 52:
   pbcopy, wl-copy, xclip, xsel or clip.exe, whichever is on PATH and fits the session.

Route 2 must never break the app or block the UI: it runs in a worker thread with a
short timeout and reports what happened instead of raising.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from typing import Protocol

TIMEOUT_SECONDS = 2.0


class SupportsClipboard(Protocol):
    def copy_to_clipboard(self, text: str) -> None: ...


@dataclass(frozen=True)
class ClipboardTool:
    name: str
    argv: tuple[str, ...]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class SystemCopy:
    tool: str | None
    """The tool that took the text; None when no tool fits this session."""
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.tool is not None and self.error is None


def find_tool(env: dict[str, str] | None = None, platform: str | None = None) -> ClipboardTool | None:
    """The clipboard tool for this session, or None (then OSC 52 is the only route)."""
    env = dict(os.environ) if env is None else env
    platform = platform or sys.platform

    def on_path(name: str) -> str | None:
        return shutil.which(name, path=env.get("PATH"))

    if platform == "darwin" and (path := on_path("pbcopy")):
        return ClipboardTool("pbcopy", (path,))
    if platform == "win32" and (path := on_path("clip.exe") or on_path("clip")):
        # clip.exe reads the console code page unless the text is UTF-16 with a BOM.
        return ClipboardTool("clip.exe", (path,), "utf-16")
    if env.get("WAYLAND_DISPLAY") and (path := on_path("wl-copy")):
        return ClipboardTool("wl-copy", (path,))
    if env.get("DISPLAY"):
        if path := on_path("xclip"):
            return ClipboardTool("xclip", (path, "-selection", "clipboard"))
        if path := on_path("xsel"):
            return ClipboardTool("xsel", (path, "--clipboard", "--input"))
    if env.get("WSL_DISTRO_NAME") and (path := on_path("clip.exe")):
        return ClipboardTool("clip.exe", (path,), "utf-16")
    return None


def system_copy(text: str, tool: ClipboardTool | None = None) -> SystemCopy:
    """Hand ``text`` to the system clipboard tool; blocking, so call it from a thread."""
    tool = tool or find_tool()
    if tool is None:
        return SystemCopy(None)
    try:
        # stdout/stderr go nowhere: xclip and wl-copy fork a server that keeps them open,
        # and capturing would make us wait for it.
        subprocess.run(
            tool.argv,
            input=text.encode(tool.encoding),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return SystemCopy(tool.name, f"{tool.name} did not finish within {TIMEOUT_SECONDS:g} s")
    except subprocess.CalledProcessError as exc:
        return SystemCopy(tool.name, f"{tool.name} exited with status {exc.returncode}")
    except OSError as exc:
        return SystemCopy(tool.name, f"{tool.name}: {exc.strerror or exc}")
    return SystemCopy(tool.name)
