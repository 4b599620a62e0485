"""先锋模范 by keyboard with Pilot on a real server: a visitor browses the 心愿树; members of
东关村党支部 (zb005, dy047–dy050) post a wish, a donation and a 随手拍 with an image, claim and
fulfil; the branch admin approves, confirms and rejects from 待审核 in two keys; the 党委 (dw002)
reads the audit. 2028-06."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tests.conftest import login
from tests.server.test_sync import Client as Terminal
from tests.server.test_sync import t
from tests.server.test_vanguard import PNG
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_meetings import _api, _open
from tests.tui.test_player_and_exams import _notes, _text, set_clock
from tui.screens.vanguard.audit import AuditScreen
from tui.screens.vanguard.board import VanguardScreen
from tui.screens.vanguard.item import ItemScreen
from tui.screens.vanguard.post import PostScreen
from tui.widgets.ask import AskText


def _rows(screen, kind: str) -> list[str]:  # type: ignore[no-untyped-def]
    table = screen.query_one(f"#list-{kind}", DataTable)
    return [str(table.get_row_at(i)[0 if kind != "queue" else 1]) for i in range(table.row_count)]


async def _select(pilot, kind: str, title: str) -> None:  # type: ignore[no-untyped-def]
    table = pilot.app.screen.query_one(f"#list-{kind}", DataTable)
    table.move_cursor(row=_rows(pilot.app.screen, kind).index(title))
    await pilot.pause()


async def test_visitor_browses_the_wish_tree(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, VanguardScreen) and app.screen.tabs == ["wish"]
        assert "帮忙修理院门" in _rows(app.screen, "wish")
        footer = app.screen._compositor.render_strips()[-1].text
        assert "发布" not in footer, footer  # a visitor has nothing to post: P is not offered
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemScreen)
        assert "联系方式" not in _text(app.screen, "#item-body")  # private to the branch
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "LoginScreen"


async def test_members_post_and_the_admin_approves_in_two_keys(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    set_clock(sqlite_server, "2028-06-05T10:00:00+08:00")
    member = make_app(sqlite_server.url)
    async with member.run_test(size=(120, 36), notifications=True) as pilot:
        await log_in(pilot, "dy047")
        await _open(pilot, "vanguard", VanguardScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(member.screen, PostScreen)
        await pilot.press("ctrl+s")
        assert "请填写标题和内容" in _text(member.screen, "#post-error")
        await pilot.click("#post-title")
        await pilot.press(*"帮忙搬运过冬煤炭", "tab", *"家中老人无力搬运", "tab", *"13700000000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(member.screen, VanguardScreen)
        assert "心愿已发布到心愿树" in _notes(member)[-1]
        assert "帮忙搬运过冬煤炭" in _rows(member.screen, "wish")
        # 微捐赠 (tab 2) and 随手拍 (tab 3) with an image by path.
        await pilot.press("2", "p")
        await settle(pilot)
        await pilot.click("#post-title")
        await pilot.press(*"捐赠取暖器", "tab", *"两台,九成新")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已发布,等待支部管理员审核" in _notes(member)[-1]
        await pilot.press("3", "p")
        await settle(pilot)
        await pilot.click("#post-title")
        await pilot.press(*"村口路灯修好了", "tab", *"感谢志愿者连夜抢修")
        (tmp_path / "note.txt").write_text("not an image")
        member.screen.query_one("#post-image").value = str(tmp_path / "note.txt")
        await pilot.press("ctrl+s")
        assert "不是 PNG、JPEG 或 GIF" in _text(member.screen, "#post-error")
        (tmp_path / "灯.png").write_bytes(PNG)
        member.screen.query_one("#post-image").value = str(tmp_path / "灯.png")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(member.screen, VanguardScreen)

    claimer = make_app(sqlite_server.url)
    async with claimer.run_test(size=(120, 36), notifications=True) as pilot:
        await log_in(pilot, "dy048")
        await _open(pilot, "vanguard", VanguardScreen)
        await _select(pilot, "wish", "帮忙搬运过冬煤炭")
        await pilot.press("c")
        await settle(pilot)
        assert "认领:「帮忙搬运过冬煤炭」" in _notes(claimer)[-1]
        await pilot.press("enter")
        await settle(pilot)
        assert "13700000000" in _text(claimer.screen, "#item-body")  # same branch
        await pilot.press("f")
        await settle(pilot)
        assert "已完成待确认" in _text(claimer.screen, "#item-meta")

    admin = make_app(sqlite_server.url)
    async with admin.run_test(size=(120, 36), notifications=True) as pilot:
        await log_in(pilot, "zb005")
        await _open(pilot, "vanguard", VanguardScreen)
        await pilot.press("4")
        await settle(pilot)
        queue = _rows(admin.screen, "queue")
        assert {"帮忙搬运过冬煤炭", "捐赠取暖器", "村口路灯修好了"} <= set(queue)
        await _select(pilot, "queue", "捐赠取暖器")
        await pilot.press("a", "y")
        await settle(pilot)
        assert "微捐赠发布通过审核 +2 积分" in _notes(admin)[-1]
        await _select(pilot, "queue", "帮忙搬运过冬煤炭")
        await pilot.press("a", "y")
        await settle(pilot)
        assert "心愿完成 +10 积分" in _notes(admin)[-1]
        await _select(pilot, "queue", "村口路灯修好了")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(admin.screen, AskText)
        await pilot.press(*"照片与说明不符", "enter")
        await settle(pilot)
        assert "不通过:「村口路灯修好了」" in _notes(admin)[-1]
        assert "村口路灯修好了" not in _rows(admin.screen, "queue")
    rules = {
        r["code"]: r["earned"] for r in _api(sqlite_server, "dy048", "GET", "/me/points")["rules"]
    }
    assert rules["wish_done"] == 10
    rules = {
        r["code"]: r["earned"] for r in _api(sqlite_server, "dy047", "GET", "/me/points")["rules"]
    }
    assert rules["donation_post"] == 2 and rules["snapshot"] == 0

    # dy050 signed in two days ago and pushes a visit made offline yesterday: it earns for
    # yesterday, and 审核记录 lists the push.
    with sqlite_server.client() as http:
        set_clock(sqlite_server, "2028-06-03T09:00:00+08:00")
        terminal = Terminal(http, login(http, "dy050"))
        set_clock(sqlite_server, "2028-06-05T10:30:00+08:00")
        visit = terminal.mutation("third_party", t("2028-06-04T12:00:00+08:00"), code="xuexi")
        out = terminal.push([visit], t("2028-06-05T10:30:00+08:00"))
        assert out["results"][0]["status"] == "applied"
        name = http.get("/api/v1/me", headers=terminal.h).json()["display_name"]
    upper = make_app(sqlite_server.url)
    async with upper.run_test(size=(140, 40), notifications=True) as pilot:
        await log_in(pilot, "dw002")
        await _open(pilot, "audit", AuditScreen)
        pushes = upper.screen.query_one("#audit-backdated", DataTable)
        rows = [[str(c) for c in pushes.get_row_at(i)] for i in range(pushes.row_count)]
        assert [name, "06-04", "1"] in [[r[1], r[3], r[4]] for r in rows]
        recent = upper.screen.query_one("#audit-recent", DataTable)
        titles = {str(recent.get_row_at(i)[3]) for i in range(recent.row_count)}
        assert {"捐赠取暖器", "帮忙搬运过冬煤炭"} <= titles
        per_day = upper.screen.query_one("#audit-per-day", DataTable)
        assert any(
            str(per_day.get_row_at(i)[1]) == "东关村党支部" for i in range(per_day.row_count)
        )
