"""我的积分: every rule's progress in its current period, the year by category, the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen
from tui.screens.export_dialog import ExportKey

if TYPE_CHECKING:
    from api_client import GsdjClient

LEDGER_SIZE = 50


class PointsScreen(ExportKey, PageScreen):
    TITLE_TEXT = strings.POINTS_TITLE
    BINDINGS = [
        Binding("r", "refresh", "刷新"),
        # Short: with E (积分导出) for admins the footer must still fit 80 columns.
        Binding("n", "page(1)", "下页"),
        Binding("p", "page(-1)", "上页"),
        Binding("e", "export", strings.EXPORT_KEY),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 1
        self.pages = 1

    def body(self) -> ComposeResult:
        yield Static("", id="points-year")
        yield Label("", id="points-today", classes="hint")
        rules: DataTable[str] = DataTable(id="points-rules", cursor_type="row", zebra_stripes=True)
        rules.add_columns(
            strings.COL_RULE,
            strings.COL_EACH,
            strings.COL_EARNED,
            strings.COL_LEFT,
            strings.COL_PERIOD,
        )
        yield rules
        yield Label("", id="ledger-header", classes="hint")
        ledger: DataTable[str] = DataTable(id="points-ledger", cursor_type="row")
        ledger.add_columns(strings.COL_DAY, strings.COL_RULE, strings.COL_POINTS)
        yield ledger

    def on_mount(self) -> None:
        self.action_refresh()
        self.ask_export()

    def action_refresh(self) -> None:
        self.load()

    @work(exclusive=True, group="points")
    async def load(self) -> None:
        """The summary and the ledger page, asked together."""
        page = self.page

        async def both(client: GsdjClient) -> tuple[schemas.PointsSummary, schemas.LedgerPage]:
            return await client.gather(client.my_points(), client.ledger(page, LEDGER_SIZE))

        await self.app.fetch_fresh(both, self.show)

    @work(exclusive=True, group="points")
    async def load_ledger(self) -> None:
        page = self.page
        await self.app.fetch_fresh(lambda c: c.ledger(page, LEDGER_SIZE), self.show_ledger)

    def show(self, answer: tuple[schemas.PointsSummary, schemas.LedgerPage]) -> None:
        summary, ledger = answer
        self.show_summary(summary)
        self.show_ledger(ledger)

    def show_summary(self, summary: schemas.PointsSummary) -> None:
        parts = " · ".join(f"{c.name} {c.points}" for c in summary.year_by_category)
        self.query_one("#points-year", Static).update(
            strings.POINTS_YEAR.format(year=summary.year, total=summary.year_total, parts=parts)
        )
        self.query_one("#points-today", Label).update(
            strings.POINTS_TODAY.format(today=summary.today)
        )
        table = self.query_one("#points-rules", DataTable)
        row = table.cursor_row
        table.clear()
        for r in summary.rules:
            table.add_row(
                r.name,
                str(r.points),
                f"{r.earned}/{r.cap}",
                str(r.left),
                f"每{r.period_name}",
                key=r.code,
            )
        if summary.rules:
            table.move_cursor(row=min(max(row, 0), len(summary.rules) - 1))

    def show_ledger(self, result: schemas.LedgerPage) -> None:
        self.pages = max(1, -(-result.total // LEDGER_SIZE))
        self.query_one("#ledger-header", Label).update(
            strings.LEDGER_HEADER.format(page=self.page, pages=self.pages, total=result.total)
        )
        table = self.query_one("#points-ledger", DataTable)
        table.clear()
        for item in result.items:
            table.add_row(item.day, item.name, f"+{item.points}", key=str(item.id))

    def action_page(self, step: int) -> None:
        page = min(max(1, self.page + step), self.pages)
        if page != self.page:
            self.page = page
            self.load_ledger()
