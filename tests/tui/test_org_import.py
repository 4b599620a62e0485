"""组织与人员导入 in the terminal (issue 16): a branch admin types a workbook's path, sees its
bad rows in the table, fixes the file, sees the counts, confirms with Ctrl+S, and finds the
one-time passwords in a 0600 file. Pilot on a real server of its own (the import changes the
demo's tree)."""

from __future__ import annotations

import base64
import csv
import io
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.conftest import demo_server_on, login
from tests.server.test_org_import import workbook_bytes
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.org_import import OrgImportScreen

BRANCH = "GS010101"  # zb001's branch in the demo: 综合执法局第一党支部


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from demo_server_on("sqlite", tmp_path_factory, prefix="import-tui")


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def _type_path(pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("#import-path", Input)
    field.value = str(path)
    field.focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_the_branch_admin_checks_then_imports(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(
        workbook_bytes(
            [("GS01010109", "第九党小组", "党小组", BRANCH, "", "")],
            [("tui_new_1", "新党员甲", "党员", BRANCH, "GS01010109", "文体委员")],
        )
    )
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        workbook_bytes(
            [("GS01010109", "第九党小组", "党小组", BRANCH, "", "")],
            [
                ("tui_new_1", "新党员甲", "党员", BRANCH, "GS01010109", "统战委员"),
                ("tui_new_2", "新党员乙", "党员", BRANCH, "GS01010109", ""),
            ],
        )
    )
    out = tmp_path / "keys" / "pw.csv"
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('org_import')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OrgImportScreen)
        await pilot.press("ctrl+s")  # nothing checked yet
        await settle(pilot)
        assert _text(screen, "#import-message") == "请先按回车检查,通过后再确认导入"
        await _type_path(pilot, tmp_path / "missing.xlsx")
        assert "找不到文件" in _text(screen, "#import-message")
        await _type_path(pilot, bad)
        assert "1 处错误" in _text(screen, "#import-message")
        table = screen.query_one(DataTable)
        assert table.display and table.row_count == 1
        row = table.get_row_at(0)
        assert row[0] == "人员" and row[1] == "2" and row[2] == "F"
        assert "未知的委员职位" in str(
            screen.query_one("#row-detail").render()
        ) or "未知的委员职位" in str(row[3])
        await _type_path(pilot, good)
        message = _text(screen, "#import-message")
        assert "检查通过" in message and "组织:新建 1" in message and "账号:新建 2" in message
        assert not table.display
        screen.query_one("#import-out", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = _text(screen, "#import-message")
        assert "已导入" in message and "2 个一次性密码已写入" in message
        # Checked files only: a second Ctrl+S asks for a new check first.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "请先按回车检查" in _text(screen, "#import-message")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["用户名"] for r in rows} == {"tui_new_1", "tui_new_2"}
    with own_server.client() as http:
        r = http.post(
            "/api/v1/auth/login",
            json={
                "username": "tui_new_1",
                "password": rows[0]["一次性密码"]
                if rows[0]["用户名"] == "tui_new_1"
                else rows[1]["一次性密码"],
            },
        )
        assert r.status_code == 200, r.text


async def test_a_member_has_no_import(own_server: ServerProcess) -> None:
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy002")
        features = {f.code: f.allowed for f in await app.session.client.features()}
        assert features["org_import"] is False


async def test_paths_with_spaces_and_files_that_cannot_be_sent(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    data = workbook_bytes([], [("tui_space_1", "空格甲", "党员", BRANCH, "", "")])
    spaced = tmp_path / "组织 人员.xlsx"
    spaced.write_bytes(data)
    other = tmp_path / "另一 份.csv"
    other.write_text("用户名,姓名,账号类别,所在组织代码\ntui_space_2,空格乙,党员,GS010101\n")
    newline = tmp_path / "换\n行.xlsx"
    newline.write_bytes(data)
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('org_import')")
        await settle(pilot)
        screen = app.screen
        await _type_path(pilot, spaced)  # one path, spaces and all
        assert "检查通过" in _text(screen, "#import-message")
        await _type_path(pilot, f'"{spaced}" "{other}"')  # several, quoted
        message = _text(screen, "#import-message")
        assert "检查通过" in message and "账号:新建 2" in message
        await _type_path(pilot, f'"{spaced}')
        assert _text(screen, "#import-message") == "路径中的引号未配对,请检查后重新输入"
        await _type_path(pilot, Path("/proc/self/mem"))  # a file that cannot be read
        assert _text(screen, "#import-message").startswith("无法读取文件 /proc/self/mem:")
        await _type_path(pilot, f"'{newline}'")
        assert "文件名不可用" in _text(screen, "#import-message")
        assert screen is app.screen


async def test_passwords_that_cannot_be_written_are_never_lost(
    own_server: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.widgets.choose import ShowOnce

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    data_dir = tmp_path / "data"
    monkeypatch.setenv("GSDJ_DATA_DIR", str(data_dir))
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('org_import')")
        await settle(pilot)
        screen = app.screen
        # The path asked for cannot be made: the data directory's default takes them.
        first = tmp_path / "one.xlsx"
        first.write_bytes(workbook_bytes([], [("tui_lost_1", "失密甲", "党员", BRANCH, "", "")]))
        screen.query_one("#import-out", Input).value = str(blocker / "pw.csv")
        await _type_path(pilot, first)
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = _text(screen, "#import-message")
        assert "无法写入" in message and "已改存" in message
        (saved,) = (data_dir / "一次性密码").iterdir()
        assert "tui_lost_1" in saved.read_text(encoding="utf-8-sig")
        # Neither can be made: the passwords are shown once in a dialog.
        monkeypatch.setenv("GSDJ_DATA_DIR", str(blocker / "data"))
        second = tmp_path / "two.xlsx"
        second.write_bytes(workbook_bytes([], [("tui_lost_2", "失密乙", "党员", BRANCH, "", "")]))
        await _type_path(pilot, second)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ShowOnce)
        assert "tui_lost_2" in str(app.screen.query_one("#once-secret").render())
        await pilot.press("enter")
        await settle(pilot)
        assert "只在对话框中显示这一次" in _text(screen, "#import-message")


async def test_the_check_lists_what_changes_in_existing_records(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    """A re-import's check shows, field by field, what it would replace (the table), before
    Ctrl+S: a file that would undo someone's edit does not do it unseen."""
    first = workbook_bytes([], [("tui_chg_1", "改名前", "党员", BRANCH, "", "")])
    with own_server.client() as http:
        body = {"files": [{"name": "a.xlsx", "content_base64": base64.b64encode(first).decode()}]}
        r = http.post("/api/v1/orgs/import", json=body, headers=login(http, "zb001"))
        assert r.status_code == 200 and r.json()["applied"] is True, r.text
    again = tmp_path / "again.xlsx"
    again.write_bytes(workbook_bytes([], [("tui_chg_1", "改名后", "党员", BRANCH, "", "")]))
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('org_import')")
        await settle(pilot)
        screen = app.screen
        await _type_path(pilot, again)
        message = _text(screen, "#import-message")
        assert "检查通过" in message and "1 个字段将更新、0 处平台上的修改保留" in message
        table = screen.query_one(DataTable)
        assert table.display and table.row_count == 1
        assert list(table.get_row_at(0)) == ["人员", "2", "B", "tui_chg_1 姓名:改名前 → 改名后"]
