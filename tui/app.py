"""The Textual app: connection, login state and navigation. Screens live in tui/screens/."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from tui import strings
from tui.commands import NavigationCommands
from tui.screens import PUBLIC_SCREENS, build_screen
from tui.screens.login import LoginScreen

T = TypeVar("T")

if TYPE_CHECKING:
    from api_client import ApiError, GsdjClient, TokenStore
    from tui.session import Session


class GsdjApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = strings.APP_TITLE
    COMMANDS = App.COMMANDS | {NavigationCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出程序", priority=True),
        Binding("f1", "open('guide')", "操作指南", show=False),
    ]

    who: reactive[str] = reactive("")
    connection: reactive[str] = reactive("checking")
    # What the login screen shows under the form: (message, is_error).
    notice: reactive[tuple[str, bool]] = reactive(("", False))
    last_username: reactive[str] = reactive("")

    def __init__(
        self,
        server_url: str,
        *,
        tokens: TokenStore | None = None,
        demo: bool = False,
        theme: str | None = None,
        startup_warning: str | None = None,
    ) -> None:
        super().__init__()
        self.server_url = server_url.rstrip("/")
        self.demo = demo
        self._tokens = tokens
        self._session: Session | None = None
        self._startup_warning = startup_warning
        self._recheck_timer = None
        if theme:
            self.theme = theme

    def on_mount(self) -> None:
        self.push_screen(LoginScreen())
        if self._startup_warning:
            self.notify(self._startup_warning, severity="warning", timeout=8)
        # After the first paint: loading the network stack would otherwise delay it.
        self.call_after_refresh(self.connect)

    async def on_unmount(self) -> None:
        if self._session is not None:
            await self._session.aclose()

    @property
    def session(self) -> Session:
        """The login session. Its modules (httpx, pydantic, keyring) load after the first paint."""
        if self._session is None:
            from api_client import TokenStore
            from tui.session import Session

            self._session = Session(self.server_url, self._tokens or TokenStore())
        return self._session

    # -- connection ----------------------------------------------------------------------------

    @work(exclusive=True, group="connect")
    async def connect(self) -> None:
        """Reach the server; resume a stored login when there is one."""
        self.connection = "checking"
        self.notice = (strings.CONNECTING.format(url=self.server_url), False)
        if self._session is None:
            # Import the network stack off the event loop, so input stays live meanwhile.
            await asyncio.to_thread(importlib.import_module, "tui.session")
        from api_client import ApiError, ServerUnreachable

        try:
            await self.session.check_server()
            account = await self.session.resume()
        except ServerUnreachable:
            self.went_offline()
            return
        except ApiError as exc:
            self.connection = "online"
            self.notice = (exc.message, True)
            return
        self.came_online()
        self._warn_about_keyring()
        self.notice = ("", False)
        if account is not None:
            self._enter_home()
        else:
            self.last_username = await self.session.last_username() or ""

    def went_offline(self) -> None:
        self.connection = "offline"
        if self.session.account is None:
            self.notice = (strings.UNREACHABLE_HINT.format(url=self.server_url), True)
        if self._recheck_timer is None:
            self._recheck_timer = self.set_interval(10, self._recheck, name="recheck")

    def came_online(self) -> None:
        self.connection = "online"
        if self._recheck_timer is not None:
            self._recheck_timer.stop()
            self._recheck_timer = None

    async def _recheck(self) -> None:
        from api_client import ApiError

        try:
            await self.session.check_server()
        except ApiError:
            return
        if self.session.account is None:
            self.connect()
        else:
            self.came_online()

    def _warn_about_keyring(self) -> None:
        if self.session.tokens.warning:
            self.notify(strings.KEYRING_MISSING, severity="warning", timeout=8)
            self.session.tokens.warning = None  # say it once

    # -- login state ---------------------------------------------------------------------------

    async def login(self, username: str, password: str) -> str | None:
        """Log in; answer None on success or the Chinese message to show."""
        from api_client import ApiError, ServerUnreachable

        try:
            await self.session.login(username, password)
        except ServerUnreachable:
            self.went_offline()
            return strings.UNREACHABLE_HINT.format(url=self.server_url)
        except ApiError as exc:
            self.came_online()
            return exc.message
        self.came_online()
        self._warn_about_keyring()
        self._enter_home()
        return None

    def _enter_home(self) -> None:
        from tui.screens.home import HomeScreen

        account = self.session.account
        assert account is not None
        org = account.org.name if account.org else account.kind_name
        self.who = f"{account.display_name}({account.username})· {account.kind_name} · {org}"
        self.switch_screen(HomeScreen())
        welcome = strings.WELCOME.format(name=account.display_name)
        if earned := self.session.login_earned:
            welcome += "\n" + strings.POINTS_EARNED.format(name=earned.name, points=earned.points)
            self.session.login_earned = None
        self.notify(welcome, timeout=3)

    async def fetch(self, request: Callable[[GsdjClient], Awaitable[T]]) -> T | None:
        """One API call for a screen: its answer, or None once the error has been shown."""
        from api_client import ApiError

        try:
            return await request(self.session.client)
        except ApiError as exc:
            self.handle_api_error(exc)
            return None

    def handle_api_error(self, exc: ApiError) -> None:
        """The one place screens send an error they cannot handle themselves."""
        from api_client import ServerUnreachable, SessionExpired

        if isinstance(exc, SessionExpired):
            if self.session.account is not None:  # not a request that raced a logout
                self._back_to_login(strings.SESSION_EXPIRED)
        elif isinstance(exc, ServerUnreachable):
            self.went_offline()
            self.notify(exc.message, severity="error")
        else:
            self.notify(exc.message, severity="error")

    def _back_to_login(self, message: str) -> None:
        self.session.account = None
        self.who = ""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.notice = (message, False)
        self.switch_screen(LoginScreen())

    def action_logout(self) -> None:
        from tui.widgets.confirm import Confirm

        if self.session.account is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._logout()

        self.push_screen(Confirm(strings.CONFIRM_LOGOUT), answered)

    @work(exclusive=True, group="logout")
    async def _logout(self) -> None:
        await self.flush_screens()
        await self.session.logout()
        self._back_to_login(strings.LOGGED_OUT)

    # -- navigation ----------------------------------------------------------------------------

    async def flush_screens(self) -> None:
        """Let open screens save what they hold (the player's unsaved progress) before they go."""
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush", None)
            if flush is not None:
                await flush()

    async def action_quit(self) -> None:
        await self.flush_screens()
        self.exit()

    async def action_open(self, code: str) -> None:
        """Open a screen by its shortcut code (also used by the command palette)."""
        if code not in PUBLIC_SCREENS and self.session.account is None:
            return
        screen = build_screen(code)
        if screen is None:
            return
        if type(self.screen) is type(screen):
            return
        if self.session.account is not None:
            await self.action_home()  # screens open from home, so Esc always leads back there
        self.push_screen(screen)

    async def action_home(self) -> None:
        from tui.screens.home import HomeScreen

        if len(self.screen_stack) > 2:
            await self.flush_screens()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    async def action_edit_shortcuts(self) -> None:
        from tui.screens.shortcuts_edit import ShortcutsEditScreen

        if self.session.account is not None and not isinstance(self.screen, ShortcutsEditScreen):
            await self.action_home()
            self.push_screen(ShortcutsEditScreen())
