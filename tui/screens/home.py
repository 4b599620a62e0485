"""首页: the user's 首页功能区 shortcut buttons, stored on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Label, Static

from contract import schemas
from tui import strings
from tui.screens import registry
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "app.edit_shortcuts", "编辑功能区"),
        Binding("f1", "app.guide", "操作指南"),
        # The app's Ctrl+F (every screen) named where a person starts.
        Binding("ctrl+f", "app.search", "搜索"),
        Binding("f9", "app.logout", "退出登录"),
        *[Binding(str(n), f"press({n})", show=False) for n in range(1, 10)],
    ]

    app: AppLike  # type: ignore[assignment]
    shown: schemas.ShortcutsOut | None = None  # what the buttons show now

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with VerticalScroll(id="home"):
            yield Label(strings.HOME_TITLE, id="home-title", classes="screen-title")
            yield Grid(id="shortcuts")
            yield Static("", id="home-message")
        yield Footer(compact=True)

    def on_screen_resume(self) -> None:
        # Every time home comes back (first show, after the editor, after another screen):
        # the shortcuts live on the server and may have changed from another terminal.
        self.load()

    @work(exclusive=True, group="home")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda client: client.shortcuts(), self.show)

    async def show(self, result: schemas.ShortcutsOut) -> None:
        if result == self.shown:
            return  # back from a screen, nothing changed: keep the buttons (and the focus)
        self.shown = result
        grid = self.query_one("#shortcuts", Grid)
        await grid.remove_children()
        buttons = []
        for n, item in enumerate(result.items, start=1):
            key = f"{n} " if n <= 9 else ""
            button = Button(f"{key}{item.name}", id=f"shortcut-{item.code}", classes="shortcut")
            button.shortcut_code = item.code  # type: ignore[attr-defined]
            if registry.find(item.code) is None:
                button.disabled = True
                button.tooltip = strings.SHORTCUT_UNSUPPORTED.format(name=item.name)
            buttons.append(button)
        await grid.mount_all(buttons)
        self.query_one("#home-message", Static).update("" if buttons else strings.HOME_EMPTY)
        if buttons:
            buttons[0].focus()

    def action_press(self, n: int) -> None:
        buttons = list(self.query("#shortcuts Button").results(Button))
        if 0 < n <= len(buttons) and not buttons[n - 1].disabled:
            buttons[n - 1].press()

    @on(Button.Pressed, ".shortcut")
    async def _open(self, event: Button.Pressed) -> None:
        await self.app.action_open(event.button.shortcut_code)  # type: ignore[attr-defined]
