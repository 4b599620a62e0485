"""会议通知: the meetings a member was notified of, answered in one key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.pending import waiting_by
from tui.screens.base import TableScreen, row_detail
from tui.screens.meetings.steps import answer_meeting, meeting_note, node_cell
from tui.screens.meetings.timeline import MeetingScreen
from tui.widgets.fit_table import Col

if TYPE_CHECKING:
    from offline_cache.store import Mutation


def answer_cell(answer: str | None, reason: str | None, queued: list[Mutation] | None) -> str:
    """我的反馈: the server's, or the latest one this terminal has not sent yet, marked 待同步."""
    if queued:
        last = queued[-1].args
        answer, reason = last.get("answer"), last.get("reason")
    text = strings.ANSWER_NAMES.get(answer, "") + (f"({reason})" if reason else "")
    # The mark first: a narrow column cuts the end of a cell, never the state.
    return f"{strings.PENDING_MARK} {text}" if queued else text


class MyMeetingsScreen(TableScreen):
    """会议通知: the meetings this member was notified of; 1 参加, 2 请假."""

    TITLE_TEXT = strings.MY_MEETINGS_TITLE
    TABLE_ID = "my-meetings"
    # The title, the place and the type give way at 80 columns (shown whole under the table);
    # the time, the node and the member's own answer never do.
    COLUMNS = (
        Col(strings.COL_TYPE, 6), Col(strings.COL_MEETING, 8), strings.COL_MEETING_TIME,
        Col(strings.COL_PLACE, 6), strings.COL_NODE, Col(strings.COL_MY_ANSWER, 6),
    )  # fmt: skip
    BINDINGS = [
        Binding("1", "answer('attend')", "参加"),
        Binding("2", "answer('leave')", "请假"),
    ]

    rows: dict[int, schemas.MeetingRowOut] = {}  # noqa: RUF012 (replaced, never mutated)

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield row_detail()
        yield Static(strings.MY_MEETINGS_HELP, id="my-meetings-help", classes="hint")

    def on_mount(self) -> None:
        # A queued answer shows as 待同步 until a sync answers it: then show the server's.
        self.watch(self.app, "pending", self._outbox_moved, init=False)  # type: ignore[arg-type]

    def _outbox_moved(self, _: int) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.load()  # also the first show

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.my_meetings(), self.show)

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """After an answer or a sync: the server's rows alone (the cached ones are older)."""
        rows = await self.app.fetch(lambda c: c.my_meetings())
        if rows is not None:
            await self.show(rows)

    async def show(self, rows: list[schemas.MeetingRowOut]) -> None:
        """The server's rows (fresh or cached), with this terminal's unsent answers on top."""
        self.rows = {r.id: r for r in rows}  # what a queued answer's note names
        queued = await waiting_by(self.app.session.outbox, ("meeting_feedback",), "meeting_id")
        self.refill(
            [
                (
                    str(r.id),
                    (
                        r.type_name,
                        r.title,
                        when(r.starts_at),
                        r.place,
                        node_cell(r),
                        answer_cell(r.my_answer, r.my_reason, queued.get(r.id)),
                    ),
                )  # fmt: skip
                for r in rows
            ],
        )
        self.query_one("#my-meetings-help", Static).update(
            strings.MY_MEETINGS_HELP if rows else strings.MY_MEETINGS_EMPTY
        )

    def _selected(self) -> int | None:
        key = self.cursor_key()
        return int(key) if key else None

    @on(DataTable.RowSelected, "#my-meetings")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(MeetingScreen(int(event.row_key.value or 0)))

    def action_answer(self, answer: str) -> None:
        meeting_id = self._selected()
        if meeting_id is not None:
            answer_meeting(
                self.app, meeting_id, answer, self.reload, meeting_note(self.rows.get(meeting_id))
            )
