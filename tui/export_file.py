"""积分导出 written to a file: the server's pages as .xlsx (openpyxl) or .csv (UTF-8 with a BOM,
so that Excel reads the Chinese), a header block (the org, the period, the export date in
Beijing time) above the table. Written atomically: a temp file beside the target, then
os.replace, so a failed write leaves no half file and never clobbers the old one."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from contract import schemas
from tui import strings
from tui.format import when

Cell = str | int


def header_lines(first: schemas.PointsExportPage) -> list[list[Cell]]:
    period = strings.EXPORT_PERIOD.format(
        first=first.first_day, last=first.last_day, year=first.year
    )
    lines: list[list[Cell]] = [[strings.EXPORT_H_ORG, first.scope_path]]
    if first.scope_code:
        lines.append([strings.EXPORT_H_CODE, first.scope_code])
    lines += [
        [strings.EXPORT_H_PERIOD, period],
        [strings.EXPORT_H_DATE, when(first.exported_at)],
        [strings.EXPORT_H_NOTE, strings.EXPORT_NOTE],
    ]
    return lines


def columns(first: schemas.PointsExportPage) -> list[str]:
    return [
        *strings.EXPORT_COLUMNS_BEFORE,
        *(c.name for c in first.categories),
        strings.EXPORT_COL_TOTAL,
    ]


def table_rows(pages: Sequence[schemas.PointsExportPage]) -> list[list[Cell]]:
    return [
        [
            r.branch_name,
            r.branch_code or "",
            r.branch_path,
            r.group or "",
            r.username,
            r.name,
            r.kind_name,
            r.org_life,
            r.study,
            r.vanguard,
            r.total,
        ]
        for page in pages
        for r in page.rows
    ]


def write(path: Path, pages: Sequence[schemas.PointsExportPage]) -> int:
    """Write the export to `path` (.csv, else .xlsx); the number of table rows. OSError as the
    system raised it (the caller says it in Chinese)."""
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))
    first = pages[0]
    head, cols, rows = header_lines(first), columns(first), table_rows(pages)
    fd, temp = tempfile.mkstemp(prefix=".gsdj-export-", dir=path.parent)
    os.close(fd)
    try:
        if path.suffix.lower() == ".csv":
            _csv(Path(temp), head, cols, rows)
        else:
            _xlsx(Path(temp), head, cols, rows)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(rows)


def _csv(path: Path, head: list[list[Cell]], cols: list[str], rows: list[list[Cell]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerows(head)
        out.writerow([])
        out.writerow(cols)
        out.writerows(rows)


def _xlsx(path: Path, head: list[list[Cell]], cols: list[str], rows: list[list[Cell]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    clean = ILLEGAL_CHARACTERS_RE.sub
    book = Workbook(write_only=True)  # a province's rows stream out, not held as cells
    sheet = book.create_sheet(strings.EXPORT_SHEET)
    # Widths before the rows (write-only sheets take them first): a CJK character is about
    # two columns wide.
    widths = [24, 12, 44, 12, 12, 12, 14, 10, 10, 10, 8]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for line in head:
        sheet.append(_cells(line, clean))
    sheet.append([])
    from openpyxl.cell import WriteOnlyCell

    bold = Font(bold=True)
    header = []
    for name in cols:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(_cells(row, clean))
    book.save(path)


def _cells(row: list[Cell], clean: Callable[[str, str], str]) -> list[Cell]:
    """The row with the control characters an .xlsx cannot hold (openpyxl refuses them) taken
    out of its texts: a name typed with a stray control character is still exported."""
    return [clean("", v) if isinstance(v, str) else v for v in row]
