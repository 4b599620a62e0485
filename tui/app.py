"""The Textual app: connection, login state and navigation. Screens live in tui/screens/."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import inspect
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer

from tui import strings, toast_fix  # noqa: F401  (a toast never gets a negative timeout)
from tui.commands import NavigationCommands, Palette, system_commands
from tui.controllers import sync
from tui.controllers.connection import Connection
from tui.controllers.kiosk_clock import KioskClock
from tui.controllers.notices import NoticeFeed
from tui.controllers.sync import Outcome, Sync
from tui.screens import registry
from tui.screens.login import LoginScreen

T = TypeVar("T")

if TYPE_CHECKING:
    from api_client import ApiError, GsdjClient, TokenStore
    from offline_cache.sync import SyncReport
    from tui.demo_server import DemoServer
    from tui.kiosk import Kiosk
    from tui.session import Session


def _keep_theme(theme: str) -> bool:
    """Write the theme into the settings file (a file the user may have to fix is left alone)."""
    from tui.settings import load_settings

    settings, warning = load_settings()
    if warning is not None:
        return False
    settings.theme = theme
    try:
        settings.save()
    except OSError:
        return False
    return True


# What counts as someone using the kiosk (resets the idle countdown).
INPUT_EVENTS = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
# What a locked kiosk screen (党建大屏 in 展室模式) refuses until the PIN is given: every way to
# another screen or to logging out (Ctrl+Q asks the PIN itself).
LOCKED_OUT = frozenset(
    {"command_palette", "guide", "search", "sync_screen", "notices", "logout", "open", "home",
     "edit_shortcuts", "restart_demo"}
)  # fmt: skip


class GsdjApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = strings.APP_TITLE
    # One provider, in our order: screens and actions, then the system commands (in Chinese).
    COMMANDS = {NavigationCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出程序", priority=True),
        # Textual adds ctrl+p as "palette" unless the app binds it: the footer shows this one.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            strings.PALETTE_KEY,
            show=False,
            priority=True,
            tooltip=strings.PALETTE_KEY_TOOLTIP,
        ),
        Binding("f1", "guide", "操作指南", show=False),
        # Ctrl+F: bound by no Textual widget (Input, TextArea, DataTable, OptionList, Tree);
        # not a priority binding, so that 首页's own (the same action) shows in its footer.
        Binding("ctrl+f", "search", strings.PALETTE_SEARCH, show=False),
        Binding("f6", "sync_screen", "同步", show=False),
        Binding("f7", "notices", "通知", show=False),
        Binding("f8", "toggle_theme", "浅色/深色", show=False),
        # Shown only while `gsdj --demo`'s bundled server is down (check_action).
        Binding("ctrl+r", "restart_demo", strings.DEMO_RESTART_KEY, priority=True),
    ]

    who: reactive[str] = reactive("")
    connection: reactive[str] = reactive("checking")
    # What the login screen shows under the form: (message, is_error).
    notice: reactive[tuple[str, bool]] = reactive(("", False))
    last_username: reactive[str] = reactive("")
    pending: reactive[int] = reactive(0)  # actions in the outbox the server has not answered
    kiosk_countdown: reactive[int | None] = reactive(None)  # seconds left before idle logout
    unread: reactive[int] = reactive(0)  # notices not yet read (header badge)
    NOTICE_POLL_SECONDS = 30.0
    # The kiosk's idle clock (monotonic); tests replace it.
    clock: Callable[[], float] = staticmethod(time.monotonic)
    DRAIN_RETRY_SECONDS = 3.0
    PIN_ASK_SECONDS = 60.0  # an unanswered PIN question goes away after this
    data_age: reactive[float | None] = reactive(None)  # fetch time of cached data on screen

    def __init__(
        self,
        server_url: str,
        *,
        tokens: TokenStore | None = None,
        demo: bool = False,
        theme: str | None = None,
        startup_warning: str | None = None,
        kiosk: Kiosk | None = None,
        demo_server: DemoServer | None = None,
        open_after_login: str | None = None,
    ) -> None:
        super().__init__()
        self.kiosk = kiosk
        # `gsdj --big-screen`: the registry code of the screen every login opens over 首页.
        self.open_after_login = open_after_login
        self.demo_server = demo_server  # `gsdj --demo`: the bundled server, to restart if it dies
        self._demo_offered = False
        self.link = Connection()
        self.outbox_sync = Sync()
        self.feed = NoticeFeed()
        self.idle: KioskClock | None = None  # while a kiosk user is logged in
        self._idle_timer: Timer | None = None
        self._notice_timer: Timer | None = None
        self.server_url = server_url.rstrip("/")
        self.demo = demo or demo_server is not None
        # A kiosk keeps the token in memory only: whatever store was passed, the keyring is not used.
        self._tokens = None if kiosk is not None else tokens
        self._session: Session | None = None
        # The age of the cached data each screen shows (None: the server's answer, or nothing
        # fetched): the header's 数据更新于 is the current screen's, not the last fetch's.
        self._ages: weakref.WeakKeyDictionary[Screen[Any], float | None] = (
            weakref.WeakKeyDictionary()
        )
        self._startup_warning = startup_warning
        self._recheck_timer: Timer | None = None
        if theme:
            self.theme = theme
        # F9 logs out (hands over, in 展室模式) from every screen; a kiosk shows it in every footer.
        self.bind("f9", "logout", description=strings.LOGOUT_BINDING, show=kiosk is not None)
        if kiosk is not None:
            # Quitting a kiosk is the administrator's (it asks for the PIN): its place in the
            # footer goes to F9, the key every member who walks away needs.
            keys = self._bindings.key_to_bindings
            # Restarting the demo server is not the business of the member at the reader.
            for key in ("ctrl+q", "ctrl+r"):
                keys[key] = [dataclasses.replace(b, show=False) for b in keys[key]]

    def on_mount(self) -> None:
        if self.kiosk is not None:
            self.add_class("-kiosk")
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.push_screen(LoginScreen())
        if self._startup_warning:
            self.notify(self._startup_warning, severity="warning", timeout=8)
        # After the first paint: loading the network stack would otherwise delay it.
        self.call_after_refresh(self.connect)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A page brought to the front says its own data's age; a dialog over a page leaves
        the page's (its header is the page's)."""
        from textual.screen import ModalScreen

        if not isinstance(screen, ModalScreen):
            self.data_age = self._ages.get(screen)

    def _record_age(self, age: float | None) -> None:
        """The age of what the asking screen now shows (the worker's screen, else the current
        one); the header shows it while that screen is in front."""
        from textual.worker import NoActiveWorker, get_current_worker

        try:
            node = get_current_worker().node
        except NoActiveWorker:
            node = self.screen
        screen: Screen[Any] = self.screen
        if isinstance(node, Screen):
            screen = node
        elif not isinstance(node, App):
            try:
                screen = node.screen  # a widget's worker: the screen it is on
            except Exception:  # detached meanwhile: nothing of it is shown
                return
        self._ages[screen] = age
        if screen is self._front():
            self.data_age = age

    def _front(self) -> Screen[Any] | None:
        """The page in front, under any dialogs."""
        from textual.screen import ModalScreen

        return next(
            (s for s in reversed(self.screen_stack) if not isinstance(s, ModalScreen)), None
        )

    async def on_unmount(self) -> None:
        if self._session is not None:
            await self._session.aclose()

    @property
    def session(self) -> Session:
        """The login session. Its modules (httpx, pydantic, keyring) load after the first paint."""
        if self._session is None:
            from api_client import TokenStore
            from tui.session import Session

            tokens = self._tokens or TokenStore(persistent=self.kiosk is None)
            data_root = self.kiosk.data_dir if self.kiosk is not None else None
            identity = None
            if self.demo_server is not None:
                from tui.demo_server import DEMO_IDENTITY

                identity = DEMO_IDENTITY
            self._session = Session(self.server_url, tokens, data_root, identity)
        return self._session

    # -- connection ----------------------------------------------------------------------------

    @work(exclusive=True, group="connect")
    async def connect(self) -> None:
        """Reach the server; resume a stored login when there is one."""
        self.link.checking()
        self.connection = self.link.state
        self.notice = (strings.CONNECTING.format(url=self.server_url), False)
        if self._session is None:
            # Import the network stack off the event loop, so input stays live meanwhile.
            await asyncio.to_thread(importlib.import_module, "tui.session")
        from api_client import ApiError, ServerUnreachable

        try:
            await self.session.check_server()
        except ServerUnreachable:
            self.went_offline()
            # A stored login works offline on what this terminal has cached.
            try:
                account = await self.session.resume()
            except ApiError:
                account = None
            if account is not None:
                self._enter_home()
            return
        try:
            account = await self.session.resume()
        except ServerUnreachable:
            self.went_offline()
            return
        except ApiError as exc:
            self.link.reached()
            self.connection = self.link.state
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
        start_probe = self.link.offline()
        self.connection = self.link.state
        if self._session is not None:
            self.session.client.offline = True
        if self.session.account is None:
            self.notice = (strings.UNREACHABLE_HINT.format(url=self.server_url), True)
        if start_probe:
            self._recheck_timer = self.set_interval(
                self.link.RECHECK_SECONDS, self._recheck, name="recheck"
            )
        self._offer_demo_restart()

    def came_online(self) -> None:
        was_offline, stop_probe = self.link.online()
        self.connection = self.link.state
        self.session.client.offline = False
        if stop_probe and self._recheck_timer is not None:
            self._recheck_timer.stop()
        self._recheck_timer = None
        if was_offline and self.session.outbox is not None:
            self.sync_in_background()
        if was_offline:
            # The page in front showed the cache (数据更新于 …): the server's answer replaces it.
            front = self._front()
            load = getattr(front, "load", None)
            if getattr(front, "RELOAD_WHEN_ONLINE", False) and callable(load):
                load()

    async def _recheck(self) -> None:
        if self.link.state == "checking":  # a connect (the user's F5) is under way: let it finish
            return
        if not await self.link.probe(self.session):
            self._offer_demo_restart()
            return
        if self.session.account is None:
            self.connect()
        else:
            self.came_online()

    def _warn_about_keyring(self) -> None:
        if self.session.tokens.warning:
            self.notify(strings.KEYRING_MISSING, severity="warning", timeout=8)
            self.session.tokens.warning = None  # say it once

    # -- `gsdj --demo`: the bundled server died ------------------------------------------------

    def _offer_demo_restart(self) -> None:
        """Once per death of the bundled server, ask whether to start it again; Ctrl+R (in the
        footer while it is down) does it any time."""
        demo = self.demo_server
        if demo is None or not demo.died or self._demo_offered:
            return
        from tui.widgets.confirm import Confirm

        self._demo_offered = True
        self.refresh_bindings()

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_restart_demo()
            else:
                self.notify(strings.DEMO_RESTART_LATER, severity="warning")

        self.push_screen(Confirm(strings.DEMO_SERVER_DIED), answered)

    @work(exclusive=True, group="demo")
    async def action_restart_demo(self) -> None:
        from tui.demo_server import DemoServerError

        demo = self.demo_server
        if demo is None or not demo.died:
            return
        self.notify(strings.DEMO_RESTARTING, timeout=3)
        try:
            url = await asyncio.to_thread(demo.start)
        except DemoServerError as exc:
            self.notify(str(exc), severity="error")
            return
        finally:
            self.refresh_bindings()
        self._demo_offered = False  # a later death is offered again
        if url != self.server_url:
            self.server_url = url.rstrip("/")
            self.session.use_server(self.server_url)
        self.notify(strings.DEMO_RESTARTED, timeout=3)
        if self.session.account is None:
            self.connect()
            return
        # The first request may meet a connection to the dead process: ask a few times.
        for _ in range(3):
            if await self.link.probe(self.session):
                self.came_online()
                return
            await asyncio.sleep(0.5)

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
        for notice in self.session.store_notices:
            self.notify(notice, severity="error", timeout=15)
        self.session.store_notices = []
        self._count_pending()
        if self.connection == "online":
            self.sync_in_background()  # what an earlier session of this user left unsent
        # A 群众 has no org ("群众 · 群众" said nothing twice); a branch account is named as its org.
        named = account.org is not None and account.org.name != account.display_name
        org = f" · {account.org.name}" if account.org is not None and named else ""
        # An admin account named after its kind (省委组织部管理员) says the kind once.
        kind = f"· {account.kind_name}" if account.kind_name != account.display_name else ""
        self.who = f"{account.display_name}({account.username}){kind}{org}"
        if account.must_change_password:
            # A one-time password: the server refuses everything else until it is changed.
            from tui.screens.password import ForcedPasswordScreen

            self.switch_screen(ForcedPasswordScreen())
            self._start_idle_watch()
            return
        self.switch_screen(HomeScreen())
        entry = registry.find(self.open_after_login or "")
        if entry is not None:
            self.push_screen(entry.build())  # over 首页, so that leaving it leads there
        self._start_idle_watch()
        self.feed.reset()
        self.poll_notices()
        if self._notice_timer is None:
            self._notice_timer = self.set_interval(
                self.NOTICE_POLL_SECONDS, self.poll_notices, name="notices"
            )
        welcome = strings.WELCOME.format(name=account.display_name)
        if earned := self.session.login_earned:
            welcome += "\n" + strings.POINTS_EARNED.format(name=earned.name, points=earned.points)
            self.session.login_earned = None
        self.notify(welcome, timeout=3)

    async def fetch(self, request: Callable[[GsdjClient], Awaitable[T]]) -> T | None:
        """One API call for a screen (or several, run concurrently inside `request`): its
        answer, or None once the error has been shown."""
        from api_client import ApiError, NotCached

        client = self.session.client
        try:
            answer, age = await client.answer(request)
        except NotCached:
            self.went_offline()
            self._say_not_cached()
            return None
        except ApiError as exc:
            self.handle_api_error(exc)
            return None
        if self._caller_gone():
            return None  # the screen that asked was closed meanwhile: nothing to show it on
        self._record_age(age)
        if client.offline and self.connection != "offline":
            self.went_offline()  # the request found the server gone and the cache answered
        return answer

    def _say_not_cached(self) -> None:
        """Offline, and the screen that asked has nothing cached: it says so in place (its
        `not_cached()`), or, for a screen without a place for it, a notification does."""
        from textual.worker import NoActiveWorker, get_current_worker

        try:
            node = get_current_worker().node
        except NoActiveWorker:
            node = self.screen
        screen = node if isinstance(node, Screen) else getattr(node, "screen", None)
        if isinstance(screen, Screen) and screen not in self.screen_stack:
            return
        say = getattr(screen, "not_cached", None)
        if say is not None:
            say()
        else:
            self.notify(strings.NOT_CACHED, severity="warning", timeout=6)

    async def fetch_fresh(
        self,
        request: Callable[[GsdjClient], Awaitable[T]],
        show: Callable[[T], Awaitable[object] | object],
    ) -> T | None:
        """A screen's data at once, then fresh: `show` the answer this terminal cached last time
        (the header says 数据更新于 … while it is the old one), then ask the server and `show`
        its answer in place, unless it is the same. Each `show` is one repaint. Answers the
        server's answer, or None once an error has been shown (the cached view stays, dated)."""
        from api_client import NotCached

        client = self.session.client
        shown: T | None = None
        if not client.offline:  # offline, `fetch` answers from the cache straight away
            try:
                preview, age = await client.answer(request, cached_only=True)
            except NotCached:
                pass
            else:
                if self._caller_gone():
                    return None
                self._record_age(age)
                await self._show(show, preview)
                shown = preview
                await self._painted()
        answer = await self.fetch(request)
        if answer is not None and (shown is None or answer != shown):
            await self._show(show, answer)
        return answer

    async def _painted(self) -> None:
        """Wait for the next paint, so that the request sent next (its own work on the event
        loop) does not hold the cached view back until the answer is in. Only from a worker:
        a message handler waiting here would hold up the paint it waits for."""
        from textual.worker import NoActiveWorker, get_current_worker

        try:
            get_current_worker()
        except NoActiveWorker:
            return
        painted = asyncio.Event()
        self.call_after_refresh(painted.set)
        await painted.wait()

    async def _show(self, show: Callable[[T], Awaitable[object] | object], value: T) -> None:
        with self.batch_update():  # the table, its line and the cursor in one repaint
            result = show(value)
            if inspect.isawaitable(result):
                await result

    def _caller_gone(self) -> bool:
        """True when called from a worker of a screen that is no longer on the stack."""
        from textual.worker import NoActiveWorker, get_current_worker

        try:
            node = get_current_worker().node
        except NoActiveWorker:
            return False
        screen = node if isinstance(node, Screen) else getattr(node, "screen", None)
        return isinstance(screen, Screen) and screen not in self.screen_stack

    # -- the outbox ----------------------------------------------------------------------------

    @work(exclusive=True, group="count")
    async def _count_pending(self) -> None:
        """Show how many actions wait in the outbox (counted off the event loop)."""
        self.pending = await self.outbox_sync.pending(self.session.outbox)

    async def mutate(self, kind: str, args: dict[str, object], note: str | None = None) -> Outcome:
        """A member action: written to the outbox first (on disk before anything says "saved"),
        then pushed at once when online. Answers the server's result, or that it is queued.
        `note` names what it is about for the 同步 screen ("支部党员大会 12-05")."""
        outbox = self.session.outbox
        if outbox is None:
            return sync.REFUSED
        mutation = await self.outbox_sync.add(outbox, kind, args, note)
        self._count_pending()
        if self.connection != "online":
            return sync.QUEUED
        return sync.outcome(mutation, await self.sync_now(quiet=True))

    async def sync_now(self, quiet: bool = False) -> SyncReport | None:
        """Push the outbox once (one push at a time); None when the server could not be reached."""
        from api_client import ApiError, ServerUnreachable, SessionExpired

        outbox = self.session.outbox
        if outbox is None:
            return None
        try:
            report = await self.outbox_sync.push(self.session.client, outbox)
        except ServerUnreachable:
            self.went_offline()
            return None
        except ApiError as exc:
            if not quiet or isinstance(exc, SessionExpired):
                self.handle_api_error(exc)
            return None
        finally:
            self._count_pending()
        if not quiet:
            for message, severity in sync.summary(report):
                timeout = 3 if severity == "information" else None
                self.notify(message, severity=severity, timeout=timeout)
        return report

    @work(exclusive=True, group="sync")
    async def sync_in_background(self) -> None:
        await self.sync_now()

    def action_sync_screen(self) -> None:
        from tui.screens.sync import SyncScreen

        if self.session.account is not None and not isinstance(self.screen, SyncScreen):
            self.push_screen(SyncScreen())

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

    async def action_logout(self) -> None:
        from tui.widgets.confirm import Confirm

        if self.session.account is None:
            return
        if self.kiosk is not None:
            self._logout()  # hand-over in one key: nothing to confirm, nothing stays
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._logout()

        await self.flush_screens()  # the player's progress is counted among what is unsent
        self.pending = await self.outbox_sync.pending(self.session.outbox)
        question = (
            strings.CONFIRM_LOGOUT_PENDING.format(n=self.pending)
            if self.pending
            else strings.CONFIRM_LOGOUT
        )
        self.push_screen(Confirm(question), answered)

    @work(exclusive=True, group="logout")
    async def _logout(self, message: str | None = None) -> None:
        await self._sign_out()
        self._back_to_login(
            message or (strings.KIOSK_HANDED_OVER if self.kiosk else strings.LOGGED_OUT)
        )

    async def _sign_out(self) -> None:
        """Save what screens hold, send the outbox, revoke the token. In kiosk mode, wait until
        the outbox is empty and then delete this user's cache and outbox from the disk."""
        self._stop_idle_watch()
        if self._notice_timer is not None:
            self._notice_timer.stop()
            self._notice_timer = None
        self.unread = 0
        await self.flush_screens()
        if self.connection == "online":
            await self.sync_now(quiet=True)
        if self.kiosk is not None:
            await self._drain_outbox()
        await self.session.logout(wipe=self.kiosk is not None)
        self.pending = 0
        self.data_age = None
        if self.kiosk is not None:
            self.last_username = ""
            self.clear_notifications()

    async def _drain_outbox(self) -> None:
        """Kiosk: nothing unsent may be left behind, and nothing may be lost: wait for the server."""
        from tui.widgets.waiting import Waiting

        outbox = self.session.outbox
        pending = await self.outbox_sync.pending(outbox)
        if not pending:
            return
        waiting = Waiting(strings.KIOSK_SYNC_WAIT.format(n=pending))
        self.push_screen(waiting)
        while pending:
            if self.connection == "online":
                await self.sync_now(quiet=True)
            else:
                await self._recheck()
            pending = await self.outbox_sync.pending(outbox)
            waiting.show(strings.KIOSK_SYNC_WAIT.format(n=pending))
            if pending:
                await asyncio.sleep(self.DRAIN_RETRY_SECONDS)
        waiting.dismiss()

    async def action_toggle_theme(self) -> None:
        """Light or dark, kept in the settings file for the next start (not in a kiosk)."""
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"
        if self.kiosk is None and not await asyncio.to_thread(_keep_theme, self.theme):
            self.notify(strings.SETTINGS_NOT_SAVED, severity="warning")

    # -- notices ---------------------------------------------------------------------------------

    @work(exclusive=True, group="notices")
    async def poll_notices(self) -> None:
        """New meeting notices, review results and approvals, in the background: a notification
        for each new one (the first poll after login only sets the badge) and the unread badge."""
        if self.session.account is None or self.connection != "online":
            return
        # An error waits for the next poll (a screen's own request reports errors); an answer
        # that comes after a logout is dropped. A server gone is said at once in the header.
        from api_client import ServerUnreachable

        try:
            got = await self.feed.poll(
                self.session.client, lambda: self.session.account is not None
            )
        except ServerUnreachable:
            if self.session.account is not None and self.connection == "online":
                self.went_offline()
            return
        if got is None:
            return
        for text in got.fresh:
            self.notify(text, title=strings.NOTICES_TITLE, timeout=8)
        if got.more:
            self.notify(strings.NOTICES_MORE.format(n=got.more), timeout=8)
        self.unread = got.unread

    def action_notices(self) -> None:
        from tui.screens.notices import NoticesScreen

        if self.session.account is not None and not isinstance(self.screen, NoticesScreen):
            self.push_screen(NoticesScreen())

    # -- kiosk: idle logout ----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if self.idle is not None and isinstance(event, INPUT_EVENTS):
            self.idle.touched()
            self.kiosk_countdown = None
        await super().on_event(event)

    def _start_idle_watch(self) -> None:
        if self.kiosk is not None and self._idle_timer is None:
            kiosk = self.kiosk
            self.idle = KioskClock(
                kiosk.idle_seconds, kiosk.countdown_seconds, lambda: self.clock()
            )
            self._idle_timer = self.set_interval(1, self._idle_tick, name="idle")

    def _stop_idle_watch(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None
        self.idle = None
        self.kiosk_countdown = None

    def _idle_tick(self) -> None:
        if self.idle is None or self.session.account is None:
            return
        if self._unattended():
            # 党建大屏 runs with nobody at the keys: it is not idle, it is doing its job.
            self.idle.touched()
            self.kiosk_countdown = None
            return
        state = self.idle.tick()
        if state.log_out:
            self._stop_idle_watch()
            self._logout(strings.KIOSK_IDLE_LOGOUT)
        else:
            self.kiosk_countdown = state.countdown

    # -- the command palette -----------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, Palette):
            self.push_screen(Palette())

    # -- navigation ----------------------------------------------------------------------------

    async def flush_screens(self) -> None:
        """Let open screens save what they hold (the player's unsaved progress) before they go."""
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush", None)
            if flush is not None:
                await flush()

    def _unattended(self) -> bool:
        """A screen meant to run with nobody at the keys (党建大屏) is on the stack."""
        return any(getattr(s, "UNATTENDED", False) for s in self.screen_stack)

    def _kiosk_locked(self) -> bool:
        """展室模式 with a locked screen on the stack (党建大屏 showing its figures): nothing may
        open over it or lead away from it but the PIN (it sits only under the PIN question)."""
        return self.kiosk is not None and any(
            getattr(s, "kiosk_locked", False) for s in self.screen_stack
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in LOCKED_OUT and self._kiosk_locked():
            return False
        # F9 is offered while someone is logged in (the login screen has nobody to log out).
        if action == "logout":
            return self._session is not None and self._session.account is not None
        # Ctrl+R is offered only while the bundled demo server is down.
        if action == "restart_demo":
            return self.demo_server is not None and self.demo_server.died
        return True

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's hint that it does not quit), in Chinese."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                mods, _, last = key.rpartition("+")
                display = "+".join([*(m.capitalize() for m in mods.split("+") if m), last.upper()])
                self.notify(strings.QUIT_HINT.format(key=display), title=strings.QUIT_HINT_TITLE)
                return

    async def action_quit(self) -> None:
        if self.kiosk is None:
            await self.flush_screens()
            pending = await self.outbox_sync.pending(self.session.outbox)
            if not pending or self.session.account is None:
                self.exit()
                return
            from tui.widgets.quit_ask import Choice, QuitAsk

            if isinstance(self.screen, QuitAsk):
                return

            def chosen(choice: Choice | None) -> None:
                if choice == "quit":
                    self.exit()
                elif choice == "sync":
                    self._sync_then_quit()

            self.push_screen(QuitAsk(pending), chosen)
            return
        self.ask_kiosk_pin(self._leave_kiosk)

    def ask_kiosk_pin(self, then: Callable[[], object], question: str | None = None) -> None:
        """展室模式's rule for leaving (the program, or a locked screen): ask the administrator's
        PIN and go on with `then` only when it is right; a wrong one says so and stays. A
        question nobody answers goes away by itself (a passer-by's Esc must not leave 党建大屏
        behind a PIN box for good)."""
        from tui.widgets.ask import AskText

        kiosk = self.kiosk
        if kiosk is None:
            then()
            return

        def answered(pin: str | None) -> None:
            if pin is None:
                return
            if pin != kiosk.pin:
                self.notify(strings.KIOSK_PIN_WRONG, severity="error")
                return
            then()

        ask = AskText(question or strings.KIOSK_PIN_ASK, max_length=40, password=True)
        self.push_screen(ask, answered)

        def unanswered() -> None:
            if ask.is_current:
                ask.dismiss(None)

        self.set_timer(self.PIN_ASK_SECONDS, unanswered, name="pin-ask")

    @work(exclusive=True, group="quit")
    async def _sync_then_quit(self) -> None:
        """Ctrl+Q → 先同步再退出: quit when nothing is left; otherwise stay and say so."""
        if self.connection != "online":
            await self._recheck()
        if self.connection == "online":
            await self.sync_now(quiet=True)
        left = await self.outbox_sync.pending(self.session.outbox)
        if not left:
            self.exit()
            return
        self.notify(strings.QUIT_SYNC_LEFT.format(n=left), severity="warning", timeout=8)

    @work(exclusive=True, group="logout")
    async def _leave_kiosk(self) -> None:
        if self.session.account is not None:
            await self._sign_out()
        self.exit()

    def password_pending(self) -> bool:
        """Logged in with a one-time password not yet changed: only 修改密码 is open."""
        account = self.session.account
        return account is not None and account.must_change_password

    def first_login_done(self) -> None:
        """The one-time password was changed: on to 首页."""
        self._enter_home()

    async def action_open(self, code: str) -> None:
        """Open a screen by its shortcut code (also used by the command palette)."""
        entry = registry.find(code)
        if entry is None or (not entry.public and self.session.account is None):
            return
        if self.password_pending():
            self.notify(strings.PASSWORD_FORCED_STAY, severity="warning")
            return
        screen = entry.build()
        if type(self.screen) is type(screen):
            return
        if self.session.account is not None:
            await self.action_home()  # screens open from home, so Esc always leads back there
        self.push_screen(screen)

    def action_guide(self) -> None:
        """F1: the 操作指南 at the section of the screen it was pressed on; Esc returns there."""
        from tui.screens.guide import GuideScreen, guide_for

        if not isinstance(self.screen, GuideScreen):
            self.push_screen(guide_for(list(self.screen_stack)))

    def action_search(self) -> None:
        """Ctrl+F: the search dialog over the screen it was pressed on (Esc returns there)."""
        from tui.screens.search import SearchDialog

        if self.password_pending() or isinstance(self.screen, SearchDialog):
            return
        self.push_screen(SearchDialog())

    async def action_home(self) -> None:
        from tui.screens.home import HomeScreen

        if len(self.screen_stack) > 2:
            await self.flush_screens()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    async def action_edit_shortcuts(self) -> None:
        from tui.screens.shortcuts_edit import ShortcutsEditScreen

        if self.password_pending():
            return
        if self.session.account is not None and not isinstance(self.screen, ShortcutsEditScreen):
            await self.action_home()
            self.push_screen(ShortcutsEditScreen())
