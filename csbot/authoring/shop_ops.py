"""Changes that touch more than one file of a shop, and bringing a loaded shop up to date.

Renaming an intent renames its templates folder and its phrasings file too (their names *are*
the intent id); deleting one moves them to ``templates/.deleted/`` and ``phrasings/.deleted/``
rather than destroying the owner's writing (hidden folders are never loaded).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from csbot import paths
from csbot.authoring.files import SaveError
from csbot.authoring.intents_file import IntentsDocument
from csbot.catalogue import Catalogue

if TYPE_CHECKING:
    from csbot.shop import Shop

TRASH_DIR = ".deleted"


def templates_root(shop_root: Path) -> Path:
    return shop_root / paths.TEMPLATES_DIR


def phrasings_file(shop_root: Path, intent_id: str) -> Path:
    return shop_root / paths.PHRASINGS_DIR / f"{intent_id}.txt"


def rename_intent(shop_root: Path, document: IntentsDocument, old_id: str, new_id: str) -> Catalogue:
    """Rename in the intents file and rename ``templates/<old>`` to ``templates/<new>``; saved at once."""
    document.rename_intent(old_id, new_id)
    new_id = document.intents[[s.id for s in document.intents].index(new_id.strip())].id
    old_folder, new_folder = templates_root(shop_root) / old_id, templates_root(shop_root) / new_id
    if new_folder.exists():
        document.revert()
        raise SaveError(f"{new_folder} already exists; move it away or pick another id", title="文件夹已存在")
    moves = [
        (old_folder, new_folder),
        (phrasings_file(shop_root, old_id), phrasings_file(shop_root, new_id)),
    ]
    done = []
    for source, target in moves:
        if source.exists() and not target.exists():
            _move(source, target)
            done.append((source, target))
    try:
        return document.save()
    except BaseException:
        for source, target in reversed(done):
            _move(target, source)  # keep the folders and the file in step
        document.revert()
        raise


def delete_intent(shop_root: Path, document: IntentsDocument, intent_id: str) -> tuple[Catalogue, Path | None]:
    """Delete from the intents file; its templates folder goes to templates/.deleted/ (returned),
    its phrasings to phrasings/.deleted/."""
    document.delete_intent(intent_id)
    phrasings = phrasings_file(shop_root, intent_id)
    kept = phrasings.parent / TRASH_DIR / f"{intent_id}-{datetime.now():%Y%m%d-%H%M%S}.txt"
    if phrasings.is_file():
        kept.parent.mkdir(parents=True, exist_ok=True)
        _move(phrasings, kept)
    try:
        catalogue = document.save()
    except BaseException:
        if kept.is_file():
            _move(kept, phrasings)
        document.revert()
        raise
    folder = templates_root(shop_root) / intent_id
    if not folder.is_dir():
        return catalogue, None
    target = templates_root(shop_root) / TRASH_DIR / f"{intent_id}-{datetime.now():%Y%m%d-%H%M%S}"
    target.parent.mkdir(parents=True, exist_ok=True)
    _move(folder, target)
    return catalogue, target


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise SaveError(f"cannot move {source} to {target} ({exc.strerror or exc})") from None


def apply_catalogue(shop: Shop, catalogue: Catalogue) -> None:
    """Make a loaded shop use a newly saved intents file (the matcher is rebuilt on next use)."""
    shop.catalogue = catalogue
    # Shop.matcher is a cached_property: dropping the cached value makes the next access build
    # (or load from the on-disk cache, keyed by the catalogue) the matcher for the new file.
    shop.__dict__.pop("matcher", None)
