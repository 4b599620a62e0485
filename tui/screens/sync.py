"""同步: what waits in the outbox, what the server refused and why; sync now on S."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from contract import outbox as kinds
from tui import strings
from tui.format import when_seconds
from tui.screens.base import PageScreen, cursor_key, refill


class SyncScreen(PageScreen):
    DEFAULT_CSS = """
    SyncScreen #sync-detail { height: auto; margin-top: 1; padding: 0 1; border-left: thick $accent; }
    """
    TITLE_TEXT = strings.SYNC_TITLE
    lines: dict[str, str] = {}  # noqa: RUF012 (replaced, never mutated): by seq, the row in full
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("s", "sync", "立即同步"),
        Binding("d", "dismiss_rejected", "删除被拒记录"),
    ]

    def body(self) -> ComposeResult:
        yield Label("", id="sync-pending-title")
        pending: DataTable[str] = DataTable(id="sync-pending", cursor_type="row")
        pending.add_columns(strings.COL_TIME, strings.COL_ACTION, strings.COL_DETAIL)
        yield pending
        yield Label("", id="sync-rejected-title")
        rejected: DataTable[str] = DataTable(id="sync-rejected", cursor_type="row")
        rejected.add_columns(
            strings.COL_TIME, strings.COL_ACTION, strings.COL_DETAIL, strings.COL_REASON2
        )
        yield rejected
        # The highlighted row whole (a long one is cut in its row); hidden while there is none.
        yield Static("", id="sync-detail").set_styles("display: none;")
        yield Static(strings.SYNC_HELP, classes="hint")

    def on_mount(self) -> None:
        self.show()

    @work(exclusive=True, group="show")
    async def show(self) -> None:
        outbox = self.app.session.outbox
        if outbox is None:
            return
        pending, rejected = await asyncio.to_thread(lambda: (outbox.pending(), outbox.rejected()))
        self.lines = {
            str(m.seq): f"{when_seconds(m.at)}  {kinds.label(m.kind)}\n"
            f"{kinds.describe(m.kind, m.args, m.note)}" + (f"\n{m.message}" if m.message else "")
            for m in (*pending, *rejected)
        }
        self.query_one("#sync-pending-title", Label).update(
            strings.SYNC_PENDING.format(n=len(pending)) if pending else strings.SYNC_NOTHING
        )
        refill(
            self.query_one("#sync-pending", DataTable),
            [
                (
                    str(m.seq),
                    (
                        when_seconds(m.at),
                        kinds.label(m.kind),
                        kinds.describe(m.kind, m.args, m.note),
                    ),
                )
                for m in pending
            ],
        )
        self.query_one("#sync-rejected-title", Label).update(
            strings.SYNC_REJECTED_HEADER.format(n=len(rejected))
        )
        self.query_one("#sync-rejected-title").display = bool(rejected)
        table = self.query_one("#sync-rejected", DataTable)
        table.display = bool(rejected)
        refill(
            table,
            [
                (
                    str(m.seq),
                    (
                        when_seconds(m.at),
                        kinds.label(m.kind),
                        kinds.describe(m.kind, m.args, m.note),
                        m.message or "",
                    ),
                )
                for m in rejected
            ],
        )

    @work(exclusive=True, group="sync")
    async def action_sync(self) -> None:
        if await self.app.sync_now() is None and self.app.connection != "online":
            # Not a silent key: offline, say that it waits for the server.
            self.app.notify(strings.SYNC_WAITS_FOR_SERVER, severity="warning", timeout=4)
        self.show()

    async def action_dismiss_rejected(self) -> None:
        outbox = self.app.session.outbox
        key = cursor_key(self.query_one("#sync-rejected", DataTable))
        if outbox is None or key is None:
            return
        await asyncio.to_thread(outbox.dismiss, int(key))
        self.show()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        text = self.lines.get(event.row_key.value or "", "")
        detail = self.query_one("#sync-detail", Static)
        detail.update(text)
        detail.display = bool(text)
