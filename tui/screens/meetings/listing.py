"""在线用标: the meeting list; for the upper org, the review queue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import TableScreen, row_detail, show_detail
from tui.screens.meetings.form import MeetingFormScreen
from tui.screens.meetings.steps import UPPER_KINDS, approve, node_cell, reject
from tui.screens.meetings.timeline import MeetingScreen
from tui.widgets.fit_table import Col, FitTable

if TYPE_CHECKING:
    from api_client import GsdjClient


class MeetingsScreen(TableScreen):
    """The branch's meetings for its admin; for a 党总支/党委 the submitted and filed meetings of
    its branches, opening on the review queue (待审核)."""

    TITLE_TEXT = strings.MEETINGS_TITLE
    TABLE_ID = "meeting-list"
    # At 80 columns the title, the reason it waits and the type give way (the row under the
    # cursor shows them whole below the table); the time, the node and the count never do.
    COLUMNS = (
        Col(strings.COL_TYPE, 6), Col(strings.COL_MEETING, 8), strings.COL_MEETING_TIME,
        strings.COL_NODE, strings.COL_ATTEND, Col(strings.COL_WAIT, 6),
    )  # fmt: skip
    # The upper org's queue says whose meeting it is: the branch, its path under the list.
    UPPER_COLUMNS = (Col(strings.COL_BRANCH, 6), *COLUMNS)
    BINDINGS = [
        Binding("n", "new", "新建会议"),
        Binding("t", "cycle_type", "类型"),
        Binding("s", "cycle_state", "状态"),
        Binding("a", "approve", "审核通过"),
        Binding("r", "reject", "退回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.types: list[schemas.MeetingTypeOut] = []
        self.type: str | None = None
        self.state: str | None = None
        self.rows: dict[str, schemas.MeetingRowOut] = {}

    @property
    def upper(self) -> bool:
        account = self.app.session.account
        return account is not None and account.kind in UPPER_KINDS

    def body(self) -> ComposeResult:
        yield Static("", id="meetings-filter", classes="hint")
        yield self.make_table()
        yield row_detail()
        yield Static("", id="meetings-help", classes="hint")

    def make_table(self) -> FitTable:
        return FitTable(*(self.UPPER_COLUMNS if self.upper else self.COLUMNS), id=self.TABLE_ID)

    def on_mount(self) -> None:
        if self.upper:
            self.state = "review"
        self.query_one("#meetings-help", Static).update(
            strings.MEETINGS_REVIEW_HELP if self.upper else strings.MEETINGS_HELP
        )
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":
            return not self.upper
        if action in ("approve", "reject"):
            # The server's word for the row under the cursor (a completed meeting: neither).
            row = self._selected() if self.upper and self.is_mounted else None
            return row is not None and action in row.actions
        return True

    def request(
        self,
    ) -> Callable[
        [GsdjClient], Awaitable[tuple[list[schemas.MeetingTypeOut], list[schemas.MeetingRowOut]]]
    ]:
        """The meeting types (once known, not asked again) and the list, together."""
        state, types = self.state, self.types

        async def both(
            c: GsdjClient,
        ) -> tuple[list[schemas.MeetingTypeOut], list[schemas.MeetingRowOut]]:
            if types:
                return types, await c.meetings(state)
            return await c.gather(c.meeting_types(), c.meetings(state))

        return both

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        state = self.state

        def show(answer: tuple[list[schemas.MeetingTypeOut], list[schemas.MeetingRowOut]]) -> None:
            if state == self.state:
                self.show(*answer)

        await self.app.fetch_fresh(self.request(), show)

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """After a step: the server's list alone (the cached one is from before it)."""
        state = self.state
        answer = await self.app.fetch(self.request())
        if answer is not None and state == self.state:
            self.show(*answer)

    def show(self, types: list[schemas.MeetingTypeOut], rows: list[schemas.MeetingRowOut]) -> None:
        self.types = types
        if self.type is not None:
            rows = [r for r in rows if r.type == self.type]
        self.rows = {str(r.id): r for r in rows}
        upper = self.upper
        self.refill(
            [
                (
                    str(r.id),
                    (
                        *((r.branch.name,) if upper else ()),
                        r.type_name,
                        r.title,
                        when(r.starts_at),
                        node_cell(r),
                        f"{r.attending}/{r.notified}",
                        r.wait or "",
                    ),
                )
                for r in rows
            ],
        )
        names = {t.code: t.name for t in self.types}
        self.query_one("#meetings-filter", Static).update(
            strings.MEETINGS_FILTER.format(
                type=names.get(self.type or "", strings.ALL),
                state=strings.MEETING_STATES[self.state],
                n=len(rows),
            )
            + ("" if rows else "  ·  " + strings.MEETINGS_EMPTY)
        )

    def update_detail(self) -> None:
        # The upper org always sees the branch's path under the list (whose meeting it is).
        row = self._selected() if self.upper else None
        show_detail(self, self.table, prefix=row.branch_path if row else "")
        self.refresh_bindings()  # 审核通过/退回 follow the row under the cursor

    def _selected(self) -> schemas.MeetingRowOut | None:
        return self.rows.get(self.cursor_key() or "")

    @on(DataTable.RowSelected, "#meeting-list")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(MeetingScreen(int(event.row_key.value or 0)))

    def action_cycle_type(self) -> None:
        codes: list[str | None] = [None, *(t.code for t in self.types)]
        self.type = codes[(codes.index(self.type) + 1) % len(codes)]
        self.load()

    def action_cycle_state(self) -> None:
        states = list(strings.MEETING_STATES)
        self.state = states[(states.index(self.state) + 1) % len(states)]
        self.load()

    def action_new(self) -> None:
        self.app.push_screen(MeetingFormScreen())

    def action_approve(self) -> None:
        row = self._selected()
        if row is not None:
            approve(self.app, row.id, row.title, self.reload)

    def action_reject(self) -> None:
        row = self._selected()
        if row is not None:
            reject(self.app, row.id, self.reload)
