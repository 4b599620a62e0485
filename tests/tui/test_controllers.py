"""The app's controllers without Textual: the kiosk's idle clock (time by hand), the notice feed,
the connection and the outbox sync (a real outbox on disk and the real server and client)."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api_client import GsdjClient, ServerUnreachable, TokenStore
from contract import schemas
from offline_cache.store import Outbox
from offline_cache.sync import SyncReport
from tests.conftest import login
from tests.servers import ServerProcess
from tui import strings
from tui.controllers import sync
from tui.controllers.connection import Connection
from tui.controllers.kiosk_clock import IdleState, KioskClock
from tui.controllers.notices import NoticeFeed
from tui.session import Session


class HandClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_controllers_import_no_textual() -> None:
    code = (
        "import sys, tui.controllers.connection, tui.controllers.sync, tui.controllers.notices, "
        "tui.controllers.kiosk_clock\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- the kiosk's idle clock --------------------------------------------------------------------


def test_the_idle_clock_warns_then_logs_out_and_a_key_starts_it_again() -> None:
    clock = HandClock()
    idle = KioskClock(idle_seconds=300, countdown_seconds=30, clock=clock)
    assert idle.tick() == IdleState(None)
    clock.now += 269
    assert idle.tick() == IdleState(None)  # 31 seconds left: no countdown yet
    clock.now += 5.5
    assert idle.tick() == IdleState(26)  # 25.5 seconds left, shown rounded up
    idle.touched()
    assert idle.tick() == IdleState(None)
    clock.now += 299.5
    assert idle.tick() == IdleState(1)
    clock.now += 0.5
    assert idle.tick() == IdleState(None, log_out=True)


# -- notices -------------------------------------------------------------------------------------


def _notices(ids: list[int], unread: int) -> schemas.NoticesOut:
    at = datetime(2028, 7, 1, tzinfo=UTC)
    items = [schemas.NoticeOut(id=i, at=at, text=f"通知{i}", link=None, read=False) for i in ids]
    return schemas.NoticesOut(unread=unread, latest_id=max(ids, default=0), items=items)


def test_the_first_poll_only_sets_the_badge_later_ones_report_what_is_new() -> None:
    feed = NoticeFeed()
    first = feed.receive(_notices([5, 4], unread=2))
    assert (first.fresh, first.more, first.unread, feed.cursor) == ([], 0, 2, 5)
    # The server answers newest first; what is new is shown oldest first.
    second = feed.receive(_notices([7, 6, 5], unread=3))
    assert (second.fresh, second.more, second.unread, feed.cursor) == (["通知6", "通知7"], 0, 3, 7)
    many = feed.receive(_notices([12, 11, 10, 9, 8, 7], unread=8))
    assert (many.fresh, many.more) == (["通知8", "通知9", "通知10"], 2)
    assert feed.receive(_notices([12], unread=8)).fresh == []
    feed.reset()
    assert feed.receive(_notices([13, 12], unread=9)).fresh == []


async def test_a_poll_against_the_server(sqlite_server: ServerProcess) -> None:
    with sqlite_server.client() as http:
        h = login(http, "dy054")
        expected = http.get("/api/v1/me/notices?after=0", headers=h).json()
    token = h["Authorization"].removeprefix("Bearer ")
    feed = NoticeFeed()
    async with GsdjClient(sqlite_server.url, token) as client:
        got = await feed.poll(client)
        assert got is not None and got.unread == expected["unread"] and got.fresh == []
        assert feed.cursor == expected["latest_id"]
        assert await feed.poll(client, wanted=lambda: False) is None  # logged out meanwhile
        assert feed.cursor == expected["latest_id"]
    async with GsdjClient(sqlite_server.url, "not-a-token") as client:
        assert await NoticeFeed().poll(client) is None  # an error waits for the next poll


async def test_a_poll_with_the_server_gone_says_so() -> None:
    """Unreachable is not an error to wait out silently: the app turns its header to 离线."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nobody listens there once closed
    async with GsdjClient(f"http://127.0.0.1:{port}", "a-token") as client:
        with pytest.raises(ServerUnreachable):
            await NoticeFeed().poll(client)


# -- the connection ------------------------------------------------------------------------------


def test_the_probe_runs_while_offline_and_stops_once_online() -> None:
    link = Connection()
    assert link.state == "checking"
    assert link.offline() is True  # start the probe
    assert link.offline() is False  # it already runs
    assert (link.state, link.probing) == ("offline", True)
    assert link.online() == (True, True)  # push the outbox, stop the probe
    assert link.online() == (False, False)
    link.offline()
    link.reached()  # an error answer: the server is there, the probe keeps its schedule
    assert (link.state, link.probing) == ("online", True)


async def test_the_probe_finds_the_server_or_not(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    there = Session(sqlite_server.url, TokenStore(persistent=False), tmp_path)
    gone = Session("http://127.0.0.1:9", TokenStore(persistent=False), tmp_path)
    try:
        assert await Connection.probe(there) is True
        assert await Connection.probe(gone) is False
    finally:
        await there.aclose()
        await gone.aclose()


# -- the outbox ----------------------------------------------------------------------------------


def test_what_became_of_an_action(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "outbox.sqlite3")
    try:
        liked = box.add("like", {"article_id": 1})
        said = box.add("comment", {"article_id": 1, "body": "好"})
        report = SyncReport(
            results={
                liked.id: schemas.MutationResult(
                    id=liked.id, seq=liked.seq, status="applied",
                    result={"message": "已点赞", "earned": []},
                ),
                said.id: schemas.MutationResult(
                    id=said.id, seq=said.seq, status="rejected", code="too_short", message="太短",
                ),
            }
        )  # fmt: skip
    finally:
        box.close()
    applied = sync.outcome(liked, report)
    assert (applied.status, applied.message, applied.result["earned"]) == ("applied", "已点赞", [])
    assert sync.outcome(said, report) == sync.Outcome("rejected", "太短", code="too_short")
    assert sync.outcome(liked, None) == sync.QUEUED  # the push did not reach the server
    assert sync.outcome(liked, SyncReport()) == sync.QUEUED
    assert sync.summary(report) == [
        (strings.SYNC_REJECTED.format(n=1), "warning"),
        (strings.SYNC_DONE.format(n=2), "information"),
    ]
    assert sync.summary(SyncReport()) == []


async def test_a_push_through_the_real_server(sqlite_server: ServerProcess, tmp_path: Path) -> None:
    with sqlite_server.client() as http:
        h = login(http, "dy039")
    box = Outbox(tmp_path / "outbox.sqlite3")
    outbox_sync = sync.Sync()
    try:
        assert await outbox_sync.pending(None) == 0
        refused = await outbox_sync.add(box, "comment", {"article_id": 1, "body": "好"})
        assert await outbox_sync.pending(box) == 1
        async with GsdjClient(sqlite_server.url, h["Authorization"].removeprefix("Bearer ")) as c:
            report = await outbox_sync.push(c, box)
        outcome = sync.outcome(refused, report)
        assert outcome.status == "rejected" and "5 个非空白字符" in outcome.message
        assert await outbox_sync.pending(box) == 0 and [m.id for m in box.rejected()] == [
            refused.id
        ]
        async with GsdjClient("http://127.0.0.1:9") as gone:
            await outbox_sync.add(box, "comment", {"article_id": 1, "body": "又是一条"})
            with pytest.raises(ServerUnreachable):
                await outbox_sync.push(gone, box)
        assert await outbox_sync.pending(box) == 1  # still there for the next push
    finally:
        box.close()


async def test_a_login_announces_the_installation(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    """After a login the terminal tells the server it signed in (an empty push of its client
    id), so actions it queues offline from then on may be dated from that login (SPEC §7) —
    even when they are pushed later with another login's token."""
    import httpx

    from offline_cache.sync import push_outbox

    def clock(iso: str) -> None:
        assert httpx.put(f"{sqlite_server.url}/api/v1/test/clock", json={"now": iso}).is_success

    clock("2031-01-05T09:00:00+08:00")
    session = Session(sqlite_server.url, TokenStore(persistent=False), tmp_path)
    try:
        await session.login("dy020", "gsdj2026")
        outbox = session.outbox
        assert outbox is not None
        clock("2031-01-05T11:00:00+08:00")
        with sqlite_server.client() as http:
            token = login(http, "dy020")["Authorization"].removeprefix("Bearer ")
        # Made an hour ago by the server's clock: after the first login, before the second.
        outbox.add("third_party", {"code": "xuexi"}, at=datetime.now(UTC) - timedelta(hours=1))
        async with GsdjClient(sqlite_server.url, token) as client:
            report = await push_outbox(client, outbox)
        assert report.rejected == [] and [r.status for r in report.results.values()] == ["applied"]
    finally:
        await session.aclose()
