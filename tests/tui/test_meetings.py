"""在线用标 by keyboard with Pilot on a real server: a branch admin creates a 支部委员会, picks the
attendees by 党小组, writes the record (typed and loaded from a file), submits; the 党总支 rejects
with a reason and approves from its review queue; a member answers in two keys, offline too;
the 督办达标 board after the daily job. 综合执法局第二党支部 (zb002, dy015–dy019), 2028."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
from textual.widgets import DataTable, SelectionList

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_player_and_exams import _notes, _text, set_clock
from tui.screens.compliance import ComplianceScreen
from tui.screens.meetings.form import MeetingFormScreen
from tui.screens.meetings.listing import MeetingsScreen
from tui.screens.meetings.mine import MyMeetingsScreen
from tui.screens.meetings.picker import AttendeePicker
from tui.screens.meetings.record import RecordScreen
from tui.screens.meetings.timeline import MeetingScreen
from tui.widgets.ask import AskText


def _api(server: ServerProcess, user: str, method: str, path: str, **kw: object) -> dict:
    with server.client() as http:
        response = http.request(method, f"/api/v1{path}", headers=login(http, user), **kw)
        assert response.status_code == 200, response.text
        return response.json()


async def _open(pilot, code: str, screen_type: type) -> None:  # type: ignore[no-untyped-def]
    """From home, by the digit of the shortcut (the palette opens the same screens)."""
    buttons = list(pilot.app.screen.query("#shortcuts Button"))
    codes = [b.shortcut_code for b in buttons]
    await pilot.press(str(codes.index(code) + 1))
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen_type)


async def test_branch_admin_runs_a_committee_meeting_and_the_upper_org_reviews(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    set_clock(sqlite_server, "2028-03-01T07:00:00+08:00")  # entered before it is held
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await log_in(pilot, "zb002")
        await _open(pilot, "meetings", MeetingsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingFormScreen)
        form.query_one("#form-type").value = "committee"
        await pilot.click("#form-title")
        await pilot.press(*"三月支部委员会")
        await pilot.press("tab", *"2028-03-01 08:00", "tab", *"支部会议室")
        await pilot.press("ctrl+s")
        await settle(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen) and meeting.meeting is not None
        mid = meeting.meeting.id
        assert "等待党支部管理员发通知" in _text(meeting, "#timeline")
        assert "F 发通知" in _text(meeting, "#meeting-actions")
        # 发通知: G picks the first 党小组 at once.
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AttendeePicker)
        await pilot.press("g")
        chosen = picker.query_one(SelectionList).selected
        group = {c.account_id for c in picker.candidates if c.group == "第一党小组"}
        assert set(chosen) == group and len(group) == 5
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "已反馈参加 0/5 人,未达到开会比例" in _text(app.screen, "#timeline")
        for user in ("dy015", "dy017", "dy019"):
            _api(
                sqlite_server, user, "POST", f"/meetings/{mid}/feedback", json={"answer": "attend"}
            )
        set_clock(sqlite_server, "2028-03-01T09:00:00+08:00")  # the meeting has been held
        app.screen.load()
        await settle(pilot)
        assert "等待上传会议记录" in _text(app.screen, "#timeline")
        # The record: loaded from a file, then edited by hand; a file as attachment.
        notes = tmp_path / "纪要.txt"
        notes.write_text("一、传达学习上级文件。\n二、研究发展党员工作。", encoding="utf-8")
        await pilot.press("w")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, RecordScreen)
        await pilot.press("ctrl+l")
        assert "请先在“文件路径”中填写文件位置" in _notes(app)[-1]
        await pilot.click("#record-path")
        await pilot.press(*str(tmp_path / "没有这个文件.txt"))
        await pilot.press("ctrl+l")
        assert "找不到文件" in _notes(app)[-1]
        editor.query_one("#record-path").value = str(notes)
        await pilot.press("ctrl+l")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "已上传附件 纪要.txt" in _notes(app)[-1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "研究发展党员工作" in _text(app.screen, "#record-text")
        assert "纪要.txt" in _text(app.screen, "#record-text")
        await pilot.press("b", "y")
        await settle(pilot)
        assert "已报审,等待兰州新区综合党总支审核" in _notes(app)[-1]
        assert "等待兰州新区综合党总支审核" in _text(app.screen, "#timeline")

    upper = make_app(sqlite_server.url)
    async with upper.run_test(size=(120, 40), notifications=True) as pilot:
        await log_in(pilot, "zzz001")
        await _open(pilot, "meetings", MeetingsScreen)
        queue = upper.screen.query_one("#meeting-list", DataTable)
        assert str(mid) in [k.value for k in queue.rows]  # 待审核 is where it opens
        queue.move_cursor(row=[k.value for k in queue.rows].index(str(mid)))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(upper.screen, AskText)
        await pilot.press(*"请补充表决结果", "enter")
        await settle(pilot)
        assert "已退回党支部修改" in _notes(upper)[-1]

    # The branch sees the reason, edits and submits again (round 2).
    detail = _api(sqlite_server, "zb002", "GET", f"/meetings/{mid}")
    assert "请补充表决结果" in detail["wait"] and detail["round"] == 2
    text = detail["record_text"] + "\n表决:全票通过。"
    _api(sqlite_server, "zb002", "PUT", f"/meetings/{mid}/record", json={"text": text})
    _api(sqlite_server, "zb002", "POST", f"/meetings/{mid}/submit")

    upper = make_app(sqlite_server.url)
    async with upper.run_test(size=(120, 40), notifications=True) as pilot:
        await log_in(pilot, "zzz001")
        await _open(pilot, "meetings", MeetingsScreen)
        queue = upper.screen.query_one("#meeting-list", DataTable)
        queue.move_cursor(row=[k.value for k in queue.rows].index(str(mid)))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(upper.screen, MeetingScreen)
        history = _text(upper.screen, "#history")
        assert "第 1 轮" in history and "第 2 轮" in history and "请补充表决结果" in history
        await pilot.press("a", "y")
        await settle(pilot)
        assert "审核通过,会议完成" in _notes(upper)[-1]
        assert "党支部 支部委员会会议 +10 积分" in _notes(upper)[-1]
        assert _text(upper.screen, "#timeline").count("●") == 7
        # Back in the list, the completed meeting is not offered 审核通过/退回 any more (the
        # server's actions for the row), so nothing asks to approve it again.
        await pilot.press("escape")
        await settle(pilot)
        queue = upper.screen.query_one("#meeting-list", DataTable)
        for _ in range(5):
            if str(mid) in [k.value for k in queue.rows]:
                break
            await pilot.press("s")
            await settle(pilot)
        queue.move_cursor(row=[k.value for k in queue.rows].index(str(mid)))
        await settle(pilot)
        footer = upper.screen._compositor.render_strips()[-1].text
        assert "审核通过" not in footer and "退回" not in footer, footer
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(upper.screen, MeetingsScreen)
    rows = _api(sqlite_server, "zzz001", "GET", "/meetings?state=done")
    assert next(r["actions"] for r in rows if r["id"] == mid) == []
    queued = _api(sqlite_server, "zzz001", "GET", "/meetings?state=review")
    assert all({"approve", "reject"} <= set(r["actions"]) for r in queued)
    rules = _api(sqlite_server, "dy017", "GET", "/me/points")["rules"]
    assert next(r["earned"] for r in rules if r["code"] == "meeting_committee") == 10


async def test_member_answers_in_two_keys_online_and_offline(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2028-04-01T09:00:00+08:00")
    created = _api(sqlite_server, "zb002", "POST", "/meetings", json={
        "type": "theme_day", "title": "四月主题党日", "starts_at": "2028-04-03T09:00:00+08:00",
        "place": "村委会",
    })  # fmt: skip
    mid = created["meeting"]["id"]
    me = _api(sqlite_server, "dy016", "GET", "/me")["id"]
    _api(sqlite_server, "zb002", "POST", f"/meetings/{mid}/notify", json={"account_ids": [me]})
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await log_in(pilot, "dy016")
        await _open(pilot, "my_meetings", MyMeetingsScreen)
        table = app.screen.query_one("#my-meetings", DataTable)
        assert table.get_row_at(0)[1] == "四月主题党日"
        await pilot.press("1")
        await settle(pilot)
        assert "已反馈:参加" in _notes(app)[-1]
        assert table.get_row_at(0)[-1] == "参加"
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        await pilot.press("enter")  # an empty reason is not sent
        assert isinstance(app.screen, AskText)
        await pilot.press(*"家中有事", "enter")
        await settle(pilot)
        assert table.get_row_at(0)[-1] == "请假(家中有事)"
        # Offline: the answer waits in the outbox and goes when the server is back.
        app.session.client.offline = True
        app.went_offline()
        await pilot.press("1")
        await settle(pilot)
        assert "已保存在本机,联网后自动同步" in _notes(app)[-1] and app.pending == 1
        app.came_online()
        await settle(pilot)
        assert app.pending == 0
    attendees = _api(sqlite_server, "zb002", "GET", f"/meetings/{mid}")["attendees"]
    assert [(a["answer"], a["reason"]) for a in attendees] == [("attend", None)]


async def test_compliance_board_after_the_daily_job(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2028-06-01T09:00:00+08:00")  # a day is computed once it has ended
    result = subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", "2028-05-31", "--db",
         sqlite_server.database_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await log_in(pilot, "zzz001")
        await _open(pilot, "compliance", ComplianceScreen)
        assert "数据截至 2028-05-31" in _text(app.screen, "#compliance-as-of")
        table = app.screen.query_one("#compliance", DataTable)
        branches = {str(table.get_row_at(i)[0]) for i in range(table.row_count)} - {""}
        assert branches == {"综合执法局第一党支部", "综合执法局第二党支部"}
        statuses = {str(table.get_row_at(i)[6]) for i in range(table.row_count)}
        assert statuses <= {"✓ 达标", "✗ 未达标"} and "✗ 未达标" in statuses  # a mark, not a colour
        # At 80×24 the state and the 说明 stay on screen; the cut reason shows under the table.
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "状态" in drawn and "说明" in drawn and "达标" in drawn, drawn
        assert "说明:" in _text(app.screen, "#row-detail")
    with httpx.Client(base_url=sqlite_server.url) as http:
        h = login(http, "dy015")
        assert http.get("/api/v1/compliance", headers=h).status_code == 403


async def test_notices_arrive_in_the_background(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2028-07-01T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await log_in(pilot, "dy054")
        await settle(pilot)

        # Count only this notice's toasts: the welcome toast may expire meanwhile on a busy machine.
        def lesson_notes() -> list[str]:
            return [n for n in _notes(app) if "七月党课" in n]

        created = _api(sqlite_server, "zb005", "POST", "/meetings", json={
            "type": "lesson", "title": "七月党课", "starts_at": "2028-07-02T15:00:00+08:00",
            "place": "村委会",
        })  # fmt: skip
        me = _api(sqlite_server, "dy054", "GET", "/me")["id"]
        mid = created["meeting"]["id"]
        _api(sqlite_server, "zb005", "POST", f"/meetings/{mid}/notify", json={"account_ids": [me]})
        app.poll_notices()
        await settle(pilot)
        assert lesson_notes() == ["会议通知:支部党课「七月党课」,2028-07-02 15:00,村委会"]
        header = " ".join(str(w.render()) for w in app.screen.query("StatusHeader Static"))
        assert f"通知 {app.unread}" in header and app.unread >= 1
        await pilot.press("f7")
        await settle(pilot)
        table = app.screen.query_one("#notices", DataTable)
        assert "七月党课" in str(table.get_row_at(0)[2]) and str(table.get_row_at(0)[0]) == "●"
        assert app.unread == 0
        app.poll_notices()  # nothing new: no second notification
        await settle(pilot)
        assert len(lesson_notes()) == 1
