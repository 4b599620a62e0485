"""Snapshots: the first screens at 100×30, and every main screen at 80×24 and 120×40 (every
entry of the screen registry, login, home, the player, an exam question, a meeting's timeline,
the record editor, 同步 F6, 通知 F7, the attendee picker and a confirm dialog), driven through the
real server on a fixed test clock, with no blinking cursor.

The server listens on a fixed port so that the address shown on the login screen is stable.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.conftest import login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle

# The login screen shows the server's URL, so the port is fixed. Two runs at once on one machine
# (worktrees) may move the second: its screens other than login's still compare.
SNAPSHOT_PORT = int(os.environ.get("GSDJ_SNAPSHOT_PORT", "18731"))
SIZE = (100, 30)
# The demo is seeded at this instant and the server's test clock starts there: the demo's
# meetings, notices and 先锋模范 are dated from it, not from the real day (their pictures used to
# change when the Beijing date turned). Every clock a picture is taken at comes after it.
SEED_AT = "2030-01-01T09:00:00+08:00"


@pytest.fixture(scope="module")
def snapshot_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("snapshot-server")
    proc = start_server(
        workdir,
        f"sqlite:///{workdir / 'snap.sqlite3'}",
        port=SNAPSHOT_PORT,
        extra=("--clock-at", SEED_AT),
    )
    yield proc
    proc.stop()


async def _ready(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    # A blinking cursor would make the picture depend on when it is taken.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def test_login_screen(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=_ready)


def test_login_screen_with_error(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def wrong_password(pilot: Pilot) -> None:
        await log_in(pilot, "dy040", "wrong")
        await _ready(pilot)

    assert snap_compare(
        make_app(snapshot_server.url), terminal_size=SIZE, run_before=wrong_password
    )


def test_home_screen(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def logged_in(pilot: Pilot) -> None:
        await log_in(pilot, "dy001")
        await _ready(pilot)

    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=logged_in)


def test_features_table_aligns_chinese(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def features(pilot: Pilot) -> None:
        await log_in(pilot, "zb001")
        await pilot.app.run_action("open('features')")
        await _ready(pilot)

    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=features)


@pytest.fixture(scope="module")
def watched(snapshot_server: ServerProcess) -> None:
    """dy002 watched 0–100 s and 300–400 s of a 10-minute video (video 4 of course 2)."""
    with snapshot_server.client() as http:
        http.put("/api/v1/test/clock", json={"now": "2030-01-03T09:00:00+08:00"})
        h = login(http, "dy002")
        http.post("/api/v1/courses/2/enrol", headers=h)
        session = http.post("/api/v1/videos/4/watch", headers=h).json()["session_id"]
        http.post("/api/v1/test/clock/advance", json={"seconds": 200})
        body = {
            "segments": [{"from_s": 0, "to_s": 100}, {"from_s": 300, "to_s": 400}],
            "position_s": 400,
        }
        assert (
            http.post(f"/api/v1/watch/{session}/progress", headers=h, json=body).status_code == 200
        )


def test_player_shows_coverage_and_the_next_point(
    snap_compare, snapshot_server: ServerProcess, watched: None
) -> None:  # type: ignore[no-untyped-def]
    """A member who watched 0–100 s and 300–400 s of a 10-minute video, paused at 400 s."""

    async def player(pilot: Pilot) -> None:
        await log_in(pilot, "dy002")
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await _ready(pilot)

    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=player)


def test_exam_question(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def exam(pilot: Pilot) -> None:
        await log_in(pilot, "dy003")
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right", "right", "a", "c")
        await _ready(pilot)

    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=exam)


# Every main screen at the smallest and a large common terminal size (issue 14): Chinese text
# aligned, long text cut with "…" rather than wrapped or shifted, the footer's keys visible.
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
CLOCK = "2030-01-06T09:00:00+08:00"
LONG_TITLE = "学习贯彻党的二十届四中全会精神暨全面从严治党主体责任专题组织生活会"


@pytest.fixture(scope="module")
def fixed_meeting(snapshot_server: ServerProcess) -> int:
    """A 支部党员大会 with a long title, created and notified at a fixed instant of the test
    clock; one member attends, one asks for leave with a long reason."""
    with snapshot_server.client() as http:
        assert http.put("/api/v1/test/clock", json={"now": CLOCK}).is_success
        h = login(http, "zb003")
        body = {"type": "general", "title": LONG_TITLE, "place": "机关三楼会议室",
                "starts_at": "2030-01-08T09:00:00+08:00"}  # fmt: skip
        mid = http.post("/api/v1/meetings", headers=h, json=body).json()["meeting"]["id"]
        members = [login(http, u) for u in ("dy025", "dy026", "dy027")]
        ids = [http.get("/api/v1/me", headers=m).json()["id"] for m in members]
        assert http.post(
            f"/api/v1/meetings/{mid}/notify", headers=h, json={"account_ids": ids}
        ).is_success
        http.post(f"/api/v1/meetings/{mid}/feedback", headers=members[0], json={"answer": "attend"})
        http.post(f"/api/v1/meetings/{mid}/feedback", headers=members[1],
                  json={"answer": "leave", "reason": "外出参加市委党校中青年干部培训班"})  # fmt: skip
        return int(mid)


@pytest.fixture(scope="module")
def fixed_donations(snapshot_server: ServerProcess) -> None:
    """Two 微捐赠 of dy025 at the fixed clock, one with a long title, the other approved. (The
    demo's own 先锋模范 items are dated from the moment its server started, and the 心愿树 shows
    every branch's: the picture is of the 微捐赠 tab, which shows only the member's branch.)"""
    with snapshot_server.client() as http:
        assert http.put("/api/v1/test/clock", json={"now": CLOCK}).is_success
        poster, admin = login(http, "dy025"), login(http, "zb003")
        for title in ("为社区独居老人捐赠冬季取暖器和棉被以及一批常用药品", "捐赠图书"):
            body = {"title": title, "body": "说明"}
            item = http.post("/api/v1/donations", headers=poster, json=body).json()["item"]
        assert http.post(f"/api/v1/donations/{item['id']}/approve", headers=admin).is_success


EXCHANGE: dict[str, int] = {}


@pytest.fixture(scope="module")
def fixed_exchange(snapshot_server: ServerProcess) -> None:
    """经验交流 of 东关村党支部 (zb005) at the fixed clock: one with a long title waiting for
    review, one returned once, resubmitted, approved, liked and commented on (the demo's own
    posts are dated from the moment its server started: the picture is of 本支部)."""
    with snapshot_server.client() as http:
        assert http.put("/api/v1/test/clock", json={"now": CLOCK}).is_success
        branch, upper, member = login(http, "zb005"), login(http, "dw002"), login(http, "dy047")

        def write(title: str) -> int:
            body = {"title": title, "body": "支部的具体做法、成效和体会。"}
            return int(
                http.post("/api/v1/exchange", headers=branch, json=body).json()["post"]["id"]
            )

        def act(h: dict[str, str], pid: int, action: str, **body: str) -> None:
            url = f"/api/v1/exchange/{pid}/{action}"
            assert http.post(url, headers=h, json=body or None).is_success

        waiting = write("村党支部推行“党员联户+积分管理”激发乡村振兴内生动力的做法与体会")
        act(branch, waiting, "submit")
        done = write("东关村党支部“三会一课”规范化的经验")
        content = base64.b64encode("会议记录模板".encode()).decode()
        http.post(f"/api/v1/exchange/{done}/attachments", headers=branch,
                  json={"name": "会议记录模板.txt", "content_base64": content})  # fmt: skip
        act(branch, done, "submit")
        act(upper, done, "reject", reason="请补充具体成效")
        act(branch, done, "submit")
        act(upper, done, "approve")
        assert http.post(f"/api/v1/exchange/{done}/like", headers=member).is_success
        http.post(f"/api/v1/exchange/{done}/comments", headers=member,
                  json={"body": "做法很实在,值得学习。"})  # fmt: skip
        EXCHANGE["published"] = done


async def _exchange(pilot: Pilot) -> None:
    await _open(pilot, "exchange")
    await pilot.press("2")
    await settle(pilot)


async def _exchange_post(pilot: Pilot) -> None:
    from tui.screens.exchange.post import ExchangePostScreen

    await pilot.app.push_screen(ExchangePostScreen(EXCHANGE["published"]))
    await settle(pilot)


async def _vanguard(pilot: Pilot) -> None:
    await _open(pilot, "vanguard")
    await pilot.press("2")
    await settle(pilot)


async def _open(pilot: Pilot, code: str) -> None:
    await pilot.app.run_action(f"open('{code}')")
    await settle(pilot)


async def _meeting(pilot: Pilot, meeting_id: int) -> None:
    from tui.screens.meetings.timeline import MeetingScreen

    await pilot.app.push_screen(MeetingScreen(meeting_id))
    await settle(pilot)


async def _player(pilot: Pilot) -> None:
    from tui.screens.player import PlayerScreen

    await pilot.app.push_screen(PlayerScreen(4))
    await settle(pilot)


async def _exam(pilot: Pilot) -> None:
    await _open(pilot, "exams")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("right", "a")


async def _record(pilot: Pilot, meeting_id: int) -> None:
    from tui.screens.meetings.record import RecordScreen

    await _meeting(pilot, meeting_id)
    meeting = pilot.app.screen.meeting  # type: ignore[attr-defined]
    await pilot.app.push_screen(RecordScreen(meeting, "record"))


async def _picker(pilot: Pilot, meeting_id: int) -> None:
    from tui.screens.meetings.picker import AttendeePicker

    await _meeting(pilot, meeting_id)
    await pilot.app.push_screen(AttendeePicker(pilot.app.screen.meeting))  # type: ignore[attr-defined]


async def _confirm(pilot: Pilot, meeting_id: int) -> None:
    from tui import strings
    from tui.widgets.confirm import Confirm

    await _meeting(pilot, meeting_id)
    await pilot.app.push_screen(Confirm(strings.CONFIRM_APPROVE.format(title=LONG_TITLE)))


async def _big_screen(pilot: Pilot) -> None:
    """党建大屏 held still for the picture: its first panel (no turn comes), refreshed "at" the
    test clock's moment rather than the machine's."""
    from datetime import datetime

    from tui.screens.big_screen import BigScreen

    screen = BigScreen()
    screen.CYCLE_SECONDS = 86400.0
    fixed = datetime.fromisoformat(CLOCK).timestamp()
    screen.clock = lambda: fixed  # type: ignore[method-assign]
    await pilot.app.push_screen(screen)
    await settle(pilot)


async def _standards(pilot: Pilot) -> None:
    """学标对标 of zb001's field, its first item checked again at the fixed clock (the demo's
    checks are dated from when its server started; the line under the table shows the time)."""
    client = pilot.app.session.client
    first = (await client.standard("organ")).aspects[0].items[0]
    await client.check_standard(first.id, "met", "每月学习有记录")
    await _open(pilot, "standards")


def _code(code: str):  # type: ignore[no-untyped-def]
    return lambda pilot, meeting_id: _open(pilot, code)


async def _map_city(pilot: Pilot) -> None:
    """党建地图, then Enter on the first 市州 (兰州市): its 党委 and their figures."""
    await _open(pilot, "map")
    await pilot.press("enter")
    await settle(pilot)


async def _search(pilot: Pilot) -> None:
    """搜索 (Ctrl+F) with 党员 typed: the server's groups and the guide's, as you type."""
    from textual.widgets import Input

    from tui.screens.search import DEBOUNCE_SECONDS

    await pilot.press("ctrl+f")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = "党员"
    await pilot.pause(DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)


async def _org_picker(pilot: Pilot) -> None:
    """账号管理's O as a 党委 admin, with 支部 typed: its scope's branches found by name, each
    with the path above it."""
    from textual.widgets import Input

    from tui.widgets.org_picker import DEBOUNCE_SECONDS

    await _open(pilot, "accounts")
    await pilot.press("o")
    await settle(pilot)
    pilot.app.screen.query_one(Input).value = "支部"
    await pilot.pause(DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)


# screen → (who looks at it, how it is reached from home). Every code of tui/screens/registry.py
# is here: tests/tui/test_layout.py fails when one is missing.
MAIN_SCREENS = {
    "login": (None, None),
    "home": ("dy002", None),
    "news": ("dy002", _code("news")),
    "study": ("dy002", _code("study")),
    "exams": ("dy002", _code("exams")),
    "meetings": ("zb003", _code("meetings")),
    "my_meetings": ("dy025", _code("my_meetings")),
    "compliance": ("dw001", _code("compliance")),
    "analytics": ("dw001", _code("analytics")),
    "vanguard": ("dy025", lambda pilot, meeting_id: _vanguard(pilot)),
    "exchange": ("zb005", lambda pilot, meeting_id: _exchange(pilot)),
    "exchange_post": ("zb005", lambda pilot, meeting_id: _exchange_post(pilot)),
    "party_services": (None, lambda pilot, meeting_id: pilot.press("f6")),
    "audit": ("dw001", _code("audit")),
    "points": ("dy002", _code("points")),
    "boards": ("dy002", _code("boards")),
    "profile": ("dy002", _code("profile")),
    "password": ("dy002", _code("password")),
    "orgs": ("dw001", _code("orgs")),
    "publish": ("dw001", _code("publish")),
    "features": ("dy002", _code("features")),
    "org_import": ("zb003", _code("org_import")),
    "guide": ("dy002", _code("guide")),
    "player": ("dy002", lambda pilot, meeting_id: _player(pilot)),
    "exam_question": ("dy010", lambda pilot, meeting_id: _exam(pilot)),
    "timeline": ("zb003", _meeting),
    "record_editor": ("zb003", _record),
    "picker": ("zb003", _picker),
    "confirm": ("zb003", _confirm),
    "sync": ("dy002", lambda pilot, meeting_id: pilot.press("f6")),
    # Opening 通知 marks them read: each size has its own reader (NOTICES_READERS), and neither
    # is a user of another picture, whose header shows the unread badge.
    "notices": ("dy026", lambda pilot, meeting_id: pilot.press("f7")),
    "branch": ("zb004", _code("branch")),
    "accounts": ("zb004", _code("accounts")),
    "org_picker": ("dw001", lambda pilot, meeting_id: _org_picker(pilot)),
    "map": ("sw001", _code("map")),
    "map_city": ("sw001", lambda pilot, meeting_id: _map_city(pilot)),
    "big_screen": ("sw001", lambda pilot, meeting_id: _big_screen(pilot)),
    "standards": ("zb001", lambda pilot, meeting_id: _standards(pilot)),
    "standards_overview": ("dw001", _code("standards_overview")),
    "standards_column": ("dy002", _code("standards_column")),
    "search": ("dy002", lambda pilot, meeting_id: _search(pilot)),
}


NOTICES_READERS = {"80x24": "dy026", "120x40": "dy027"}  # both notified of fixed_meeting


@pytest.fixture(scope="module")
def daily_run(
    snapshot_server: ServerProcess,
    fixed_meeting: int,
    watched: None,
    fixed_donations: None,
    fixed_exchange: None,
) -> None:
    """The daily job for the day before CLOCK, run once the data is in: 督办达标 and the boards
    are the same whatever order the pictures are taken in (the server's own runner looks every
    30 s, so whether it had run depended on how long the module had been going)."""
    with snapshot_server.client() as http:
        assert http.put("/api/v1/test/clock", json={"now": CLOCK}).is_success
    subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", "2030-01-05",
         "--db", snapshot_server.database_url],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(MAIN_SCREENS))
def test_main_screens_at_both_sizes(  # type: ignore[no-untyped-def]
    snap_compare, snapshot_server: ServerProcess, fixed_meeting: int, daily_run: None,
    screen: str, size: str,
) -> None:  # fmt: skip
    user, reach = MAIN_SCREENS[screen]
    if screen == "notices":
        user = NOTICES_READERS[size]

    async def open_screen(pilot: Pilot) -> None:
        with snapshot_server.client() as http:
            assert http.put("/api/v1/test/clock", json={"now": CLOCK}).is_success
        if user is not None:
            await log_in(pilot, user)
        if reach is not None:
            await reach(pilot, fixed_meeting)
        await _ready(pilot)

    assert snap_compare(
        make_app(snapshot_server.url), terminal_size=SIZES[size], run_before=open_screen
    )
