"""Command palette (ctrl+p): one entry per action, generated from csbot.tui.keys."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from csbot.tui import keys


class CsbotCommands(Provider):
    def _commands(self) -> list[tuple[str, keys.KeyAction, str]]:
        """(title, action, namespace) for what can run on the screen the palette was opened from."""
        from csbot.tui.screens.main import MainScreen

        found = [(f"{a.label}: {a.help}", a, "app") for a in keys.APP_ACTIONS if a.palette]
        if isinstance(self.screen, MainScreen):
            found += [(f"{a.label}: {a.help}", a, "screen") for a in keys.MAIN_ACTIONS if a.palette]
        return found

    def _runner(self, action: keys.KeyAction, namespace: str) -> partial[object]:
        return partial(self.app.run_action, f"{namespace}.{action.action}", self.screen)

    async def discover(self) -> Hits:
        for title, action, namespace in self._commands():
            yield DiscoveryHit(title, self._runner(action, namespace), help=action.display_keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, namespace in self._commands():
            score = matcher.match(f"{title} {action.action} {action.id}")
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action, namespace), help=action.display_keys)
