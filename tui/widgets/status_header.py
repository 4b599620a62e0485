"""The header: app title, who is logged in, and the connection state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui import strings
from tui.format import when_short


class StatusHeader(Horizontal):
    DEFAULT_CSS = """
    StatusHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    StatusHeader > #title { width: auto; padding: 0 1; text-style: bold; color: $accent; }
    /* One line: a long org name ends in … rather than wrapping out of sight. */
    StatusHeader > #who { width: 1fr; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusHeader > #link { width: auto; padding: 0 1; }
    StatusHeader > #age { width: auto; padding: 0 1; color: $text-muted; }
    StatusHeader > #pending { width: auto; padding: 0 1; color: $warning; text-style: bold; }
    StatusHeader > #countdown { width: auto; padding: 0 1; color: $error; text-style: bold reverse; }
    StatusHeader > #unread { width: auto; padding: 0 1; color: $accent; text-style: bold; }
    StatusHeader > #kiosk { width: auto; padding: 0 1; color: $accent; }
    StatusHeader > #link.offline { color: $error; }
    StatusHeader > #link.online { color: $success; }
    """

    def compose(self) -> ComposeResult:
        yield Static(strings.APP_TITLE, id="title")
        yield Static("", id="who")
        yield Static("", id="countdown")
        yield Static("", id="unread")
        yield Static("", id="kiosk")
        yield Static("", id="age")
        yield Static("", id="pending")
        yield Static(strings.CHECKING, id="link")

    def on_mount(self) -> None:
        self.watch(self.app, "who", self._show_who)
        self.watch(self.app, "connection", self._show_connection)
        self.watch(self.app, "pending", self._show_pending)
        self.watch(self.app, "data_age", self._show_age)
        self.watch(self.app, "kiosk_countdown", self._show_countdown)
        self.watch(self.app, "unread", self._show_unread)
        if getattr(self.app, "kiosk", None) is not None:
            self.query_one("#kiosk", Static).update(strings.KIOSK_BADGE)

    def _show_unread(self, n: int) -> None:
        self.query_one("#unread", Static).update(strings.NOTICES_BADGE.format(n=n) if n else "")

    def _show_countdown(self, seconds: int | None) -> None:
        text = strings.KIOSK_COUNTDOWN.format(n=seconds) if seconds is not None else ""
        self.query_one("#countdown", Static).update(text)

    def _show_who(self, who: str) -> None:
        self.query_one("#who", Static).update(who)

    def _show_connection(self, state: str) -> None:
        link = self.query_one("#link", Static)
        label = {"online": strings.ONLINE, "offline": strings.OFFLINE}.get(state, strings.CHECKING)
        mark = {"online": "●", "offline": "○"}.get(state, "…")
        link.update(f"{mark} {label}")
        link.set_class(state == "online", "online")
        link.set_class(state == "offline", "offline")

    def _show_pending(self, n: int) -> None:
        self.query_one("#pending", Static).update(strings.PENDING_BADGE.format(n=n) if n else "")

    def _show_age(self, fetched_at: float | None) -> None:
        when = when_short(fetched_at)
        self.query_one("#age", Static).update(strings.DATA_AGE.format(when=when) if when else "")
