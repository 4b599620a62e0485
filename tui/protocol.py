"""What screens, widgets and the command palette use of the app, as a Protocol.

Screens type `self.app` as `AppLike`, never as the concrete `tui.app.GsdjApp`: the app imports
the screens (lazily), so a screen importing the app, even for its type, would close an import
circle (tests/tui/test_import_graph.py keeps it open). Textual's own `App` methods that screens
call are listed too, so one type covers both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from api_client import ApiError, GsdjClient
    from offline_cache.sync import SyncReport
    from tui.controllers.sync import Outcome
    from tui.kiosk import Kiosk
    from tui.session import Session

T = TypeVar("T")


class AppLike(Protocol):
    server_url: str
    demo: bool
    kiosk: Kiosk | None
    open_after_login: str | None  # `gsdj --big-screen`: the screen every login opens
    connection: str  # "checking", "online" or "offline"
    data_age: float | None  # the fetch time of the cached answer `fetch` gave last; None: fresh
    unread: int  # the header's badge; the notices screen clears it

    @property
    def session(self) -> Session: ...

    async def fetch(self, request: Callable[[GsdjClient], Awaitable[T]]) -> T | None:
        """One API call: its answer, or None once the error has been shown."""
        ...

    async def fetch_fresh(
        self,
        request: Callable[[GsdjClient], Awaitable[T]],
        show: Callable[[T], Awaitable[object] | object],
    ) -> T | None:
        """The cached answer shown at once (dated in the header), then the server's in place."""
        ...

    async def mutate(self, kind: str, args: dict[str, object], note: str | None = None) -> Outcome:
        """A member action through the outbox: applied, queued, rejected or refused."""
        ...

    async def sync_now(self, quiet: bool = False) -> SyncReport | None: ...

    def handle_api_error(self, exc: ApiError) -> None: ...

    def went_offline(self) -> None: ...

    def connect(self) -> object: ...

    async def login(self, username: str, password: str) -> str | None: ...

    async def action_open(self, code: str) -> None: ...

    async def action_home(self) -> None: ...

    def ask_kiosk_pin(self, then: Callable[[], object], question: str | None = None) -> None:
        """展室模式: `then` once the administrator's PIN was given (at once outside a kiosk)."""
        ...

    def password_pending(self) -> bool: ...

    def first_login_done(self) -> None: ...

    async def flush_screens(self) -> None: ...

    # Textual's App, the part screens call.
    @property
    def screen(self) -> Screen[object]: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def push_screen(
        self,
        screen: Screen[Any] | str,
        callback: Callable[[Any], Any] | None = None,
        wait_for_dismiss: bool = False,
    ) -> Any: ...

    def pop_screen(self) -> Any: ...

    def switch_screen(self, screen: Screen[Any] | str) -> Any: ...

    def run_worker(self, work: Any, name: str | None = "", group: str = "default") -> Any: ...

    async def run_action(self, action: str, default_namespace: Any = None) -> bool: ...

    def open_url(self, url: str, *, new_tab: bool = True) -> None: ...

    @property
    def is_web(self) -> bool: ...
