"""A server that hangs (its process stopped: connections are accepted, nothing is answered) never
holds the terminal: a 请假 given in its dialog is sent from a worker, so the keys pressed while
the request waits are handled at once, not all together when it gives up; and a push of one
action gives up as soon as any other request would (it stays queued, to be sent later)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from api_client.client import DEFAULT_TIMEOUT, FEW_ACTIONS, SYNC_TIMEOUT
from tests.conftest import login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.home import HomeScreen
from tui.screens.meetings.mine import MyMeetingsScreen


@pytest.fixture
def held_server(tmp_path) -> Iterator[ServerProcess]:  # type: ignore[no-untyped-def]
    proc = start_server(tmp_path, f"sqlite:///{tmp_path / 'gsdj.sqlite3'}")
    yield proc
    if proc.process.poll() is None:
        os.kill(proc.process.pid, signal.SIGCONT)
    proc.stop()


def test_a_push_of_a_few_actions_waits_no_longer_than_any_request() -> None:
    assert FEW_ACTIONS >= 1
    assert DEFAULT_TIMEOUT.read is not None and SYNC_TIMEOUT.read is not None
    assert DEFAULT_TIMEOUT.read < SYNC_TIMEOUT.read


async def test_keys_are_handled_while_a_leave_waits_for_a_hung_server(
    held_server: ServerProcess,
) -> None:
    with held_server.client() as http:
        starts = (datetime.now(UTC) + timedelta(days=20)).isoformat()
        admin = login(http, "zb002")
        created = http.post("/api/v1/meetings", headers=admin, json={
            "type": "theme_day", "title": "挂起时的主题党日", "starts_at": starts, "place": "会议室",
        }).json()  # fmt: skip
        me = http.get("/api/v1/me", headers=login(http, "dy019")).json()["id"]
        notified = http.post(
            f"/api/v1/meetings/{created['meeting']['id']}/notify",
            headers=admin,
            json={"account_ids": [me]},
        )
        assert notified.is_success, notified.text
    app = make_app(held_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy019")
        await app.action_open("my_meetings")
        await settle(pilot)
        assert isinstance(app.screen, MyMeetingsScreen)
        await pilot.press("2")
        await settle(pilot)
        os.kill(held_server.process.pid, signal.SIGSTOP)  # the server hangs
        await pilot.press(*"外出学习", "enter")
        for _ in range(5):
            await pilot.pause()
        await pilot.press("escape")  # while the 请假 waits for the server
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, HomeScreen):
                break
        assert isinstance(app.screen, HomeScreen), "Esc waited for the hung server"
        os.kill(held_server.process.pid, signal.SIGCONT)
        await settle(pilot)
        assert app.pending == 0  # the 请假 reached the server once it answered again
