"""修改密码: the old password and the new one twice, all masked. The server decides whether the
new one is strong enough and says why not; on success it ends the account's logins elsewhere and
this terminal keeps going on the new token it answers."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from tui import strings
from tui.screens.base import PageScreen
from tui.widgets.masked_input import MaskedInput

FIELDS = ("old", "new", "again")


class PasswordScreen(PageScreen):
    TITLE_TEXT = strings.PASSWORD_TITLE
    BINDINGS = [Binding("ctrl+s", "submit", "提交")]

    def body(self) -> ComposeResult:
        for field, label in zip(
            FIELDS,
            (strings.PASSWORD_OLD, strings.PASSWORD_NEW, strings.PASSWORD_AGAIN),
            strict=True,
        ):
            yield Label(label, classes="field-label")
            yield MaskedInput(password=True, id=f"password-{field}", max_length=256)
        yield Static("", id="password-message")
        yield Static(strings.PASSWORD_HINT, classes="hint")
        yield Static(self.KEYS_TEXT, classes="hint")

    KEYS_TEXT = strings.PASSWORD_KEYS

    def on_mount(self) -> None:
        self.query_one("#password-old", Input).focus()

    def value(self, field: str) -> str:
        return self.query_one(f"#password-{field}", Input).value

    def say(self, message: str, *, error: bool) -> None:
        line = self.query_one("#password-message", Static)
        line.update(message)
        line.set_class(error, "error")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        field = (event.input.id or "").removeprefix("password-")
        if field == FIELDS[-1]:
            self.action_submit()
        else:
            self.query_one(f"#password-{FIELDS[FIELDS.index(field) + 1]}", Input).focus()

    @work(exclusive=True, group="password")
    async def action_submit(self) -> None:
        from api_client import ApiError, ServerUnreachable

        old, new, again = (self.value(f) for f in FIELDS)
        if not old or not new:
            self.say(strings.PASSWORD_EMPTY, error=True)
            return
        if new != again:  # a typing check; the rule itself is the server's
            self.say(strings.PASSWORD_MISMATCH, error=True)
            self.query_one("#password-again", Input).focus()
            return
        if self.app.connection != "online":
            self.say(strings.PASSWORD_OFFLINE, error=True)
            return
        self.say(strings.PASSWORD_SENDING, error=False)
        try:
            result = await self.app.session.change_password(old, new)
        except ServerUnreachable:
            self.app.went_offline()
            self.say(strings.PASSWORD_OFFLINE, error=True)
            return
        except ApiError as exc:
            if exc.status == 401:  # the token itself is gone: the app logs out and says so
                self.app.handle_api_error(exc)
                return
            self.say(exc.message, error=True)
            wrong = "#password-old" if exc.code == "wrong_password" else "#password-new"
            self.query_one(wrong, Input).focus()
            return
        for field in FIELDS:
            self.query_one(f"#password-{field}", Input).value = ""
        self.say(result.message, error=False)
        self.notify(result.message, timeout=6)
        self.changed()

    def changed(self) -> None:
        """After a change: the ordinary screen stays where it is."""


class ForcedPasswordScreen(PasswordScreen):
    """The first login with a one-time password: says why, Esc does not skip it (only F9
    logout or quitting leave), and a successful change goes on to 首页."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "提交"),
        Binding("escape", "stay", "须先修改密码"),
    ]

    KEYS_TEXT = strings.PASSWORD_FORCED_KEYS

    def body(self) -> ComposeResult:
        yield Static(strings.PASSWORD_FORCED_WHY, id="password-why", classes="error")
        yield from super().body()

    def action_stay(self) -> None:
        self.say(strings.PASSWORD_FORCED_STAY, error=True)

    def changed(self) -> None:
        account = self.app.session.account
        if account is not None:
            account.must_change_password = False
            cache = self.app.session.client.cache
            if cache is not None:
                cache.put("/api/v1/me", account.model_dump_json())
        self.app.first_login_done()
