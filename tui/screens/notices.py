"""通知: the caller's notices, newest first; opening the page marks them read."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from tui import strings
from tui.format import when
from tui.screens.base import TableScreen


class NoticesScreen(TableScreen):
    TITLE_TEXT = strings.NOTICES_TITLE
    TABLE_ID = "notices"
    COLUMNS = (strings.COL_UNREAD, strings.COL_UPDATED, strings.COL_TEXT)

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield Static(strings.NOTICES_HELP, id="notices-help", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        got = await self.app.fetch(lambda c: c.notices())
        if got is None:
            return
        self.refill(
            [(str(n.id), ("" if n.read else "●", when(n.at), n.text)) for n in got.items],
        )
        if not got.items:
            self.query_one("#notices-help", Static).update(strings.NOTICES_EMPTY)
        if got.unread:
            await self.app.fetch(lambda c: c.mark_notices_read(got.latest_id))
            self.app.unread = 0
