"""添加账号 for 账号管理: the kind (of those the server offers here), the username and the name,
one question at a time; the answer's one-time password is shown once in a dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from contract import schemas
from tui import strings
from tui.widgets.ask import AskText, in_worker
from tui.widgets.choose import Choose

if TYPE_CHECKING:
    from tui.protocol import AppLike


def ask_new_account(
    app: AppLike,
    answer: schemas.ManagedAccountsOut,
    made: Callable[[schemas.OneTimePasswordOut], None],
) -> None:

    async def with_kind(kind: str | None) -> None:
        if kind is None:
            return

        async def with_username(username: str | None) -> None:
            if not username:
                return

            async def with_name(name: str | None) -> None:
                if not name:
                    return
                body = schemas.AccountCreateIn(
                    username=username, display_name=name, kind=kind, org_id=answer.org.id
                )
                done = await app.fetch(lambda c: c.add_account(body))
                if done is not None:
                    made(done)

            app.push_screen(AskText(strings.ACCOUNTS_ASK_NAME, max_length=64),
                            in_worker(app, with_name))  # fmt: skip

        app.push_screen(AskText(strings.ACCOUNTS_ASK_USERNAME, max_length=64),
                        in_worker(app, with_username))  # fmt: skip

    kinds = [(k.code, k.name) for k in answer.may_add]
    if len(kinds) == 1:
        app.run_worker(with_kind(kinds[0][0]), group="dialog-answer")
    else:
        app.push_screen(Choose(strings.ACCOUNTS_ASK_KIND, kinds), in_worker(app, with_kind))
