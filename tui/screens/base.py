"""What the screens behind the home screen share: header, footer, a title, and loading data."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from tui import strings
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike


class PageScreen(Screen[None]):
    """A screen with the status header, a title and the footer; subclasses fill `body()`."""

    TITLE_TEXT: ClassVar[str] = ""
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
        yield Footer()

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
    `COLUMNS`), refills it keeping the cursor on the same line, and reads the key under the cursor."""

    TABLE_ID: ClassVar[str] = "rows"
    COLUMNS: ClassVar[tuple[str, ...]] = ()

    def make_table(self) -> DataTable[str]:
        table: DataTable[str] = DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        table.add_columns(*self.COLUMNS)
        return table

    @property
    def table(self) -> DataTable[str]:
        return self.query_one(f"#{self.TABLE_ID}", DataTable)

    def refill(self, rows: list[tuple[str, tuple[str, ...]]]) -> None:
        refill(self.table, rows)

    def cursor_key(self) -> str | None:
        return cursor_key(self.table)


def refill(table: DataTable[str], rows: list[tuple[str, tuple[str, ...]]]) -> None:
    """Replace a table's rows (key, cells), keeping the cursor on the same line, and focus it."""
    row = table.cursor_row
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(max(row, 0), len(rows) - 1))
    table.focus()


def cursor_key(table: DataTable[str]) -> str | None:
    """The key of the row under the cursor; None for an empty table."""
    if not table.row_count or table.cursor_row < 0:
        return None
    return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
