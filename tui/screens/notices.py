"""通知: the caller's notices, newest first; opening the page marks them read. The highlighted
notice is shown whole under the list (a long one is cut in its row)."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import TableScreen


def newest_first(items: list[schemas.NoticeOut]) -> list[schemas.NoticeOut]:
    """By time, then id: the demo (and a synced offline action) writes notices dated in the
    past, so the server's id order is not always the order they happened in."""
    return sorted(items, key=lambda n: (n.at, n.id), reverse=True)


class NoticesScreen(TableScreen):
    # The list leaves room at 80×24 for the highlighted notice in full, wrapped, under it.
    DEFAULT_CSS = """
    NoticesScreen #notices { height: auto; max-height: 10; }
    NoticesScreen #notice-detail {
        height: auto; margin-top: 1; padding: 0 1; border-left: thick $accent;
    }
    """
    TITLE_TEXT = strings.NOTICES_TITLE
    TABLE_ID = "notices"
    COLUMNS = (strings.COL_UNREAD, strings.COL_UPDATED, strings.COL_TEXT)

    texts: dict[str, str] = {}  # noqa: RUF012 (replaced, never mutated): by notice id

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield Static("", id="notice-detail").set_styles("display: none;")
        yield Static(strings.NOTICES_HELP, id="notices-help", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        got = await self.app.fetch(lambda c: c.notices())
        if got is None:
            return
        items = newest_first(got.items)
        self.texts = {str(n.id): f"{when(n.at)}\n{n.text}" for n in items}
        self.refill(
            [(str(n.id), ("" if n.read else "●", when(n.at), n.text)) for n in items],
        )
        self._show_detail(self.cursor_key())
        if not got.items:
            self.query_one("#notices-help", Static).update(strings.NOTICES_EMPTY)
        if got.unread:
            await self.app.fetch(lambda c: c.mark_notices_read(got.latest_id))
            self.app.unread = 0

    @on(DataTable.RowHighlighted, "#notices")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.row_key.value)

    def _show_detail(self, key: str | None) -> None:
        text = self.texts.get(key or "", "")
        detail = self.query_one("#notice-detail", Static)
        detail.update(text)
        detail.display = bool(text)
