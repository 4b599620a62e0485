"""督办达标: green or red per branch and requirement, as of the daily job's last run."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from contract import schemas
from tui import strings
from tui.screens.base import TableScreen, row_detail
from tui.widgets.fit_table import Col


class ComplianceScreen(TableScreen):
    TITLE_TEXT = strings.COMPLIANCE_TITLE
    TABLE_ID = "compliance"
    # At 80 columns the branch, the requirement and the reason give way (shown whole under the
    # table); the counts and the 达标/未达标 state never do.
    COLUMNS = (
        Col(strings.COL_BRANCH, 6), Col(strings.COL_REQUIREMENT, 6), strings.COL_PERIOD,
        strings.COL_HELD, strings.COL_PREVIOUS, strings.COL_OVERDUE, strings.COL_STATUS,
        Col(strings.COL_WAIT, 6),
    )  # fmt: skip

    def body(self) -> ComposeResult:
        yield Static("", id="compliance-as-of", classes="hint")
        yield self.make_table()
        yield row_detail()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.compliance(), self.show)

    def show(self, board: schemas.ComplianceOut) -> None:
        line = self.query_one("#compliance-as-of", Static)
        if board.as_of is None:
            line.update(board.message or "")
            return
        line.update(strings.COMPLIANCE_AS_OF.format(as_of=board.as_of))
        rows = []
        for b in board.branches:
            for n, i in enumerate(b.items):
                status = Text(
                    strings.COMPLIANCE_GREEN if i.green else strings.COMPLIANCE_RED,
                    style="green" if i.green else "bold red",
                )
                requirement = i.type_name + (f"({i.group.name})" if i.group else "")
                rows.append(
                    (
                        f"{b.branch.id}-{n}",
                        (
                            b.branch.name if n == 0 else "", requirement, i.period, str(i.held),
                            str(i.previous_held), str(i.overdue) if i.overdue else "", status,
                            i.reason,
                        ),
                    )
                )  # fmt: skip
        self.refill(rows)
