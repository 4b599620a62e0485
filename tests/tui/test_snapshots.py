"""Snapshots of the login and home screens at 100×30, with Chinese text aligned.

The server listens on a fixed port so that the address shown on the login screen is stable.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle

SNAPSHOT_PORT = 18731
SIZE = (100, 30)


@pytest.fixture(scope="module")
def snapshot_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("snapshot-server")
    proc = start_server(workdir, f"sqlite:///{workdir / 'snap.sqlite3'}", port=SNAPSHOT_PORT)
    yield proc
    proc.stop()


async def _ready(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    # A blinking cursor would make the picture depend on when it is taken.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
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


def test_player_shows_coverage_and_the_next_point(
    snap_compare, snapshot_server: ServerProcess
) -> None:  # type: ignore[no-untyped-def]
    """A member who watched 0–100 s and 300–400 s of a 10-minute video, paused at 400 s."""
    with snapshot_server.client() as http:
        http.put("/api/v1/test/clock", json={"now": "2027-03-01T09:00:00+08:00"})
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


# The main screens at the smallest and a large common terminal size (issue 8): Chinese text
# aligned, nothing cut off that matters, the footer's keys visible.
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture(scope="module")
def fixed_meeting(snapshot_server: ServerProcess) -> int:
    """A 支部党员大会 created and notified at a fixed instant of the test clock."""
    with snapshot_server.client() as http:
        assert http.put("/api/v1/test/clock", json={"now": "2030-01-06T09:00:00+08:00"}).is_success
        h = login(http, "zb003")
        body = {"type": "general", "title": "学习贯彻党的二十届四中全会精神", "place": "机关三楼会议室",
                "starts_at": "2030-01-08T09:00:00+08:00"}  # fmt: skip
        mid = http.post("/api/v1/meetings", headers=h, json=body).json()["meeting"]["id"]
        members = [login(http, u) for u in ("dy025", "dy026", "dy027")]
        ids = [http.get("/api/v1/me", headers=m).json()["id"] for m in members]
        assert http.post(
            f"/api/v1/meetings/{mid}/notify", headers=h, json={"account_ids": ids}
        ).is_success
        http.post(f"/api/v1/meetings/{mid}/feedback", headers=members[0], json={"answer": "attend"})
        http.post(f"/api/v1/meetings/{mid}/feedback", headers=members[1],
                  json={"answer": "leave", "reason": "外出培训"})  # fmt: skip
        return mid


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", ["login", "home", "study", "timeline"])
def test_main_screens_at_both_sizes(  # type: ignore[no-untyped-def]
    snap_compare, snapshot_server: ServerProcess, fixed_meeting: int, screen: str, size: str
) -> None:
    async def open_screen(pilot: Pilot) -> None:
        if screen == "home":
            await log_in(pilot, "dy002")
        elif screen == "study":
            await log_in(pilot, "dy002")
            await pilot.press("2")
        elif screen == "timeline":
            from tui.screens.meetings.timeline import MeetingScreen

            await log_in(pilot, "zb003")
            await pilot.app.push_screen(MeetingScreen(fixed_meeting))
        await _ready(pilot)

    assert snap_compare(
        make_app(snapshot_server.url), terminal_size=SIZES[size], run_before=open_screen
    )
