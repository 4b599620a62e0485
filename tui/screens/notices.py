"""通知: the caller's notices, newest first; opening the page marks them read."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui import strings
from tui.format import when
from tui.screens.base import PageScreen, refill


class NoticesScreen(PageScreen):
    TITLE_TEXT = strings.NOTICES_TITLE

    def body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="notices", cursor_type="row", zebra_stripes=True)
        table.add_columns(strings.COL_UNREAD, strings.COL_UPDATED, strings.COL_TEXT)
        yield table
        yield Static(strings.NOTICES_HELP, id="notices-help", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        got = await self.app.fetch(lambda c: c.notices())
        if got is None:
            return
        refill(
            self.query_one("#notices", DataTable),
            [(str(n.id), ("" if n.read else "●", when(n.at), n.text)) for n in got.items],
        )
        if not got.items:
            self.query_one("#notices-help", Static).update(strings.NOTICES_EMPTY)
        if got.unread:
            await self.app.fetch(lambda c: c.mark_notices_read(got.latest_id))
            self.app.unread = 0
