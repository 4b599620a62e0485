"""账号管理: the accounts an admin manages in one org of its scope (server.domain.account_levels
on the server decides which), with the keys each row's `actions` allow: 添加, 停用/启用, 重置密码
(the one-time password in a dialog, shown once), 党小组, 委员职位, 转到其他支部; O picks the org."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from contract import schemas
from tui import strings
from tui.screens.base import TableScreen, row_detail
from tui.widgets.ask import in_worker
from tui.widgets.choose import Choose, ShowOnce
from tui.widgets.confirm import Confirm
from tui.widgets.fit_table import Col
from tui.widgets.org_picker import OrgPicker

# Each key and the row action (from the server) that enables it.
ROW_KEYS = {
    "toggle": ("disable", "enable"),
    "reset": ("reset_password",),
    "group": ("set_group",),
    "position": ("set_position",),
    "move": ("move_branch",),
}


def _who(row: schemas.ManagedAccountOut) -> str:
    """The person a dialog is about, by name and username (two may share a name)."""
    return f"{row.display_name}({row.username})"


class AccountsScreen(TableScreen):
    TITLE_TEXT = strings.ACCOUNTS_TITLE
    TABLE_ID = "accounts"
    COLUMNS = (
        Col(strings.COL_USERNAME, 6), Col(strings.COL_PERSON, 4), Col(strings.COL_KIND, 4),
        Col(strings.COL_GROUP, 4), Col(strings.COL_ROLE, 4), strings.COL_STATUS,
    )  # fmt: skip
    # The footer keeps the account's own keys; with all six it cut off Ctrl+Q and Ctrl+P at
    # 80 columns. O is named in the line above the table, the membership keys (those the row
    # under the cursor allows) in the line under it.
    BINDINGS = [
        Binding("o", "org", "组织", show=False),
        Binding("a", "add", "添加"),
        Binding("d", "toggle", "启停"),
        Binding("p", "reset", "重置"),
        Binding("g", "group", "党小组", show=False),
        Binding("w", "position", "职位", show=False),
        Binding("m", "move", "转支部", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.org_id: int | None = None
        self.answer: schemas.ManagedAccountsOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="accounts-org", classes="hint", markup=False)
        yield self.make_table()
        yield row_detail()
        yield Static("", id="accounts-keys", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.load()

    def current(self) -> schemas.ManagedAccountOut | None:
        key = self.cursor_key()
        if self.answer is None or key is None:
            return None
        return next((a for a in self.answer.items if str(a.id) == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add":
            return self.answer is not None and bool(self.answer.may_add)
        if action in ROW_KEYS:
            row = self.current()
            return row is not None and any(a in row.actions for a in ROW_KEYS[action])
        return True

    def on_data_table_row_highlighted(self, event: object) -> None:
        self.update_detail()
        self.refresh_bindings()
        self.update_keys()

    def update_keys(self) -> None:
        """The membership keys the row under the cursor allows, in words."""
        keys = [
            t for action, t in strings.ACCOUNTS_ROW_KEYS.items() if self.check_action(action, ())
        ]
        self.query_one("#accounts-keys", Static).update(" · ".join(keys))

    @work(exclusive=True, group="load")
    async def load(self, top: bool = False) -> None:
        """The accounts of the org chosen; `top`: another org's, the cursor on its first row
        (the row number of the org left means nobody in particular here)."""
        org_id = self.org_id
        if top:
            self.table.clear()
        await self.app.fetch_fresh(lambda c: c.managed_accounts(org_id), self.show)
        if top and self.table.row_count:
            self.table.move_cursor(row=0)

    def show(self, answer: schemas.ManagedAccountsOut) -> None:
        self.answer = answer
        self.query_one("#accounts-org", Static).update(
            strings.ACCOUNTS_ORG.format(org=answer.org.name, count=len(answer.items))
        )
        self.refill([
            (str(a.id), (a.username, a.display_name, a.kind_name,
                         a.group.name if a.group else "", a.position or "",
                         (strings.ACCOUNT_ACTIVE if a.active else strings.ACCOUNT_DISABLED)
                         + (strings.ACCOUNT_ONE_TIME if a.must_change_password else "")))
            for a in answer.items
        ])  # fmt: skip
        self.refresh_bindings()
        self.update_keys()

    def _updated(self, row: schemas.ManagedAccountOut) -> None:
        self.notify(strings.ACCOUNT_SAVED.format(name=row.display_name))
        self.load()

    def _once(self, result: schemas.OneTimePasswordOut) -> None:
        self.app.push_screen(ShowOnce(result.message, result.one_time_password))
        self.load()

    def action_org(self) -> None:
        def chosen(org_id: int | None) -> None:
            if org_id is not None and (self.answer is None or org_id != self.answer.org.id):
                self.org_id = org_id
                self.load(top=True)

        current = self.answer.org.id if self.answer else None
        self.app.push_screen(OrgPicker(strings.ACCOUNTS_ASK_ORG, current=current), chosen)

    def action_add(self) -> None:
        answer = self.answer
        if answer is None or not answer.may_add:
            return
        from tui.screens.accounts_add import ask_new_account

        ask_new_account(self.app, answer, self._once)

    def _confirmed(self, question: str, act: Callable[[], Awaitable[None]]) -> None:
        """Ask first (Y / N): 停用 and 重置密码 end the account's sessions at once."""

        async def answered(yes: bool | None) -> None:
            if yes:
                await act()

        self.app.push_screen(Confirm(question), in_worker(self.app, answered))

    def action_toggle(self) -> None:
        row = self.current()
        if row is None:
            return

        async def go() -> None:
            done = await self.app.fetch(lambda c: c.set_account_active(row.id, not row.active))
            if done is not None:
                self._updated(done)

        if row.active:  # 停用 asks first; 启用 gives back what was taken
            self._confirmed(strings.ACCOUNT_CONFIRM_DISABLE.format(who=_who(row)), go)
        else:
            self.app.run_worker(go(), group="dialog-answer")

    def action_reset(self) -> None:
        row = self.current()
        if row is None:
            return

        async def go() -> None:
            done = await self.app.fetch(lambda c: c.reset_account_password(row.id))
            if done is not None:
                self._once(done)

        self._confirmed(strings.ACCOUNT_CONFIRM_RESET.format(who=_who(row)), go)

    def action_group(self) -> None:
        row, answer = self.current(), self.answer
        if row is None or answer is None:
            return

        async def chosen(key: str | None) -> None:
            if key is not None:
                done = await self.app.fetch(
                    lambda c: c.set_account_group(row.id, int(key) if key else None)
                )
                if done is not None:
                    self._updated(done)

        choices = [(str(g.id), g.name) for g in answer.groups] + [("", strings.ACCOUNT_NO_GROUP)]
        question = strings.ACCOUNTS_ASK_GROUP.format(who=_who(row))
        current = str(row.group.id) if row.group else ""
        self.app.push_screen(Choose(question, choices, current), in_worker(self.app, chosen))

    def action_position(self) -> None:
        row = self.current()
        if row is None:
            return

        async def pick() -> None:
            positions = await self.app.fetch(lambda c: c.positions())
            if positions is None:
                return

            async def chosen(code: str | None) -> None:
                if code is not None:
                    done = await self.app.fetch(
                        lambda c: c.set_account_position(row.id, code or None)
                    )
                    if done is not None:
                        self._updated(done)

            choices = [(p.code, p.name) for p in positions] + [("", strings.BRANCH_NO_POSITION)]
            question = strings.BRANCH_ASK_POSITION.format(who=_who(row))
            current = row.position_code or ""
            self.app.push_screen(Choose(question, choices, current), in_worker(self.app, chosen))

        self.app.run_worker(pick(), group="dialog-answer")

    def action_move(self) -> None:
        row = self.current()
        if row is None:
            return

        async def chosen(org_id: int | None) -> None:
            if org_id is None:
                return
            done = await self.app.fetch(lambda c: c.move_account(row.id, org_id))
            if done is None:
                return
            # Where the member went, and what the server left behind (党小组, 委员职位 it
            # cleared): read from its answer, not assumed here.
            cleared = ((strings.COL_GROUP, row.group, done.group),
                       (strings.COL_ROLE, row.position, done.position))  # fmt: skip
            left = [name for name, before, after in cleared if before and not after]
            said = strings.ACCOUNT_MOVED.format(name=done.display_name, branch=done.org.name)
            if left:
                said += strings.ACCOUNT_MOVED_CLEARED.format(what="、".join(left))
            self.notify(said, timeout=6)
            self.load()

        question = strings.ACCOUNTS_ASK_BRANCH.format(who=_who(row))
        picker = OrgPicker(question, kind="branch", exclude=row.org.id)
        self.app.push_screen(picker, in_worker(self.app, chosen))
