"""我的信息: who the server says this account is; P opens 修改密码."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen


class ProfileScreen(PageScreen):
    TITLE_TEXT = strings.PROFILE_TITLE
    BINDINGS = [Binding("p", "app.open('password')", strings.PROFILE_PASSWORD_KEY)]

    def body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="profile", show_header=False, cursor_type="row")
        table.add_columns("项目", "内容")
        yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).loading = True
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda client: client.me(), self.show)

    def show(self, me: schemas.AccountOut) -> None:
        table = self.query_one(DataTable)
        rows = [
            (strings.FIELD_USERNAME, me.username),
            (strings.FIELD_DISPLAY_NAME, me.display_name),
            (strings.FIELD_KIND, me.kind_name),
            (strings.FIELD_ORG, me.org.name if me.org else strings.NONE),
            (strings.FIELD_GROUP, me.group.name if me.group else strings.NONE),
            (strings.FIELD_POSITION, me.position or strings.NONE),
            (strings.FIELD_PATH, " › ".join(o.name for o in me.org_path) or strings.NONE),
        ]
        table.clear()
        table.add_rows(rows)
        table.loading = False
        table.focus()
