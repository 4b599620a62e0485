"""功能权限: which subsystems and modules this account may use, as the server decides."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable

from tui import strings
from tui.screens.base import PageScreen


class FeaturesScreen(PageScreen):
    TITLE_TEXT = strings.FEATURES_TITLE

    def body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="features", cursor_type="row", zebra_stripes=True)
        table.add_columns(strings.COL_FEATURE, strings.COL_ACCESS, strings.COL_REASON)
        yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).loading = True
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        features = await self.app.fetch(lambda client: client.features())
        if features is None:
            return
        table = self.query_one(DataTable)
        for f in features:
            access = strings.ALLOWED if f.allowed else strings.NOT_ALLOWED
            table.add_row(f.name, access, f.message or "", key=f.code)
        table.loading = False
        table.focus()
