"""``csbot new-shop DIR``: a shop owner's starting point, copied from the demo shop."""

from __future__ import annotations

import shutil
from pathlib import Path

from csbot import paths
from csbot.errors import ShopError

SHOP_FILES = (paths.SHOP_SETTINGS_FILE, paths.INTENTS_FILE, paths.RULES_FILE)


def create_shop(target: Path, *, name: str | None = None) -> Path:
    """A new shop folder with the demo's settings, intents, rules and every default
    template, and an empty store; refuses to touch a folder that already has content."""
    target = Path(target).expanduser()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ShopError(f"{target} already exists and is not empty; pick a new folder")
    source = paths.bundled_demo_shop_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for file_name in SHOP_FILES:
            if (source / file_name).is_file():
                shutil.copy2(source / file_name, target / file_name)
        shutil.copytree(paths.default_templates_dir(), target / paths.TEMPLATES_DIR)
    except OSError as exc:
        raise ShopError(f"cannot create {target}: {exc.strerror or exc}") from None
    if name:
        _rename(target / paths.SHOP_SETTINGS_FILE, name)
    from csbot.store import Store

    Store.for_shop(target).close()
    return target


def _rename(settings_file: Path, name: str) -> None:
    lines = settings_file.read_text(encoding="utf-8").splitlines() if settings_file.is_file() else ["[shop]"]
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    out, replaced = [], False
    for line in lines:
        if not replaced and line.strip().startswith("name") and "=" in line:
            out.append(f'name = "{escaped}"')
            replaced = True
        else:
            out.append(line)
    if not replaced:
        out = ["[shop]", f'name = "{escaped}"', *[line for line in out if line.strip() != "[shop]"]]
    settings_file.write_text("\n".join(out) + "\n", encoding="utf-8")
