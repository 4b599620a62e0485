"""The command palette: every screen of the registry the account may use, home, the few other
commands, and Textual's own system commands and palette texts in Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui import strings
from tui.format import beijing
from tui.screens.registry import SCREENS

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from tui.protocol import AppLike


@dataclass(frozen=True)
class Command:
    title: str
    help: str
    action: str
    needs_login: bool = True
    code: str | None = None  # a screen's shortcut code: offered only when the server allows it


# The palette's commands that are not screens (those come from tui/screens/registry.py).
HOME = Command(strings.PALETTE_HOME, strings.HELP_HOME, "home")
ACTIONS: tuple[Command, ...] = (
    Command(strings.PALETTE_SEARCH, strings.HELP_SEARCH, "search", needs_login=False),
    Command(strings.PALETTE_SYNC, strings.HELP_SYNC, "sync_screen"),
    Command(strings.PALETTE_NOTICES, strings.HELP_NOTICES, "notices"),
    Command(strings.PALETTE_THEME, strings.HELP_THEME, "toggle_theme", needs_login=False),
    Command(strings.PALETTE_EDIT_SHORTCUTS, strings.HELP_EDIT_SHORTCUTS, "edit_shortcuts"),
    Command(strings.PALETTE_LOGOUT, strings.HELP_LOGOUT, "logout"),
)
NAVIGATION: tuple[Command, ...] = (
    HOME,
    *(Command(s.title, s.help, f"open('{s.code}')", not s.public, s.code) for s in SCREENS),
    *ACTIONS,
)


class NavigationCommands(Provider):
    """Screens the account may open: the server's list of shortcuts this account may add (the
    same answer the home screen's 首页功能区 comes from, so a 党员 is not offered 在线用标)."""

    allowed: frozenset[str] | None = None  # shortcut codes; None: not logged in

    async def startup(self) -> None:
        from api_client import ApiError

        app = cast("AppLike", self.app)
        if app.session.account is None:
            return
        try:  # offline, the client answers from its cache
            got = await app.session.client.shortcuts()
        except ApiError:
            self.allowed = frozenset()  # no answer: only what needs no permission
            return
        self.allowed = frozenset(s.code for s in got.available)

    def _offered(self, c: Command) -> bool:
        if self.allowed is None:
            return not c.needs_login
        return c.code is None or c.code in self.allowed or not c.needs_login

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Home, the screens, our actions, then the app's system commands (Chinese, below)."""
        run = self.app.run_action
        return [
            *((c.title, c.help, partial(run, c.action)) for c in NAVIGATION if self._offered(c)),
            *((s.title, s.help, s.callback) for s in self.app.get_system_commands(self.screen)),
        ]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class Palette(CommandPalette):
    """Textual's command palette with its placeholder and "no matches" line in Chinese."""

    def __init__(self) -> None:
        super().__init__(placeholder=strings.PALETTE_PLACEHOLDER, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own method writes "No matches found"; this is it with our line.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(strings.PALETTE_NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Textual's system commands a user may meet, in Chinese. Textual's Theme (a list of English
    theme names) is our 浅色/深色; its Keys panel (Textual's widgets' English key help) is our
    操作指南 (F1); a kiosk has no screenshot (nothing of a visitor's session is kept)."""
    yield SystemCommand(strings.PALETTE_QUIT, strings.HELP_QUIT, app.action_quit)
    if screen.maximized is not None:
        yield SystemCommand(strings.PALETTE_MINIMIZE, strings.HELP_MINIMIZE, screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(strings.PALETTE_MAXIMIZE, strings.HELP_MAXIMIZE, screen.action_maximize)
    if getattr(app, "kiosk", None) is None:
        yield SystemCommand(
            strings.PALETTE_SCREENSHOT,
            strings.HELP_SCREENSHOT,
            lambda: app.set_timer(0.1, partial(save_screenshot, app)),
        )


def save_screenshot(app: App[Any], folder: Path | None = None) -> Path | None:
    """The screen as SVG in the user's downloads folder, named by Beijing time; says where."""
    import platformdirs

    target = folder or Path(platformdirs.user_downloads_dir())
    name = f"gsdj-{beijing(datetime.now(UTC)):%Y%m%d-%H%M%S}.svg"
    try:
        target.mkdir(parents=True, exist_ok=True)
        path = Path(app.save_screenshot(name, str(target)))
    except OSError as exc:
        app.notify(strings.SCREENSHOT_FAILED.format(reason=exc.strerror or exc), severity="error")
        return None
    app.notify(strings.SCREENSHOT_SAVED.format(path=path), timeout=6)
    return path
