"""The core must stay usable without Textual: scripts, the CLI sub-commands and other
tools import csbot without paying for (or depending on) the TUI.

Run in a fresh interpreter, because this test session has Textual loaded already."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import csbot


def core_modules() -> list[str]:
    names = ["csbot"]
    for info in pkgutil.walk_packages(csbot.__path__, prefix="csbot."):
        if info.name == "csbot.tui" or info.name.startswith("csbot.tui."):
            continue
        if info.name == "csbot.__main__":  # runs the CLI when imported; it holds no code of its own
            continue
        names.append(info.name)
    return sorted(names)


def test_core_modules_are_found():
    modules = core_modules()
    assert {"csbot", "csbot.pipeline", "csbot.shop", "csbot.store", "csbot.cli"} <= set(modules)
    assert not any(name.startswith("csbot.tui") for name in modules)


def test_core_imports_without_textual():
    script = (
        "import importlib, json, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_building_the_cli_parser_does_not_import_textual():
    script = (
        "import sys\n"
        "from csbot.cli import build_parser\n"
        "build_parser().parse_args([])\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
