"""积分导出 by keyboard on a real server: E on 我的积分 and on 排行榜 as a branch (zb001) and a
党委 (dw001) writes real .xlsx and .csv files, read back here with openpyxl and csv; a path that
cannot be written is said in Chinese in place; a 党员 is not offered E. 2026-11."""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input, Label

from contract import schemas
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_layout import _footer, _shown_keys
from tests.tui.test_player_and_exams import set_clock
from tui import export_file
from tui.screens.boards import BoardsScreen
from tui.screens.export_dialog import ExportDialog, _write_error
from tui.screens.points import PointsScreen

NOW = "2026-11-20T10:00:00+08:00"
SCREENS = {"points": PointsScreen, "boards": BoardsScreen}


async def _export(pilot, screen: str, path: Path, *, csv_format: bool = False) -> str:  # type: ignore[no-untyped-def]
    await pilot.app.action_open(screen)
    await settle(pilot)
    assert isinstance(pilot.app.screen, SCREENS[screen])
    assert pilot.app.screen.check_action("export", ()) is True
    footer = _footer(pilot.app)  # at 80 columns every shown key is whole, E among them
    assert "导出" in footer
    for key in _shown_keys(pilot.app.screen):
        assert key in footer, (screen, key, footer)
    await pilot.press("e")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    year = dialog.query_one("#export-year", Input)
    year.value = "2026"
    if csv_format:
        await pilot.click("#format-csv")
        await pilot.pause()
    target = dialog.query_one("#export-path", Input)
    assert target.value.endswith(".csv" if csv_format else ".xlsx")  # the name follows the format
    assert "积分导出-" in target.value
    target.value = str(path)
    target.focus()
    await pilot.press("enter")
    await settle(pilot)
    status = str(dialog.query_one("#export-status", Label).render())
    await pilot.press("escape")
    await settle(pilot)
    return status


def _xlsx_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path, read_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def _table(rows: list[list[object]]) -> tuple[list[list[object]], list[object], list[list[object]]]:
    """(header lines, column names, table rows): the header block ends at the blank line."""
    blank = next(i for i, r in enumerate(rows) if not any(c not in (None, "") for c in r))
    return rows[:blank], rows[blank + 1], rows[blank + 2 :]


@pytest.mark.parametrize("who", ["zb001", "dw001"])
async def test_e_exports_the_year_to_xlsx_and_csv(
    sqlite_server: ServerProcess, tmp_path: Path, who: str
) -> None:
    set_clock(sqlite_server, NOW)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, who)
        xlsx, sheet_csv = tmp_path / "年度积分.xlsx", tmp_path / "年度积分.csv"
        said = await _export(pilot, "points", xlsx)
        assert "✓" in said and str(xlsx) in said and "行" in said
        said = await _export(pilot, "boards", sheet_csv, csv_format=True)
        assert "✓" in said and str(sheet_csv) in said

    head, cols, rows = _table(_xlsx_rows(xlsx))
    assert load_workbook(xlsx).active.column_dimensions["A"].width >= 20  # widths are set
    assert [h[0] for h in head][:1] == ["组织"]
    assert any(
        h[0] == "统计期间" and str(h[1]).startswith("2026-01-01 至 2026-11-20") for h in head
    )
    assert any(h[0] == "导出日期" and str(h[1]).startswith("2026-11-20") for h in head)
    assert cols[-4:] == ["组织生活", "教育学习", "先锋模范", "合计"]
    usernames = {r[4] for r in rows}
    assert "dy001" in usernames  # zb001's branch lies under dw001 too
    dy001 = next(r for r in rows if r[4] == "dy001")
    assert all(isinstance(n, int) for n in dy001[-4:])  # numbers as numbers
    assert dy001[-1] == sum(dy001[-4:-1])
    assert f"{len(rows)} 行" in said or len(rows) > 0

    head_c, cols_c, rows_c = _table(_csv_rows(sheet_csv))
    assert [h[0] for h in head_c] == [h[0] for h in head]
    assert cols_c == cols
    assert [r[4] for r in rows_c] == [r[4] for r in rows]  # the same table either way
    assert next(r for r in rows_c if r[4] == "dy001")[-4:] == [str(n) for n in dy001[-4:]]
    if who == "zb001":
        assert {r[0] for r in rows} == {rows[0][0]}  # one branch
        assert "zb001" in usernames  # the branch account's own row (its org-life points)
    else:
        assert len({r[0] for r in rows}) > 1


async def test_a_path_that_cannot_be_written_is_said_in_place(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    set_clock(sqlite_server, NOW)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        said = await _export(pilot, "points", tmp_path / "没有的文件夹" / "a.xlsx")
        assert "✗" in said and "没有这个文件夹" in said
        said = await _export(pilot, "points", tmp_path)  # a folder, no file name
        assert "✗" in said and "文件夹" in said
        if os.geteuid() != 0:  # root writes through any mode bits
            locked = tmp_path / "只读"
            locked.mkdir()
            locked.chmod(0o500)
            try:
                said = await _export(pilot, "points", locked / "a.csv", csv_format=True)
            finally:
                locked.chmod(0o700)
            assert "✗" in said and "没有写入权限" in said
        pilot.app.session.client.offline = True  # known offline: no stale file
        said = await _export(pilot, "points", tmp_path / "离线.xlsx")
        assert "✗" in said and "离线" in said and "联网" in said
    assert list(tmp_path.rglob("*.xlsx")) == [] and list(tmp_path.rglob("*.csv")) == []


def test_write_errors_are_said_in_chinese() -> None:
    path = Path("/nowhere/a.xlsx")
    assert "没有写入权限" in _write_error(PermissionError(13, "denied"), path)
    assert "没有这个文件夹" in _write_error(FileNotFoundError(2, "no"), path)
    assert "文件夹" in _write_error(IsADirectoryError(21, "dir"), path)
    assert "无法写入文件" in _write_error(OSError(28, "No space left on device"), path)


async def test_a_member_is_not_offered_e(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, NOW)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy001")
        for screen in SCREENS:
            await pilot.app.action_open(screen)
            await settle(pilot)
            assert pilot.app.screen.check_action("export", ()) is False
            await pilot.press("e")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, ExportDialog)
            await pilot.press("escape")
            await settle(pilot)


def _page_with(name: str) -> schemas.PointsExportPage:
    row = schemas.PointsExportRow(
        account_id=1, username="dy901", name=name, kind="member", kind_name="党员",
        branch_id=2, branch_name="东关村党支部", branch_code="GS0101",
        branch_path="某党委 / 东关村党支部",
        group=None, org_life=1, study=2, vanguard=3, total=6,
    )  # fmt: skip
    return schemas.PointsExportPage(
        scope=schemas.OrgRef(id=2, kind="branch", name="东关村党支部", kind_name="党支部"),
        scope_code="GS0101",
        scope_path="某党委 / 东关村党支部", year=2026, first_day="2026-01-01",
        last_day="2026-11-20", exported_at=datetime(2026, 11, 20, 2, tzinfo=UTC),
        exported_on="2026-11-20", categories=[], rows=[row], next_after_org=None,
        next_after_account=None,
    )  # fmt: skip


def test_control_characters_in_a_name_are_taken_out_of_the_xlsx(tmp_path: Path) -> None:
    """openpyxl refuses a cell with a control character (IllegalCharacterError): the name is
    written without it, in .xlsx; the .csv keeps the name as the server gave it."""
    page = _page_with("张\x07三\x1b")
    xlsx = tmp_path / "a.xlsx"
    assert export_file.write(xlsx, [page]) == 1
    _, _, rows = _table(_xlsx_rows(xlsx))
    assert rows[0][4:6] == ["dy901", "张三"]
    assert export_file.write(tmp_path / "a.csv", [page]) == 1


async def test_a_year_in_other_digits_and_an_unwritable_name_are_said_in_place(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    """ "①②③④" and "２０２６" pass str.isdigit(); a path with a NUL makes the system raise
    ValueError, not OSError: each is said in Chinese in the dialog, no traceback, no file."""
    set_clock(sqlite_server, NOW)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await pilot.app.action_open("points")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        status = dialog.query_one("#export-status", Label)
        for year in ("①②③④", "２０２６"):
            dialog.query_one("#export-year", Input).value = year
            dialog.query_one("#export-path", Input).value = str(tmp_path / "a.xlsx")
            dialog.query_one("#export-path", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
            assert "✗ 请填写四位数的年份" in str(status.render()), year
        dialog.query_one("#export-year", Input).value = "2026"
        dialog.query_one("#export-path", Input).value = str(tmp_path / "a\x00b.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        assert "✗ 无法写入文件" in str(status.render())
        assert pilot.app.screen is dialog  # still open, the app alive
    assert list(tmp_path.iterdir()) == []


async def test_the_default_folder_is_the_one_readme_names(
    sqlite_server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: the downloads folder, or the home folder where there is none (as over SSH) —
    and the dialog offers exactly that path (it offered the client's data folder)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.action_open("points")
        await settle(pilot)
        for folder in (home, home / "Downloads"):
            folder.mkdir(exist_ok=True)
            await pilot.press("e")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ExportDialog)
            offered = Path(dialog.query_one("#export-path", Input).value)
            assert offered.parent == folder and offered.name.startswith("积分导出-")
            await pilot.press("escape")
            await settle(pilot)
