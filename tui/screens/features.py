"""功能权限: which subsystems and modules this account may use, as the server decides."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult

from tui import strings
from tui.screens.base import TableScreen


class FeaturesScreen(TableScreen):
    TITLE_TEXT = strings.FEATURES_TITLE
    TABLE_ID = "features"
    COLUMNS = (strings.COL_FEATURE, strings.COL_ACCESS, strings.COL_REASON)

    def body(self) -> ComposeResult:
        yield self.make_table()

    def on_mount(self) -> None:
        self.table.loading = True
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        features = await self.app.fetch(lambda client: client.features())
        if features is None:
            return
        table = self.table
        for f in features:
            access = strings.ALLOWED if f.allowed else strings.NOT_ALLOWED
            table.add_row(f.name, access, f.message or "", key=f.code)
        table.loading = False
        table.focus()
