"""会议通知: the meetings a member was notified of, answered in one key."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui import strings
from tui.format import when
from tui.screens.base import TableScreen, row_detail
from tui.screens.meetings.steps import answer_meeting, node_cell
from tui.screens.meetings.timeline import MeetingScreen
from tui.widgets.fit_table import Col


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

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield row_detail()
        yield Static(strings.MY_MEETINGS_HELP, id="my-meetings-help", classes="hint")

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        rows = await self.app.fetch(lambda c: c.my_meetings())
        if rows is None:
            return
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
                        strings.ANSWER_NAMES[r.my_answer]
                        + (f"({r.my_reason})" if r.my_reason else ""),
                    ),
                )  # fmt: skip
                for r in rows
            ],
        )
        if not rows:
            self.query_one("#my-meetings-help", Static).update(strings.MY_MEETINGS_EMPTY)

    def _selected(self) -> int | None:
        key = self.cursor_key()
        return int(key) if key else None

    @on(DataTable.RowSelected, "#my-meetings")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(MeetingScreen(int(event.row_key.value or 0)))

    def action_answer(self, answer: str) -> None:
        meeting_id = self._selected()
        if meeting_id is not None:
            answer_meeting(self.app, meeting_id, answer, self.load)
