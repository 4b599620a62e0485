"""对标总览 (党总支, 党委, 省委组织部 admins): the subtree's self-checks as the server computed
them — each aspect's share met, the items most often not met, and a page of branches with
their completion, least met first (N / P page)."""

from __future__ import annotations

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from contract import schemas
from tui import strings
from tui.screens.base import TableScreen, refill, row_detail
from tui.widgets.fit_table import Col, FitTable


def _share(met: int, total: int) -> str:
    return f"{met * 100 / total:.0f}%" if total else strings.OV_NONE


class StandardsOverviewScreen(TableScreen):
    TITLE_TEXT = strings.STANDARDS_OVERVIEW_TITLE
    TABLE_ID = "overview-branches"
    DEFAULT_CSS = """
    StandardsOverviewScreen #overview-aspects { height: auto; }
    StandardsOverviewScreen #overview-worst { height: auto; max-height: 8; }
    StandardsOverviewScreen #overview-branches { height: auto; max-height: 45vh; }
    """
    COLUMNS = (
        Col(strings.COL_BRANCH, 6), Col(strings.COL_FIELD, 4), strings.COL_ITEMS_TOTAL,
        strings.COL_CHECKED, strings.COL_MET, strings.COL_PARTLY, strings.COL_NOT_YET,
        strings.COL_SHARE,
    )  # fmt: skip
    BINDINGS = [
        Binding("n", "page(1)", "下一页"),
        Binding("p", "page(-1)", "上一页"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.page = 1
        self.pages = 1
        self.answer: schemas.StandardsOverviewOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="overview-head", markup=False)
        yield Label(strings.OV_ASPECTS, classes="hint")
        yield FitTable(
            strings.COL_ASPECT, strings.COL_SHARE, strings.COL_MET, strings.COL_PARTLY,
            strings.COL_NOT_YET, strings.COL_ITEMS_TOTAL, id="overview-aspects",
        )  # fmt: skip
        yield Label(strings.OV_WORST, classes="hint")
        yield FitTable(
            Col(strings.COL_FIELD, 4), strings.COL_NUMBER, Col(strings.COL_ITEM, 6),
            strings.COL_NOT_MET, strings.COL_NOT_YET, strings.COL_PARTLY, id="overview-worst",
        )  # fmt: skip
        yield Label("", id="overview-rows-title", classes="hint")
        yield self.make_table()
        yield row_detail()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        page = self.page
        await self.app.fetch_fresh(lambda c: c.standards_overview(page=page), self.show)

    def show(self, o: schemas.StandardsOverviewOut) -> None:
        self.answer, self.page, self.pages = o, o.page, o.pages
        self.query_one("#overview-head", Static).update(
            strings.OV_HEAD.format(org=o.org.name, branches=o.branches, checked=o.branches_checked)
        )
        aspects = self.query_one("#overview-aspects", DataTable)
        refill(
            aspects,
            [
                (a.code, (a.name, _share(a.met, a.total), str(a.met), str(a.partly),
                          str(a.not_yet), str(a.total)))
                for a in o.aspects
            ],
            focus=False,
        )  # fmt: skip
        worst = self.query_one("#overview-worst", DataTable)
        refill(
            worst,
            [
                (str(w.id), (w.field_name, w.number, w.title, str(w.not_met), str(w.not_yet),
                             str(w.partly)))
                for w in o.worst
            ],
            focus=False,
        )  # fmt: skip
        self.query_one("#overview-rows-title", Label).update(
            strings.OV_ROWS.format(page=o.page, pages=o.pages)
        )
        self.refill(
            [
                (str(r.id), (r.name, r.field_name or strings.OV_NONE, str(r.total),
                             str(r.checked), str(r.met), str(r.partly), str(r.not_yet),
                             _share(r.met, r.total)))
                for r in o.rows
            ]
        )  # fmt: skip
        # The branches, below the fold at 80×24, once the table took the focus: in view.
        self.call_after_refresh(self._focused_in_view)

    def _focused_in_view(self) -> None:
        if isinstance(self.focused, DataTable):
            self.focused.scroll_visible(animate=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A table reached by Tab comes into view (the page scrolls; at 80×24 the branches'
        table is below the other two)."""
        if isinstance(event.widget, DataTable):
            event.widget.scroll_visible(animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a branch: its self-checks, item by item (the server checks the scope)."""
        if event.data_table.id != self.TABLE_ID or self.answer is None:
            return
        row = next((r for r in self.answer.rows if str(r.id) == event.row_key.value), None)
        if row is not None and row.field is not None:
            from tui.screens.standards import BranchStandardsScreen

            self.app.push_screen(BranchStandardsScreen(row.field, row.id))

    def action_page(self, step: int) -> None:
        page = min(max(self.page + step, 1), self.pages)
        if page != self.page:
            self.page = page
            self.load()
