"""The demo shop: a writable copy of the bundled one, so ``csbot`` works out of the box.

On first use the bundled settings, intents, rules and default templates are copied into
``paths.demo_shop_dir()`` and the store is built by importing the bundled CSV exports
through the normal importer (so the demo also proves the import path).

Keeping the demo realistic over time: the CSVs are written around a fixed anchor time
(``data/demo_meta.json``).  At build the store's times are shifted so the anchor becomes
now, and on every later open they are shifted again by the time that has passed; so
there are always orders a few hours before and after the 48 h ship deadline.

Keeping the user's work: reply history is never shifted, and a rebuild (after a csbot
upgrade changed the bundled data) copies the history into the new store.  Copied files
the user edited are left alone; unedited ones follow the bundled version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from csbot import paths
from csbot.errors import ShopDataError
from csbot.store import SCHEMA_VERSION, Store

MANIFEST = ".csbot-demo.json"
ANCHOR_KEY = "demo_anchor"
DATA_FILES = ("products.csv", "orders.csv", "coupons.csv")
CONFIG_FILES = (paths.SHOP_SETTINGS_FILE, paths.INTENTS_FILE, paths.RULES_FILE)
REFRESH_AFTER = timedelta(minutes=10)  # below this the shift is noise and would only cost a write
_TIME = "%Y-%m-%d %H:%M:%S"


def ensure_demo_shop(*, now: datetime | None = None, rebuild: bool = False) -> Path:
    """The demo shop folder, created or brought up to date; cheap when nothing changed."""
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    target = paths.demo_shop_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ShopDataError(f"cannot create the demo shop at {target}: {exc.strerror or exc}") from exc
    with _locked(target):
        manifest = _read_manifest(target)
        files = _sync_files(target, manifest.get("files", {}))
        fingerprint = _data_fingerprint()
        store_file = target / paths.STORE_FILE
        if rebuild or not store_file.exists() or manifest.get("data") != fingerprint:
            _build_store(store_file, now)
        else:
            with Store(store_file) as store:
                refresh_times(store, now)
        _write_manifest(target, {"files": files, "data": fingerprint})
    return target


def refresh_times(store: Store, now: datetime) -> bool:
    """Shift the demo's order, coupon and restock times so its anchor is ``now`` again."""
    with store.transaction():
        anchor_text = store.get_meta(ANCHOR_KEY)
        if anchor_text is None:
            return False  # not a demo store (or a user's own data): never move real times
        anchor = datetime.strptime(anchor_text, _TIME)
        delta = now - anchor
        if abs(delta) < REFRESH_AFTER:
            return False
        store.shift_times(delta, restock_days=(now.date() - anchor.date()).days)
        store.set_meta(ANCHOR_KEY, now.strftime(_TIME))
    return True


def detach(store: Store) -> None:
    """Stop moving this store's times: it now holds data the user imported, whose times are real."""
    store.delete_meta(ANCHOR_KEY)


def bundled_anchor() -> datetime:
    meta = json.loads((_data_dir() / "demo_meta.json").read_text(encoding="utf-8"))
    return datetime.strptime(meta["anchor"], _TIME)


def build_demo_store(store_file: Path, now: datetime) -> None:
    """A fresh demo store at ``store_file`` from the bundled CSVs, times moved to ``now``."""
    from csbot.importer import import_file  # only on (re)build: keeps the everyday start fast

    anchor = bundled_anchor()
    with Store(store_file) as store:
        for name in DATA_FILES:
            import_file(store, name.removesuffix(".csv"), _data_dir() / name)
        store.set_meta(ANCHOR_KEY, anchor.strftime(_TIME))
        refresh_times(store, now)
        store.checkpoint()


# ---------------------------------------------------------------------------- internals


def _data_dir() -> Path:
    return paths.bundled_demo_shop_dir() / "data"


def _build_store(store_file: Path, now: datetime) -> None:
    """Build beside the live store and swap it in, carrying the reply history over."""
    building = store_file.with_name(store_file.name + ".building")
    for leftover in (building, *_sidecars(building)):
        leftover.unlink(missing_ok=True)
    build_demo_store(building, now)
    if store_file.exists():
        try:
            with Store(store_file) as old, Store(building) as new:
                with new.transaction():
                    for entry in old.all_history():
                        new.add_history(
                            entry.message,
                            entry.intent,
                            entry.template,
                            entry.text,
                            override=entry.override,
                            order_sn=entry.order_sn,
                            time=entry.time,
                        )
                new.checkpoint()
                old.checkpoint()
        except ShopDataError:
            # An unreadable old store has no history to save; keep a copy for the curious.
            shutil.copy2(store_file, store_file.with_name(store_file.name + ".broken"))
    os.replace(building, store_file)
    for sidecar in _sidecars(store_file):
        sidecar.unlink(missing_ok=True)  # a WAL left from the old file must not be replayed onto the new one


def _sidecars(db: Path) -> tuple[Path, Path]:
    return db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")


def _bundled_files() -> dict[str, Path]:
    """Relative path in the demo folder -> bundled source."""
    files: dict[str, Path] = {}
    for name in CONFIG_FILES:
        source = paths.bundled_demo_shop_dir() / name
        if source.is_file():
            files[name] = source
    folders = {
        paths.TEMPLATES_DIR: paths.default_templates_dir(),
        paths.PHRASINGS_DIR: paths.bundled_demo_shop_dir() / paths.PHRASINGS_DIR,
    }
    for prefix, folder in folders.items():
        if folder.is_dir():
            for source in sorted(folder.rglob("*")):
                if source.is_file() and "__pycache__" not in source.parts:
                    files[f"{prefix}/{source.relative_to(folder).as_posix()}"] = source
    return files


def _sync_files(target: Path, copied: dict[str, str]) -> dict[str, str]:
    """Copy missing files; update those still as csbot copied them; keep the user's edits;
    remove copies of files a newer csbot no longer ships (a retired template would otherwise
    answer beside the one that replaced it)."""
    result = dict(copied)
    bundled = _bundled_files()
    for rel in [rel for rel in copied if rel not in bundled]:
        dest = target / rel
        if dest.is_file() and _hash(dest) == copied[rel]:
            dest.unlink()
        del result[rel]
    for rel, source in bundled.items():
        dest = target / rel
        new_hash = _hash(source)
        if dest.exists():
            current = _hash(dest)
            if current == new_hash:
                result[rel] = new_hash
                continue
            if current != copied.get(rel):
                continue  # edited by the user (or never ours): theirs to keep
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
        result[rel] = new_hash
    return result


def _data_fingerprint() -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for name in (*DATA_FILES, "demo_meta.json"):
        digest.update(name.encode())
        digest.update((_data_dir() / name).read_bytes())
    return digest.hexdigest()[:16]


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _read_manifest(target: Path) -> dict:
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_manifest(target: Path, data: dict) -> None:
    temp = target / (MANIFEST + ".tmp")
    temp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, target / MANIFEST)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """One process at a time builds the demo (the TUI and a CLI call may start together)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the build-then-replace still keeps the store whole
        yield
        return
    with open(target / ".csbot-demo.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
