"""A table whose columns fit the terminal: cells are cut by DISPLAY width (a CJK character is two
cells) with an ellipsis, the columns that may shrink give way widest first, and what was cut is
there in full for the row under the cursor (`detail`), shown under the table by its screen."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable

Cell = str | Text

ELLIPSIS = "…"
SCROLLBAR = 2  # kept free so that a vertical scrollbar never pushes the last column out


class Col(NamedTuple):
    """A column: its header and the width (display cells) it may shrink to; 0 never shrinks
    (times, counts, states: cut, they would mislead)."""

    label: str
    min: int = 0


def clip(cell: Cell, width: int) -> Cell:
    """The cell cut to `width` display cells, ending in an ellipsis when anything was cut."""
    if width <= 0 or cell_len(cell if isinstance(cell, str) else cell.plain) <= width:
        return cell
    text = Text(cell) if isinstance(cell, str) else cell.copy()
    text.truncate(width, overflow="ellipsis")
    return text


def plain(cell: Cell) -> str:
    return cell if isinstance(cell, str) else cell.plain


def fit_widths(cols: list[Col], rows: list[tuple[Cell, ...]], room: int) -> list[int]:
    """Each column's width: its widest cell or header, then the shrinkable columns give way one
    cell at a time, widest first, down to their `min`, until the row fits in `room` cells."""
    widths = [
        max([cell_len(c.label), *(cell_len(plain(r[i])) for r in rows)]) for i, c in enumerate(cols)
    ]
    while sum(widths) > room:
        shrinkable = [i for i, c in enumerate(cols) if c.min and widths[i] > c.min]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


class FitTable(DataTable[str]):
    """A row table of keyed rows whose columns fit its width (refitted when it resizes)."""

    DEFAULT_CSS = "FitTable { width: 1fr; }"
    # Its columns fit its width, so there is nothing to scroll sideways: Home and End go to
    # the first and the last row (DataTable's own Home/End scroll sideways, and only
    # Ctrl+Home/Ctrl+End move the row cursor).
    BINDINGS = [
        Binding("home", "scroll_top", "第一行", show=False),
        Binding("end", "scroll_bottom", "最后一行", show=False),
    ]

    def __init__(self, *cols: Col | str, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.cols = [c if isinstance(c, Col) else Col(c) for c in cols]
        self.full: dict[str, tuple[Cell, ...]] = {}
        self.widths: list[int] = []
        self._fitted_to = -1
        self._filled = False  # rows came through `fill` (a screen may also add rows itself)

    def on_mount(self) -> None:
        if not self.columns:
            self.add_columns(*(c.label for c in self.cols))

    def fill(self, rows: list[tuple[str, tuple[Cell, ...]]], *, focus: bool = True) -> None:
        """Replace the rows (key, cells), keeping the cursor on the same line, and focus it
        without scrolling the page: a table taller than the screen, focused as its rows
        arrived, scrolled the page's title and 数据截至 line out of sight, or not, depending on
        whether the layout had caught up (seen as a 督办达标 picture that differed now and then)."""
        self.full = dict(rows)
        self._filled = True
        self._paint()
        if focus:
            self.focus(scroll_visible=False)

    def _room(self) -> int:
        width = self.size.width or self.app.size.width - 6
        return width - SCROLLBAR - 2 * self.cell_padding * len(self.cols)

    def _paint(self) -> None:
        row = self.cursor_row
        room = self._room()
        self._fitted_to = room
        self.widths = fit_widths(self.cols, list(self.full.values()), room)
        self.clear(columns=True)
        for col, width in zip(self.cols, self.widths, strict=True):
            self.add_column(clip(col.label, width), width=width)
        for key, cells in self.full.items():
            self.add_row(*(clip(c, w) for c, w in zip(cells, self.widths, strict=True)), key=key)
        if self.full:
            self.move_cursor(row=min(max(row, 0), len(self.full) - 1))

    def on_resize(self, event: events.Resize) -> None:
        if self._filled and self._room() != self._fitted_to:
            self._paint()

    def current_key(self) -> str | None:
        if not self.row_count or self.cursor_row < 0:
            return None
        return self.coordinate_to_cell_key((self.cursor_row, 0)).row_key.value

    def detail(self, key: str | None = None) -> str:
        """The cells of the row (under the cursor by default) that were cut, in full:
        "会议:… · 说明:…"; empty when nothing was cut."""
        cells = self.full.get(key if key is not None else self.current_key() or "")
        if cells is None:
            return ""
        return " · ".join(
            f"{col.label}:{plain(cell)}"
            for col, cell, width in zip(self.cols, cells, self.widths, strict=True)
            if cell_len(plain(cell)) > width
        )
