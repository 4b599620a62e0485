"""添加账号 for 账号管理: the kind (of those the server offers here), then one form with the
username and the name. A refusal (a username taken) is said in the form, which keeps what was
typed and puts the cursor where the server's message points; the answer's one-time password is
shown once in a dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from contract import schemas
from tui import strings
from tui.widgets.ask import in_worker
from tui.widgets.choose import Choose

if TYPE_CHECKING:
    from tui.protocol import AppLike

# The server's refusals that are about the username (the cursor goes back there).
USERNAME_CODES = frozenset({"username_taken"})


class AddAccount(ModalScreen[schemas.OneTimePasswordOut | None]):
    """The form: Enter on the username goes to the name, Enter on the name sends; Esc closes."""

    DEFAULT_CSS = """
    AddAccount { align: center middle; }
    AddAccount > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    AddAccount Label { width: 100%; }
    AddAccount #add-message { height: auto; }
    AddAccount #add-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    app: AppLike  # type: ignore[assignment]

    def __init__(self, org: schemas.OrgRef, kind: str, kind_name: str) -> None:
        super().__init__()
        self.org = org
        self.kind = kind
        self.kind_name = kind_name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                strings.ACCOUNTS_ADD_TITLE.format(kind=self.kind_name, org=self.org.name),
                id="add-title",
                markup=False,
            )
            yield Label(strings.ACCOUNTS_ASK_USERNAME)
            yield Input(id="add-username", max_length=64)
            yield Label(strings.ACCOUNTS_ASK_NAME)
            yield Input(id="add-name", max_length=64)
            yield Label("", id="add-message", markup=False)
            yield Label(strings.ACCOUNTS_ADD_HINT, id="add-hint")

    def on_mount(self) -> None:
        self.query_one("#add-username", Input).focus()

    def say(self, message: str, *, error: bool) -> None:
        line = self.query_one("#add-message", Label)
        line.update(message)
        line.set_class(error, "error")

    @on(Input.Submitted, "#add-username")
    def _next(self) -> None:
        self.query_one("#add-name", Input).focus()

    @on(Input.Submitted, "#add-name")
    def _submit(self) -> None:
        self.send()

    @work(exclusive=True, group="add-account")
    async def send(self) -> None:
        from api_client import ApiError, ServerUnreachable

        fields = {f: self.query_one(f"#add-{f}", Input) for f in ("username", "name")}
        empty = next((box for box in fields.values() if not box.value.strip()), None)
        if empty is not None:
            self.say(strings.ACCOUNTS_ADD_EMPTY, error=True)
            empty.focus()
            return
        body = schemas.AccountCreateIn(
            username=fields["username"].value.strip(),
            display_name=fields["name"].value.strip(),
            kind=self.kind,
            org_id=self.org.id,
        )
        if self.app.connection != "online":
            self.say(strings.ACCOUNTS_ADD_OFFLINE, error=True)
            return
        self.say(strings.ACCOUNTS_ADD_SENDING, error=False)
        try:
            done = await self.app.session.client.add_account(body)
        except ServerUnreachable:
            self.app.went_offline()
            self.say(strings.ACCOUNTS_ADD_OFFLINE, error=True)
            return
        except ApiError as exc:
            if exc.status == 401:  # the token itself is gone: the app logs out and says so
                self.app.handle_api_error(exc)
                return
            self.say(exc.message, error=True)  # every field kept as typed
            if exc.code in USERNAME_CODES:
                fields["username"].focus()
            return
        self.dismiss(done)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_new_account(
    app: AppLike,
    answer: schemas.ManagedAccountsOut,
    made: Callable[[schemas.OneTimePasswordOut], None],
) -> None:
    names = {k.code: k.name for k in answer.may_add}

    def added(done: schemas.OneTimePasswordOut | None) -> None:
        if done is not None:
            made(done)

    async def with_kind(kind: str | None) -> None:
        if kind is not None:
            app.push_screen(AddAccount(answer.org, kind, names[kind]), added)

    kinds = list(names.items())
    if len(kinds) == 1:
        app.run_worker(with_kind(kinds[0][0]), group="dialog-answer")
    else:
        app.push_screen(Choose(strings.ACCOUNTS_ASK_KIND, kinds), in_worker(app, with_kind))
