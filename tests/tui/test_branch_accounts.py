"""我的支部 and 账号管理 in the terminal (issue 16), at 80×24 on the real server: the edit keys
only where the server allows them, a one-time password shown once in a dialog."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.accounts import AccountsScreen
from tui.screens.branch import BranchScreen
from tui.widgets.choose import Choose, ShowOnce
from tui.widgets.confirm import Confirm


def _keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {k for k, b in app.screen.active_bindings.items() if b.binding.show}


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def test_a_member_reads_my_branch_without_edit_keys(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy001")
        await app.run_action("open('branch')")
        await settle(pilot)
        assert isinstance(app.screen, BranchScreen)
        assert "书记" in _text(app.screen, "#branch-committee")
        assert "组织生活" in _text(app.screen, "#branch-tally")
        assert not {"l", "g", "r", "w"} & _keys(app)


async def test_the_branch_admin_sets_the_field_and_adds_a_group(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb005")
        await app.run_action("open('branch')")
        await settle(pilot)
        assert {"l", "g", "r", "w"} <= _keys(app)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, Choose)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 6
        options.highlighted = 1  # 机关
        await pilot.press("enter")
        await settle(pilot)
        assert "领域:机关" in _text(app.screen, "#branch-head")
        await pilot.press("g")
        await settle(pilot)
        app.screen.query_one(Input).focus()
        await pilot.press(*"终端党小组", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BranchScreen)
        assert "终端党小组" in _text(app.screen, "#branch-groups")


async def test_accounts_reset_shows_the_one_time_password_once_and_disable(
    sqlite_server: ServerProcess,
) -> None:
    with sqlite_server.client() as http:
        h = login(http, "zb005")
        branch = http.get("/api/v1/orgs/tree", headers=h).json()["id"]
        body = {
            "username": "tpacc1",
            "display_name": "终端新人",
            "kind": "member",
            "org_id": branch,
        }
        assert http.post("/api/v1/accounts", headers=h, json=body).status_code == 201
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb005")
        await app.run_action("open('accounts')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        assert screen.answer is not None
        row = next(i for i, a in enumerate(screen.answer.items) if a.username == "tpacc1")
        screen.table.move_cursor(row=row)
        await settle(pilot)
        # The account's keys in the footer; the membership keys this row allows under the
        # table (a branch admin moves no one to another branch).
        assert {"a", "d", "p"} <= _keys(app)
        assert _text(screen, "#accounts-keys") == "G 党小组 · W 委员职位"
        # 重置 and 停用 end the account's sessions: each asks first, and N changes nothing.
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "重置 终端新人(tpacc1)的密码" in _text(app.screen, "#question")
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ShowOnce)
        secret = app.screen.secret
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "停用账号 终端新人(tpacc1)" in _text(app.screen, "#question")
        await pilot.press("escape")
        await settle(pilot)
        assert screen.answer is not None
        assert next(a for a in screen.answer.items if a.username == "tpacc1").active is True
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen and screen.answer is not None
        assert next(a for a in screen.answer.items if a.username == "tpacc1").active is False
    with sqlite_server.client() as http:
        refused = http.post("/api/v1/auth/login", json={"username": "tpacc1", "password": secret})
        assert refused.status_code == 403


async def test_accounts_add_asks_username_and_name_and_shows_the_password_once(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb005")
        await app.run_action("open('accounts')")
        await settle(pilot)
        await pilot.press("a")  # a branch admin adds 党员 only: no kind to choose
        await settle(pilot)
        await pilot.press(*"tpadd1", "enter")
        await settle(pilot)
        await pilot.press(*"终端添加", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ShowOnce)
        secret = app.screen.secret
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen) and app.screen.answer is not None
        assert any(a.username == "tpadd1" for a in app.screen.answer.items)
    with sqlite_server.client() as http:
        first = http.post("/api/v1/auth/login", json={"username": "tpadd1", "password": secret})
        assert first.status_code == 200 and first.json()["must_change_password"] is True


async def test_end_and_home_go_to_the_last_and_the_first_account(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('accounts')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen) and screen.answer is not None
        rows = screen.table.row_count
        assert rows >= 3 and screen.table.has_focus
        await pilot.press("end")
        await pilot.pause()
        assert screen.table.cursor_row == rows - 1
        assert screen.cursor_key() == str(screen.answer.items[-1].id)
        await pilot.press("up", "home")
        await pilot.pause()
        assert screen.table.cursor_row == 0
        assert screen.cursor_key() == str(screen.answer.items[0].id)


async def test_the_group_and_position_pickers_name_the_person(
    sqlite_server: ServerProcess,
) -> None:
    """Whose 党小组 (委员职位) is being set is in the picker's title, not only under a cursor
    the picker covers. Esc changes nothing."""
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('accounts')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen) and screen.answer is not None
        row = next(i for i, a in enumerate(screen.answer.items) if a.username == "dy002")
        screen.table.move_cursor(row=row)
        await settle(pilot)
        name = screen.answer.items[row].display_name
        for key, asks in (("g", "党小组"), ("w", "委员职位")):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, Choose)
            assert _text(app.screen, "#choose-question").startswith(f"设置 {name}(dy002)的{asks}")
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is screen

    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('branch')")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, Choose)
        member = app.screen.choices[0][1].split()[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, Choose)
        assert _text(app.screen, "#choose-question").startswith(f"设置 {member}的委员职位")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BranchScreen)


def _highlighted(screen) -> str | None:  # type: ignore[no-untyped-def]
    options = screen.query_one(OptionList)
    assert options.highlighted is not None
    option = options.get_option_at_index(options.highlighted)
    assert str(option.prompt).endswith("(当前)"), option.prompt  # in words, not colour alone
    return option.id


async def test_pickers_open_on_the_current_value(sqlite_server: ServerProcess) -> None:
    """领域, 党小组 and 委员职位 open on what the branch or the person has now (not the first
    item, which Enter would then set by mistake). Esc changes nothing."""
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('branch')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BranchScreen) and screen.profile is not None
        profile = screen.profile
        assert profile.field and profile.field != profile.fields[0].code  # 机关, not the first
        await pilot.press("l")
        await settle(pilot)
        assert _highlighted(app.screen) == profile.field
        await pilot.press("escape")
        await settle(pilot)
        secretary = next(c for c in profile.committee if c.position == "书记")
        await pilot.press("w")
        await settle(pilot)
        members = [key for key, _ in app.screen.choices]  # type: ignore[attr-defined]
        app.screen.query_one(OptionList).highlighted = members.index(str(secretary.account_id))
        await pilot.press("enter")
        await settle(pilot)
        assert _highlighted(app.screen) == secretary.position_code
        await pilot.press("escape")
        await settle(pilot)

    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('accounts')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen) and screen.answer is not None
        row = next(i for i, a in enumerate(screen.answer.items) if a.username == "dy002")
        account = screen.answer.items[row]
        assert account.group is not None and account.position_code is not None
        assert account.group.id != screen.answer.groups[0].id  # 第二党小组, not the first
        screen.table.move_cursor(row=row)
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert _highlighted(app.screen) == str(account.group.id)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert _highlighted(app.screen) == account.position_code
        await pilot.press("escape")
        await settle(pilot)
        assert screen.answer.items[row] == account


async def test_a_taken_username_keeps_the_form_and_says_why(sqlite_server: ServerProcess) -> None:
    """The server refuses a username in use: its message in the form, both fields as typed,
    the cursor on the username; a new username then adds the account."""
    from tui.screens.accounts_add import AddAccount

    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb005")
        await app.run_action("open('accounts')")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"dy001", "enter", *"终端重名", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddAccount)
        assert "用户名「dy001」已被使用" in _text(form, "#add-message")
        username, name = form.query_one("#add-username", Input), form.query_one("#add-name", Input)
        assert (username.value, name.value) == ("dy001", "终端重名")
        assert username.has_focus
        username.value = ""
        await pilot.press(*"tpadd2", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ShowOnce)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountsScreen) and app.screen.answer is not None
        added = next(a for a in app.screen.answer.items if a.username == "tpadd2")
        assert added.display_name == "终端重名"
