"""学标对标, 对标总览 and 标准化专栏 in the terminal (issue 18), at 80×24 on the real server:
the branch's own field first with its marks in words, the self-check form of its admin only,
the overview showing the server's figures, the province's column keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from server.demo.standards import standard_text
from server.domain.orgs import BranchField
from tests.conftest import demo_server_on, login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.screens.standards import BranchStandardsScreen, StandardsScreen
from tui.screens.standards_column import StandardsColumnScreen
from tui.screens.standards_form import CheckForm
from tui.screens.standards_overview import StandardsOverviewScreen
from tui.widgets.confirm import Confirm


def _keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {k for k, b in app.screen.active_bindings.items() if b.binding.show}


def _rows(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def test_a_member_reads_the_own_field_first_with_the_marks_in_words(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy001")
        await app.run_action("open('branch')")
        await settle(pilot)
        await pilot.press("b")  # 我的支部 → 学标对标, on the branch's own field
        await settle(pilot)
        assert isinstance(app.screen, StandardsScreen)
        assert _text(app.screen, "#standard-head").startswith("机关领域")
        rows = _rows(app.screen.query_one(DataTable))
        assert rows[0][:2] == ["政治建设", "1.1"]
        assert any(r[3] == "✓ 达标" for r in rows) and any(r[3] == "◐ 部分达标" for r in rows)
        assert "e" not in _keys(app) and "z" not in _keys(app)
        assert "l" in _keys(app)
        # L: another field, which has no checks of this branch.
        await pilot.press("l")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert "(本支部)" in str(options.get_option_at_index(0).prompt)
        options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert _text(app.screen, "#standard-head").startswith("农村领域")
        assert all(r[3] == "" for r in _rows(app.screen.query_one(DataTable)))


async def test_the_branch_admin_saves_a_self_check_from_the_form(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb002")
        await app.run_action("open('standards')")
        await settle(pilot)
        assert {"l", "e"} <= _keys(app)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=2)
        number = _rows(table)[2][1]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, CheckForm)
        app.screen.query_one(OptionList).highlighted = 2  # ○ 未达标
        app.screen.query_one(Input).value = ""
        app.screen.query_one(Input).focus()
        await pilot.press(*"台账下月补齐", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StandardsScreen)
        row = _rows(app.screen.query_one(DataTable))[2]
        assert (row[1], row[3], row[4]) == (number, "○ 未达标", "台账下月补齐")
        assert "台账下月补齐" in _text(app.screen, "#row-detail")
    with httpx.Client(base_url=sqlite_server.url) as http:
        field = http.get("/api/v1/standards", headers=login(http, "zb002")).json()["fields"][0]
        d = http.get(f"/api/v1/standards/{field['field']}", headers=login(http, "zb002")).json()
        item = next(i for a in d["aspects"] for i in a["items"] if i["number"] == number)
        assert item["check"]["mark"] == "not_yet" and item["check"]["note"] == "台账下月补齐"


async def test_the_overview_shows_the_servers_figures(sqlite_server: ServerProcess) -> None:
    with httpx.Client(base_url=sqlite_server.url) as http:
        o = http.get("/api/v1/standards/overview", headers=login(http, "dw001")).json()
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dw001")
        await app.run_action("open('standards_overview')")
        await settle(pilot)
        assert isinstance(app.screen, StandardsOverviewScreen)
        aspects = _rows(app.screen.query_one("#overview-aspects", DataTable))
        assert [r[0] for r in aspects] == [a["name"] for a in o["aspects"]]
        for row, a in zip(aspects, o["aspects"], strict=True):
            assert row[1] == (f"{a['met'] * 100 / a['total']:.0f}%" if a["total"] else "—")
            assert row[2:] == [str(a["met"]), str(a["partly"]), str(a["not_yet"]), str(a["total"])]
        worst = _rows(app.screen.query_one("#overview-worst", DataTable))
        assert [(r[1], r[3]) for r in worst] == [
            (w["number"], str(w["not_met"])) for w in o["worst"]
        ]
        branches = _rows(app.screen.query_one("#overview-branches", DataTable))
        assert [r[0] for r in branches] == [r["name"] for r in o["rows"]]
        # At 80×24 the branches' table is below the other two: the page brings it in view
        # (it had the focus, off screen, and no key reached it).
        table = app.screen.query_one("#overview-branches", DataTable)
        page = app.screen.query_one("VerticalScroll")
        assert table.has_focus and page.scroll_y > 0
        assert table.region.height >= 2 and table.region.bottom <= page.region.bottom  # in view
        # Enter on a branch: its self-checks item by item; Esc back to the overview.
        app.screen.query_one("#overview-branches", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BranchStandardsScreen)
        first = o["rows"][0]
        assert f"{first['name']}自查:✓ 达标 {first['met']}" in _text(app.screen, "#standard-head")
        marks = [r[3] for r in _rows(app.screen.query_one(DataTable))]
        assert sum(m == "✓ 达标" for m in marks) == first["met"]
        assert "e" not in _keys(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StandardsOverviewScreen)
    # A branch admin is refused by the server, in Chinese, on the page's notice.
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb001")
        await app.run_action("open('standards_overview')")
        await settle(pilot)
        assert not app.screen.query_one("#overview-branches", DataTable).row_count


async def test_the_province_puts_an_item_into_the_column_and_takes_it_out(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sw001")
        await app.run_action("open('standards')")
        await settle(pilot)
        assert "z" in _keys(app) and "e" not in _keys(app)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=4)
        number, title = _rows(table)[4][1:3]
        source = f"农村 {number}"  # the first field of an account of no branch
        await pilot.press("z")
        await settle(pilot)
        assert _rows(app.screen.query_one(DataTable))[4][2] == title + "(已入专栏)"
        await app.run_action("open('standards_column')")
        await settle(pilot)
        assert isinstance(app.screen, StandardsColumnScreen)
        assert {"a", "d"} <= _keys(app)
        column = app.screen.query_one(DataTable)
        last = column.row_count - 1
        assert _rows(column)[last][2:] == [title, source]
        column.move_cursor(row=last)
        entry = app.screen.entries[app.screen.cursor_key() or ""]
        assert entry.item_id is not None and entry.field is not None
        # Enter opens 学标对标 on the item's field with the cursor on it.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StandardsScreen)
        assert app.screen.field == entry.field
        assert app.screen.cursor_key() == str(entry.item_id)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StandardsColumnScreen)
        # D asks first: N keeps the entry, Y takes it out.
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and title in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert source in [r[3] for r in _rows(app.screen.query_one(DataTable))]
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert source not in [r[3] for r in _rows(app.screen.query_one(DataTable))]
    # A member reads the column without the curator's keys.
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy001")
        await app.run_action("open('standards_column')")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count >= 1
        assert not {"a", "d"} & _keys(app)


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Loading a standard changes what the shared server's other tests read."""
    yield from demo_server_on("sqlite", tmp_path_factory, "standards-tui")


async def test_publishing_a_standard_file_from_the_publish_screen(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    text = standard_text(BranchField.ORGAN).replace("1.1 理论学习", "1.1 理论学习制度")
    bad = tmp_path / "bad.md"
    bad.write_text("---\n领域: 机关\n标题: 某标准\n---\n# 文化建设\n1.1 学习\n", "utf-8")
    good = tmp_path / "organ.md"
    good.write_text(text, "utf-8")
    for user, path, said in (
        ("dw001", good, "只有省委组织部可以发布支部建设标准"),
        ("sw001", bad, "第 5 行:章节「文化建设」不是标准的方面"),
        ("sw001", good, "已导入机关领域标准《机关党支部建设标准(演示)》:新增 0 条,修改 1 条"),
    ):
        app = make_app(own_server.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, user)
            await app.run_action("open('publish')")
            await settle(pilot)
            app.screen.query_one("#publish-path", Input).value = str(path)
            await pilot.press("ctrl+o")
            await settle(pilot)
            assert said in str(app.screen.query_one("#publish-message", Static).render())
    with httpx.Client(base_url=own_server.url) as http:
        d = http.get("/api/v1/standards/organ", headers=login(http, "zb001")).json()
        assert d["aspects"][0]["items"][0]["title"] == "理论学习制度"
        assert d["aspects"][0]["items"][0]["check"]["mark"] == "met"  # the demo's check stays


async def test_offline_the_screens_show_what_was_seen_or_say_it_was_not(tmp_path: Path) -> None:
    server = start_server(tmp_path / "srv", f"sqlite:///{tmp_path / 'gsdj.sqlite3'}",
                          test_clock=False)  # fmt: skip
    app = make_app(server.url)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, "dy001")
            for code in ("standards", "standards_column"):
                await app.run_action(f"open('{code}')")
                await settle(pilot)
                await app.run_action("home")
                await settle(pilot)
            server.stop()  # the server goes away
            await app.run_action("open('standards')")
            await settle(pilot)
            assert app.connection == "offline"
            assert _text(app.screen, "#standard-head").startswith("机关领域")
            assert app.screen.query_one(DataTable).row_count == 18  # from the cache
            assert "数据更新于" in _text(app.screen, "#age")
            await pilot.press("l")  # a field never opened here
            await settle(pilot)
            app.screen.query_one(OptionList).highlighted = 1
            await pilot.press("enter")
            await settle(pilot)
            assert strings.NOT_CACHED in _text(app.screen, "#not-cached")
            assert _text(app.screen, "#standard-head").startswith("机关领域")  # as it was
            assert app.screen.field == "organ"
            await app.run_action("home")
            await settle(pilot)
            await app.run_action("open('standards_column')")
            await settle(pilot)
            assert app.screen.query_one(DataTable).row_count == 5
    finally:
        server.stop()
