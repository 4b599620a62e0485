"""What the screens behind the home screen share: header, footer, a title, and loading data."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from tui import strings
from tui.widgets.fit_table import Cell, Col, FitTable
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike


class PageScreen(Screen[None]):
    """A screen with the status header, a title and the footer; subclasses fill `body()`."""

    TITLE_TEXT: ClassVar[str] = ""
    # Its `load()` runs again when the terminal finds the server back (a table, a list: what
    # it shows is only read; a form is not reloaded under the user's typing).
    RELOAD_WHEN_ONLINE: ClassVar[bool] = False
    BINDINGS = [
        Binding("escape", "app.home", "返回首页"),
        Binding("f1", "app.guide", "操作指南"),
    ]

    app: AppLike  # type: ignore[assignment]

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with VerticalScroll(classes="page"):
            yield Label(self.TITLE_TEXT, classes="screen-title")
            yield from self.body()
        yield Footer(compact=True)

    def body(self) -> ComposeResult:
        raise NotImplementedError

    def not_cached(self) -> None:
        """Offline, and this terminal never kept what the screen asked for (the app calls
        this): say so under the title, once, instead of an empty page."""
        if not self.query("#not-cached"):
            title = self.query_one(".screen-title")
            note = Static(strings.NOT_CACHED, id="not-cached", classes="hint")
            self.query_one(VerticalScroll).mount(note, after=title)


class TableScreen(PageScreen):
    """A page built around one table of rows keyed by id: it builds the table (`TABLE_ID`,
    `COLUMNS`, a `Col` for a column that may shrink), refills it keeping the cursor on the same
    line, and reads the key under the cursor. A screen that yields `row_detail()` under its table
    shows there, in full, what the columns had to cut of the row under the cursor."""

    RELOAD_WHEN_ONLINE = True

    TABLE_ID: ClassVar[str] = "rows"
    COLUMNS: ClassVar[tuple[str | Col, ...]] = ()

    def make_table(self) -> DataTable[str]:
        return FitTable(*self.COLUMNS, id=self.TABLE_ID)

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def refill(self, rows: list[tuple[str, tuple[Cell, ...]]], *, focus: bool = True) -> None:
        refill(self.table, rows, focus=focus)
        self.update_detail()

    def cursor_key(self) -> str | None:
        return cursor_key(self.table)

    def update_detail(self) -> None:
        show_detail(self, self.table)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.update_detail()


def row_detail(id: str = "row-detail") -> Static:
    """The line under a table that shows the cut cells of the row under the cursor in full."""
    return Static("", id=id, classes="row-detail", markup=False)


def show_detail(
    screen: Screen[None], table: DataTable[str], id: str = "row-detail", prefix: str = ""
) -> None:
    found = screen.query(f"#{id}")
    if found and isinstance(table, FitTable):
        found.first(Static).update(" · ".join(t for t in (prefix, table.detail()) if t))


def refill(
    table: DataTable[str], rows: list[tuple[str, tuple[Cell, ...]]], *, focus: bool = True
) -> None:
    """Replace a table's rows (key, cells), keeping the cursor on the same line, and focus it
    (unless the screen's focus belongs elsewhere); a `FitTable` also fits its columns to its
    width."""
    if isinstance(table, FitTable):
        table.fill(rows, focus=focus)
        return
    row = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(max(row, 0), len(rows) - 1))
    if focus:
        table.focus(scroll_visible=False)


def cursor_key(table: DataTable[str]) -> str | None:
    """The key of the row under the cursor; None for an empty table."""
    if not table.row_count or table.cursor_row < 0:
        return None
    return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
