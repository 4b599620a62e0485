"""The first login with a one-time password (issue 16): the terminal opens 修改密码 in a
forced mode that says why, Esc and the palette do not skip it, and after the change goes on
to 首页 — at a desk and in 展室模式. Pilot on the real server."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from api_client import TokenStore
from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.app import GsdjApp
from tui.kiosk import Kiosk
from tui.screens.home import HomeScreen
from tui.screens.password import ForcedPasswordScreen

NEW = "Hongqi2027"


def _new_member(server: ServerProcess, username: str) -> str:
    """A member added by 账号管理 (zb006's branch, 西街村: no other terminal test uses it, and a
    new member would change the attendee lists of a branch they do): its one-time password."""
    with server.client() as http:
        h = login(http, "zb006")
        branch = http.get("/api/v1/orgs/tree", headers=h).json()["id"]
        body = {"username": username, "display_name": "新同志", "kind": "member", "org_id": branch}
        made = http.post("/api/v1/accounts", headers=h, json=body)
        assert made.status_code == 201, made.text
        return str(made.json()["one_time_password"])


async def _change(pilot, old: str) -> None:  # type: ignore[no-untyped-def]
    for field, value in (("old", old), ("new", NEW), ("again", NEW)):
        widget = pilot.app.screen.query_one(f"#password-{field}", Input)
        widget.focus()
        await pilot.press(*value)
    await pilot.press("enter")
    await settle(pilot)


async def _forced_then_home(pilot, app: GsdjApp, password: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, ForcedPasswordScreen)
    assert strings.PASSWORD_FORCED_WHY in str(app.screen.query_one("#password-why").render())
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(app.screen, ForcedPasswordScreen)
    assert strings.PASSWORD_FORCED_STAY in str(app.screen.query_one("#password-message").render())
    await app.run_action("open('points')")  # the palette's way in is closed too
    await settle(pilot)
    assert isinstance(app.screen, ForcedPasswordScreen)
    await _change(pilot, password)
    assert isinstance(app.screen, HomeScreen)
    assert not app.session.account.must_change_password  # type: ignore[union-attr]


@pytest.mark.parametrize("kiosk", [False, True], ids=["desk", "kiosk"])
async def test_first_login_forces_the_password_change(
    sqlite_server: ServerProcess, kiosk: bool
) -> None:
    username = f"tf{int(kiosk)}first"
    password = _new_member(sqlite_server, username)
    if kiosk:
        app = GsdjApp(
            sqlite_server.url,
            tokens=TokenStore(persistent=True),
            kiosk=Kiosk(pin="2468", idle_seconds=300),
        )
    else:
        app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, username, password)
        await _forced_then_home(pilot, app, password)
    with sqlite_server.client() as http:
        assert login(http, username, NEW)
