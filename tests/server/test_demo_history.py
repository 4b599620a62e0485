"""`gsdj-server demo --history` (what `gsdj --demo` runs): weeks of study and 先锋模范 made
through the services on past days, and the daily job run for each of them, so that the boards,
督办达标 and 我的积分 of the demo mean something. Read over HTTP from the real server."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from server.cli import _reset_and_seed
from server.config import ServerSettings
from server.db.engine import sqlite_url
from server.demo.history import HISTORY_DAYS
from server.domain.clock import Clock
from tests.conftest import login
from tests.servers import ServerProcess, start_server


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-history") / "demo.sqlite3"
    settings = ServerSettings()
    settings.database_url = sqlite_url(path)
    asyncio.run(_reset_and_seed(settings, history=True))
    return path


@pytest.fixture(scope="module")
def demo(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    # The real clock: the history lies in the weeks before the real today.
    proc = start_server(
        tmp_path_factory.mktemp("demo-history-server"),
        f"sqlite:///{seeded}",
        command="serve",
        test_clock=False,
    )
    yield proc
    proc.stop()


@pytest.fixture
def http(demo: ServerProcess) -> Iterator[httpx.Client]:
    with demo.client() as client:
        yield client


def _yesterday() -> date:
    return Clock().today() - timedelta(days=1)


def test_the_daily_job_ran_for_every_day_of_the_history(seeded: Path) -> None:
    db = sqlite3.connect(seeded)
    runs = db.execute(
        "SELECT day FROM job_runs WHERE job = 'daily' AND finished_at IS NOT NULL ORDER BY day"
    ).fetchall()
    days = [date.fromisoformat(d) for (d,) in runs]
    first = _yesterday() - timedelta(days=HISTORY_DAYS - 1)
    assert days[:HISTORY_DAYS] == [first + timedelta(days=n) for n in range(HISTORY_DAYS)]
    # Study on most of those days, by many accounts; none today (every cap is open for a visitor).
    by_day = dict(
        db.execute(
            "SELECT day, COUNT(DISTINCT account_id) FROM points_ledger "
            "WHERE category = 'study' GROUP BY day"
        ).fetchall()
    )
    assert len(by_day) >= HISTORY_DAYS - 1
    assert min(by_day.get(d.isoformat(), 0) for d in days[1:]) >= 5
    assert Clock().today().isoformat() not in by_day


def test_member_boards_rank_members_apart(http: httpx.Client) -> None:
    for username, code in (("dy001", "member_study"), ("zb003", "member_study")):
        board = http.get(
            f"/api/v1/boards/{code}", params={"period": "year", "size": 100},
            headers=login(http, username),
        ).json()  # fmt: skip
        assert board["as_of"] == _yesterday().isoformat()
        points = [r["points"] for r in board["rows"]]
        assert points == sorted(points, reverse=True)
        assert points[0] > 10 and len(set(points)) >= len(points) // 2, board
        assert len({r["rank"] for r in board["rows"]}) >= len(points) // 2
    me = http.get(
        "/api/v1/boards/member_love", params={"period": "year"}, headers=login(http, "zb001")
    ).json()
    assert len({r["points"] for r in me["rows"]}) >= 3


def test_branch_boards_rank_branches_apart(http: httpx.Client) -> None:
    for code in ("branch_study", "branch_love"):
        board = http.get(
            f"/api/v1/boards/{code}", params={"period": "year"}, headers=login(http, "sw001")
        ).json()
        assert board["total"] == 6
        assert len({r["points"] for r in board["rows"]}) >= 4, board
        assert len({r["rank"] for r in board["rows"]}) >= 4


def test_compliance_and_my_points_show_the_history(http: httpx.Client) -> None:
    compliance = http.get("/api/v1/compliance", headers=login(http, "dw001")).json()
    assert compliance["as_of"] == _yesterday().isoformat()
    ledger = http.get(
        "/api/v1/me/points/ledger", params={"size": 200}, headers=login(http, "dy001")
    ).json()
    study_days = {i["day"] for i in ledger["items"] if i["category"] == "study"}
    assert len(study_days) >= 5
    codes = {i["code"] for i in ledger["items"]}
    assert {"login", "read"} <= codes


def test_the_demo_accounts_stay_as_the_readme_lists_them(http: httpx.Client, seeded: Path) -> None:
    names = {u for (u,) in sqlite3.connect(seeded).execute("SELECT username FROM accounts")}
    expected = {f"dy{n:03d}" for n in range(1, 64)} | {f"zb{n:03d}" for n in range(1, 7)}
    expected |= {"zzz001", "dw001", "dw002", "sw001", "qz001", "qz002"}
    assert names == expected
    for username in ("dy001", "zb001", "zzz001", "dw001", "sw001", "qz001"):
        login(http, username)  # the demo password still works
