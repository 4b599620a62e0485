"""Crashes during a sync, with real processes: the server killed in the middle of a push and
restarted, and the client killed in the middle of a sync and started again. Nothing is lost and
nothing is credited twice, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from api_client import GsdjClient
from offline_cache.store import Outbox
from offline_cache.sync import push_outbox
from server.domain.clock import shanghai_day
from tests.conftest import BACKENDS, _database_url, login
from tests.servers import ServerProcess, start_server

VIDEO, COURSE = 4, 2  # 党章总纲导读, 600 s


@pytest.fixture(params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    url, drop = _database_url(request.param, tmp_path_factory)
    yield url
    if drop is not None:
        drop()


def actions(now: datetime) -> list[tuple[str, datetime, dict]]:
    """600 one-second video segments watched in the last hour, then 400 third-party visits."""
    began = now - timedelta(minutes=50)
    session = str(uuid.uuid4())
    out = []
    for i in range(600):
        at = began + timedelta(seconds=i + 1)
        out.append(("video_progress", at, {
            "video_id": VIDEO, "client_session": session, "started_at": began.isoformat(),
            "elapsed_s": i + 1, "segments": [{"from_s": i, "to_s": i + 1}],
        }))  # fmt: skip
    for i in range(400):
        out.append(("third_party", began + timedelta(minutes=12, seconds=i), {"code": "xuexi"}))
    return out


def expected_points(batch: list[tuple[str, datetime, dict]]) -> dict[str, int]:
    """SPEC §3 restated, per Asia/Shanghai day: 180 s → 1 (10 a day); third-party 1 (5 a day)."""
    seconds: dict[object, int] = {}
    visits: dict[object, int] = {}
    for kind, at, _ in batch:
        day = shanghai_day(at)
        if kind == "video_progress":
            seconds[day] = seconds.get(day, 0) + 1
        else:
            visits[day] = visits.get(day, 0) + 1
    return {
        "video": sum(min(10, s // 180) for s in seconds.values()),
        "third_party": sum(min(5, v) for v in visits.values()),
    }


def ledger_points(http: httpx.Client, h: dict[str, str]) -> dict[str, int]:
    rows = http.get("/api/v1/me/points/ledger", params={"size": 200}, headers=h).json()["items"]
    totals = {"video": 0, "third_party": 0}
    for r in rows:
        if r["code"] in totals:
            totals[r["code"]] += r["points"]
    return totals


def applied_seqs(http: httpx.Client, h: dict[str, str]) -> list[int]:
    items = http.get("/api/v1/sync/pull", params={"since": 0, "limit": 1000}, headers=h).json()[
        "items"
    ]
    return [i["seq"] for i in items]


def member(server: ServerProcess, username: str) -> dict[str, str]:
    """Logged in an hour ago (the test clock set back for the login), so that actions of the
    last hour may be dated after this installation's sign-in (SPEC §7); the clock is then the
    real one again."""
    with server.client() as http:
        hour_ago = datetime.now(UTC) - timedelta(hours=1)
        assert http.put("/api/v1/test/clock", json={"now": hour_ago.isoformat()}).is_success
        h = login(http, username)
        assert http.post(f"/api/v1/courses/{COURSE}/enrol", headers=h).status_code == 200
        now = datetime.now(UTC)
        assert http.put("/api/v1/test/clock", json={"now": now.isoformat()}).is_success
    return h


def test_server_killed_mid_push_then_restarted(database: str, tmp_path: Path) -> None:
    server = start_server(tmp_path / "first", database)
    h = member(server, "dy060")
    now = datetime.now(UTC).astimezone()
    batch = actions(now)
    client_id = str(uuid.uuid4())
    body = {
        "client_id": client_id,
        "client_time": now.isoformat(),
        "mutations": [
            {"id": str(uuid.uuid4()), "seq": n, "kind": k, "at": at.isoformat(), "args": a}
            for n, (k, at, a) in enumerate(batch, 1)
        ],
    }
    failure: list[BaseException] = []

    def push() -> None:
        try:
            with server.client() as http:
                http.post("/api/v1/sync/push", headers=h, json=body)
        except httpx.HTTPError as exc:
            failure.append(exc)

    pusher = threading.Thread(target=push)
    pusher.start()
    with server.client() as http:
        deadline = time.monotonic() + 60
        while len(applied_seqs(http, h)) < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
    server.process.kill()  # SIGKILL: no shutdown, no flush, in the middle of the batch
    server.process.wait()
    pusher.join(30)
    assert failure, "the push should have been cut off"
    restarted = start_server(tmp_path / "second", database, command="serve", test_clock=False)
    try:
        with restarted.client() as http:
            done_before = applied_seqs(http, h)
            assert 100 <= len(done_before) < 1000
            assert done_before == list(range(1, len(done_before) + 1))  # a prefix, no holes
            out = http.post(
                "/api/v1/sync/push",
                headers=h,
                json={**body, "client_time": datetime.now(UTC).isoformat()},
            )
            assert out.status_code == 200, out.text
            statuses = [r["status"] for r in out.json()["results"]]
            assert statuses.count("duplicate") == len(done_before)
            assert statuses.count("applied") == 1000 - len(done_before)
            assert applied_seqs(http, h) == list(range(1, 1001))
            assert ledger_points(http, h) == expected_points(batch)
    finally:
        restarted.stop()


CLIENT = """
import asyncio, sys
from pathlib import Path
from api_client import GsdjClient
from offline_cache.store import Outbox
from offline_cache.sync import push_outbox

async def main():
    async with GsdjClient(sys.argv[2], sys.argv[3]) as client:
        await push_outbox(client, Outbox(Path(sys.argv[1])), batch=25)

asyncio.run(main())
"""


def test_client_killed_mid_sync_finishes_on_the_next_start(database: str, tmp_path: Path) -> None:
    server = start_server(tmp_path / "server", database)
    try:
        h = member(server, "dy061")
        token = h["Authorization"].removeprefix("Bearer ")
        now = datetime.now(UTC).astimezone()
        batch = actions(now)
        path = tmp_path / "outbox.sqlite3"
        outbox = Outbox(path)
        for kind, at, args in batch:
            outbox.add(kind, args, at=at)
        outbox.close()
        client = subprocess.Popen([sys.executable, "-c", CLIENT, str(path), server.url, token])
        with server.client() as http:
            deadline = time.monotonic() + 60
            while len(applied_seqs(http, h)) < 200 and time.monotonic() < deadline:
                time.sleep(0.05)
            client.kill()
            client.wait()
            applied = len(applied_seqs(http, h))
            assert 200 <= applied < 1000
            reopened = Outbox(path)  # intact: quick_check passes, nothing set aside
            assert reopened.set_aside is None
            left = reopened.count_pending()
            assert 1000 - applied <= left <= 1000 - applied + 25  # the batch in flight may repeat

            async def finish() -> None:
                async with GsdjClient(server.url, token) as client:
                    report = await push_outbox(client, reopened)
                    assert report.stopped is None and not report.rejected

            asyncio.run(finish())
            assert reopened.count_pending() == 0
            assert applied_seqs(http, h) == list(range(1, 1001))
            assert ledger_points(http, h) == expected_points(batch)
    finally:
        server.stop()
