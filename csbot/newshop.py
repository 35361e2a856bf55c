"""``csbot new-shop DIR``: a shop owner's starting point, copied from the demo shop."""

from __future__ import annotations

import shutil
from pathlib import Path

from csbot import paths
from csbot.errors import ShopError

SHOP_FILES = (paths.SHOP_SETTINGS_FILE, paths.INTENTS_FILE, paths.RULES_FILE)


def create_shop(target: Path, *, name: str | None = None) -> Path:
    """A new shop folder with the demo's settings, intents (with their phrasings), rules and every default
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
        if (source / paths.PHRASINGS_DIR).is_dir():
            shutil.copytree(source / paths.PHRASINGS_DIR, target / paths.PHRASINGS_DIR)
    except OSError as exc:
        raise ShopError(f"cannot create {target}: {exc.strerror or exc}") from None
    _rename(target / paths.SHOP_SETTINGS_FILE, name or target.resolve().name)
    from csbot.store import Store

    Store.for_shop(target).close()
    return target


def _rename(settings_file: Path, name: str) -> None:
    """Give the copied settings the new shop's name, and a sign-off that says it: a new
    shop must never greet buyers in the demo shop's name."""
    lines = settings_file.read_text(encoding="utf-8").splitlines() if settings_file.is_file() else ["[shop]"]
    values = {"name": _toml_string(name), "signature": _toml_string(f"—— {name}客服")}
    out, done = [], set()
    for line in lines:
        key = line.split("=", 1)[0].strip()
        if key in values and key not in done and "=" in line:
            out.append(f"{key} = {values[key]}")
            done.add(key)
        else:
            out.append(line)
    missing = [f"{key} = {value}" for key, value in values.items() if key not in done]
    if missing:
        body = [line for line in out if line.strip() != "[shop]"]
        out = ["[shop]", *missing, *body]
    settings_file.write_text("\n".join(out) + "\n", encoding="utf-8")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
