"""Deployments with several processes: migrations started together, workers, the daily job's
lease, and `jobs run-daily` by hand (issue 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from server.domain.clock import SHANGHAI
from tests.conftest import login
from tests.server.test_boards import board, run_daily
from tests.server.test_points import set_clock
from tests.server.test_sync import Client
from tests.servers import (
    ServerProcess,
    create_pg_database,
    postgres_available,
    start_server,
)


def _env() -> dict[str, str]:
    return {
        k: v for k, v in os.environ.items() if k not in ("GSDJ_DATABASE_URL", "GSDJ_TEST_CLOCK")
    }


def _gsdj_server(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "server", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_env(),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database nobody has migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    if (reason := postgres_available()) is not None:
        pytest.skip(reason)
    url, drop = create_pg_database()
    yield url
    drop()


def test_processes_started_together_on_an_empty_database_all_migrate_it(
    empty_database: str, tmp_path: Path
) -> None:
    """Two `migrate` and one `serve` at once: one migrates, the others wait and find it done
    (on PostgreSQL two of three crashed on a unique violation in pg_type; on SQLite on
    "table already exists")."""
    migrating = [_gsdj_server("migrate", "--db", empty_database) for _ in range(2)]
    server = start_server(
        tmp_path, empty_database, command="serve", test_clock=False, extra=("--no-jobs",)
    )
    try:
        with server.client() as http:
            assert http.get("/healthz").status_code == 200
    finally:
        server.stop()
    for process in migrating:
        out, _ = process.communicate(timeout=60)
        assert process.returncode == 0, out.decode(errors="replace")[-2000:]


def _job_runs(database_url: str, day: date) -> int | None:
    """How many times the daily job computed `day` (None: never)."""
    import asyncio

    import asyncpg

    async def query() -> int | None:
        conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            return await conn.fetchval(
                "SELECT runs FROM job_runs WHERE job = 'daily' AND day = $1 "
                "AND finished_at IS NOT NULL",
                day,
            )
        finally:
            await conn.close()

    return asyncio.run(query())


def _children(pid: int) -> list[str]:
    return subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True
    ).stdout.split()


def test_workers_share_one_port_and_the_daily_job_runs_once(tmp_path: Path) -> None:
    """`serve --workers 2` on PostgreSQL: one port (reported for --port 0), two processes that
    answer, and the daily job for yesterday (which every worker's scheduler looks for as it
    starts) computed once, by the holder of the lease."""
    if (reason := postgres_available()) is not None:
        pytest.skip(reason)
    url, drop = create_pg_database()
    server = start_server(
        tmp_path, url, command="serve", test_clock=False, extra=("--workers", "2")
    )
    server.cleanups.append(drop)
    try:
        workers = _children(server.process.pid)
        assert len(workers) == 2
        for _ in range(10):  # a connection each: the workers take them in turn
            with server.client() as http:
                assert http.get("/healthz").status_code == 200
        yesterday = datetime.now(SHANGHAI).date() - timedelta(days=1)
        deadline = time.monotonic() + 60
        while _job_runs(url, yesterday) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        # The second worker looked as it started too; give it the time to do so.
        time.sleep(1)
        assert _job_runs(url, yesterday) == 1
        # A worker that dies is replaced; the port keeps answering.
        os.kill(int(workers[0]), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            now = _children(server.process.pid)
            if len(now) == 2 and workers[0] not in now:
                break
            time.sleep(0.2)
        assert len(now) == 2 and workers[0] not in now and workers[1] in now
        with server.client() as http:
            assert http.get("/healthz").status_code == 200
    finally:
        server.stop()
    assert server.process.returncode == 0


def test_workers_refuse_the_test_clock(tmp_path: Path) -> None:
    """Each process would keep its own test clock: refused at start, before anything runs."""
    process = _gsdj_server(
        "serve", "--workers", "2", "--test-clock", "--port", "0",
        "--db", str(tmp_path / "never.sqlite3"),
    )  # fmt: skip
    out, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "测试时钟只能在单个进程中使用" in out.decode()
    assert not (tmp_path / "never.sqlite3").exists()


def test_a_day_not_yet_ended_is_refused_by_hand(http: httpx.Client, server: ServerProcess) -> None:
    """`jobs run-daily --date` of today (on the server's clock) froze its boards and 督办达标
    before its points were in; now refused, and the day is computed once it has ended."""
    set_clock(http, "2031-01-10T10:00:00+08:00")
    h = login(http, "dy044")
    result = run_daily(server, "2031-01-10", ok=False)
    assert result.returncode != 0
    assert "2031-01-10 尚未结束(服务器时间今天是 2031-01-10)" in result.stderr
    set_clock(http, "2031-01-11T09:00:00+08:00")
    assert board(http, h, "branch_study")["as_of"] != "2031-01-10"
    run_daily(server, "2031-01-10")
    assert board(http, h, "branch_study")["as_of"] == "2031-01-10"


def _my_branch(http: httpx.Client, h: dict[str, str]) -> tuple[str, int]:
    answer = board(http, h, "branch_study")
    return answer["as_of"], answer["me"]["points"]


def test_late_offline_points_recompute_the_past_days_boards(
    http: httpx.Client, server: ServerProcess
) -> None:
    """A day's daily run, then an offline share made that day arrives: the branch boards of the
    day count it (they kept the total of the run)."""
    set_clock(http, "2031-03-10T10:00:00+08:00")
    h = login(http, "dy045")
    terminal = Client(http, h)
    began = datetime.fromisoformat("2031-03-10T10:05:00+08:00")
    first = terminal.push([terminal.mutation("like", began, article_id=12)], began)
    assert first["results"][0]["status"] == "applied"
    set_clock(http, "2031-03-11T09:00:00+08:00")
    run_daily(server, "2031-03-10")
    h = login(http, "dy045")
    as_of, before = _my_branch(http, h)
    assert as_of == "2031-03-10"
    offline = datetime.fromisoformat("2031-03-10T15:00:00+08:00")
    now = datetime.fromisoformat("2031-03-11T09:00:00+08:00")
    answer = terminal.push([terminal.mutation("share", offline, article_id=12)], now)
    assert answer["results"][0]["status"] == "applied"
    # The daily job computes the day again in the background (at once: woken by the push).
    deadline = time.monotonic() + 20
    while _my_branch(http, h) == (as_of, before) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _my_branch(http, h) == (as_of, before + 1)


def _counters(server: ServerProcess) -> tuple[set[str], set[datetime]]:
    """(login_failures' keys, write_counts' window starts) in the server's database."""
    import asyncio

    from sqlalchemy import select

    from server.db.engine import Database
    from server.db.models import LoginFailure, WriteCount

    async def read() -> tuple[set[str], set[datetime]]:
        db = Database(server.database_url)
        try:
            async with db.read() as session:
                keys = set((await session.execute(select(LoginFailure.key))).scalars())
                starts = set((await session.execute(select(WriteCount.window_start))).scalars())
                return keys, starts
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_the_daily_job_forgets_counters_that_limit_nothing(
    http: httpx.Client, server: ServerProcess
) -> None:
    """login_failures kept a row for every username ever mistyped from every address, forever
    (issue 15, left open), and write_counts one per account and hour it wrote in: the daily job
    now forgets counters whose window ended and that lock nothing, and keeps fresh ones."""

    def typo_and_comment(username: str) -> None:
        wrong = {"username": username, "password": "not-it-1"}
        assert http.post("/api/v1/auth/login", json=wrong).status_code == 401
        h = login(http, "dy061")
        comment = {"body": f"学习体会({username}):认真学习,扎实工作"}
        answer = http.post("/api/v1/articles/12/comments", headers=h, json=comment)
        assert answer.is_success, answer.text

    set_clock(http, "2031-06-01T10:00:00+08:00")
    typo_and_comment("hk-old-typo")
    set_clock(http, "2031-06-04T10:00:00+08:00")
    typo_and_comment("hk-new-typo")
    old_window = datetime.fromisoformat("2031-06-01T02:00:00+00:00")
    new_window = datetime.fromisoformat("2031-06-04T02:00:00+00:00")
    keys, windows = _counters(server)
    assert {"hk-old-typo", "hk-new-typo"} <= keys
    assert {old_window, new_window} <= windows
    run_daily(server, "2031-06-03")
    keys, windows = _counters(server)
    assert "hk-old-typo" not in keys and old_window not in windows
    assert "hk-new-typo" in keys and new_window in windows
