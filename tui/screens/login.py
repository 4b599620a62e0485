"""登录: username and password, with the server's answer shown in Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from tui import strings
from tui.widgets.masked_input import MaskedInput
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike


class LoginScreen(Screen[None]):
    BINDINGS = [
        Binding("f5", "retry", "重试连接"),
        Binding("f1", "app.guide", "操作指南"),
        Binding("f2", "app.open('news')", "浏览资讯"),
        # 心愿树 is also the first entry of 党群服务 (F6): the footer has room for one of them.
        Binding("f3", "app.open('vanguard')", "心愿树", show=False),
        Binding("f4", "app.open('study')", "学习中心"),
        Binding("f6", "app.open('party_services')", "党群服务"),
    ]

    app: AppLike  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with VerticalScroll(id="login-scroll"), Vertical(id="login-box"):
            yield Label("登录 " + strings.APP_TITLE, id="login-title")
            yield Input(placeholder=strings.FIELD_USERNAME, id="username", max_length=64)
            yield MaskedInput(placeholder="密码", password=True, id="password", max_length=256)
            yield Button("登录", id="login", variant="primary")
            yield Static("", id="login-message")
            yield Static(strings.SERVER_LINE.format(url=self.app.server_url), id="server-line")
            if self.app.kiosk is not None:
                minutes = round(self.app.kiosk.idle_seconds / 60)
                yield Static(strings.KIOSK_LOGIN_HINT.format(minutes=minutes), id="kiosk-hint")
            if self.app.open_after_login == "big_screen":
                yield Static(strings.BIG_STARTS_HINT, id="big-screen-hint")
            if self.app.demo:
                yield Static(strings.DEMO_HINT, id="demo-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()
        self.watch(self.app, "notice", self._show_notice)
        self.watch(self.app, "last_username", self._prefill)

    def _show_notice(self, notice: tuple[str, bool]) -> None:
        self.say(*notice)

    def _prefill(self, username: str) -> None:
        field = self.query_one("#username", Input)
        if username and not field.value:
            field.value = username
            self.query_one("#password", Input).focus()

    def say(self, message: str, error: bool = False) -> None:
        box = self.query_one("#login-message", Static)
        box.update(message)
        box.set_class(error, "error")

    def action_retry(self) -> None:
        self.app.connect()

    @on(Input.Submitted, "#username")
    def _next_field(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login")
    def _submit(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not username:
            self.say(strings.NEED_USERNAME, error=True)
            self.query_one("#username", Input).focus()
            return
        if not password:
            self.say(strings.NEED_PASSWORD, error=True)
            self.query_one("#password", Input).focus()
            return
        self.say(strings.LOGGING_IN)
        self.query_one("#login", Button).disabled = True
        self._login(username, password)

    @work(exclusive=True, group="login")
    async def _login(self, username: str, password: str) -> None:
        error = await self.app.login(username, password)
        self.query_one("#login", Button).disabled = False
        if error is not None:
            self.say(error, error=True)
            password_field = self.query_one("#password", Input)
            password_field.value = ""
            password_field.focus()
