"""The header: app title, who is logged in, and the connection state."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui import strings


class StatusHeader(Horizontal):
    DEFAULT_CSS = """
    StatusHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    StatusHeader > #title { width: auto; padding: 0 1; text-style: bold; color: $accent; }
    StatusHeader > #who { width: 1fr; padding: 0 1; }
    StatusHeader > #link { width: auto; padding: 0 1; }
    StatusHeader > #link.offline { color: $error; }
    StatusHeader > #link.online { color: $success; }
    """

    def compose(self) -> ComposeResult:
        yield Static(strings.APP_TITLE, id="title")
        yield Static("", id="who")
        yield Static(strings.CHECKING, id="link")

    def on_mount(self) -> None:
        self.watch(self.app, "who", self._show_who)
        self.watch(self.app, "connection", self._show_connection)

    def _show_who(self, who: str) -> None:
        self.query_one("#who", Static).update(who)

    def _show_connection(self, state: str) -> None:
        link = self.query_one("#link", Static)
        label = {"online": strings.ONLINE, "offline": strings.OFFLINE}.get(state, strings.CHECKING)
        mark = {"online": "●", "offline": "○"}.get(state, "…")
        link.update(f"{mark} {label}")
        link.set_class(state == "online", "online")
        link.set_class(state == "offline", "offline")
