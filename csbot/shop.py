"""A shop is a folder: its settings, intents, compliance rules, reply templates and store.

    my-shop/
      shop.toml          name, signature, gift, deadlines (see csbot.settings)
      intents.toml       what buyers ask (csbot.catalogue)
      rules.toml         extra or overridden compliance rules (optional)
      templates/<intent>/<variant>.j2
      store.sqlite3      products, orders, coupons, reply history

Everything here is loaded once per shop; the jieba segmenter and the store open lazily so
that listing intents or checking a phrase stays instant.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csbot import paths
from csbot.catalogue import Catalogue, load_catalogue
from csbot.errors import ShopError
from csbot.render import TemplateSet, load_templates

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

if TYPE_CHECKING:
    from csbot.compliance import Guard
    from csbot.intents import Matcher
    from csbot.settings import ShopSettings
    from csbot.store import Store


@dataclass
class Shop:
    root: Path
    settings: ShopSettings
    catalogue: Catalogue
    templates: TemplateSet
    _store: Any = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.settings.name

    @cached_property
    def matcher(self) -> Matcher:
        from csbot.intents import Matcher

        return Matcher.cached(self.catalogue, paths.cache_dir())

    @cached_property
    def guard(self) -> Guard:
        from csbot.compliance import Guard

        rules = self.root / paths.RULES_FILE
        return Guard.load(rules if rules.is_file() else None)

    @property
    def store(self) -> Store:
        if self._store is None:
            from csbot.store import Store

            self._store = Store.for_shop(self.root)
        return self._store

    def reload_templates(self) -> None:
        self.templates = load_templates(self.root / paths.TEMPLATES_DIR, paths.default_templates_dir())

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _read_settings(root: Path) -> ShopSettings:
    from csbot.settings import ShopSettings

    settings_file = root / paths.SHOP_SETTINGS_FILE
    data: dict[str, Any] = {}
    if settings_file.is_file():
        try:
            data = tomllib.loads(settings_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ShopError(f"{settings_file}: {exc}") from None
    return ShopSettings.from_toml(data, source=settings_file)


def load_shop(shop_dir: Path | str | None = None) -> Shop:
    """The shop in ``shop_dir``, or the demo shop (made on first use) when None."""
    if shop_dir is None:
        from csbot.demo import ensure_demo_shop

        root = ensure_demo_shop()
    else:
        root = Path(shop_dir).expanduser()
        if not root.exists():
            raise ShopError(f"shop folder not found: {root} (create one with: csbot new-shop {root})")
        if not root.is_dir():
            raise ShopError(f"not a shop folder: {root}")
    intents_file = root / paths.INTENTS_FILE
    if not intents_file.is_file():
        raise ShopError(f"{root}: no {paths.INTENTS_FILE} (create a shop with: csbot new-shop DIR)")
    return Shop(
        root=root,
        settings=_read_settings(root),
        catalogue=load_catalogue(intents_file),
        templates=load_templates(root / paths.TEMPLATES_DIR, paths.default_templates_dir()),
    )
