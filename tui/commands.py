"""The command palette: every screen of the registry, home, and the few other commands."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui import strings
from tui.screens.registry import SCREENS

if TYPE_CHECKING:
    from tui.protocol import AppLike


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    action: str
    needs_login: bool = True


# The palette's commands that are not screens (those come from tui/screens/registry.py).
HOME = Command(strings.PALETTE_HOME, strings.HELP_HOME, "home")
ACTIONS: tuple[Command, ...] = (
    Command(strings.PALETTE_SYNC, strings.HELP_SYNC, "sync_screen"),
    Command(strings.PALETTE_NOTICES, strings.HELP_NOTICES, "notices"),
    Command(strings.PALETTE_THEME, strings.HELP_THEME, "toggle_theme", needs_login=False),
    Command(strings.PALETTE_EDIT_SHORTCUTS, strings.HELP_EDIT_SHORTCUTS, "edit_shortcuts"),
    Command(strings.PALETTE_LOGOUT, strings.HELP_LOGOUT, "logout"),
)
NAVIGATION: tuple[Command, ...] = (
    HOME,
    *(Command(s.title, s.help, f"open('{s.code}')", not s.public) for s in SCREENS),
    *ACTIONS,
)


class NavigationCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        app = cast("AppLike", self.app)
        logged_in = app.session.account is not None
        return [(c.title, c.help, c.action) for c in NAVIGATION if logged_in or not c.needs_login]

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
