"""`gsdj-server demo --history` (what `gsdj --demo` runs): months of study, 先锋模范 and meetings
made through the services on past days, and the daily job run for them, so that the boards,
督办达标, 我的积分, 数据分析示图, 党建地图 and 党建大屏 of the demo mean something. Read over HTTP
from the real server."""

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
from server.demo import COMMITTEES
from server.demo.cities import CITY_PLANS
from server.demo.history import RECENT_DAYS, job_days
from server.domain.clock import Clock
from server.domain.orgs import CITIES
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
    # Each of the last RECENT_DAYS up to yesterday, and the last day of each month before.
    assert days[-1] == _yesterday()
    assert days == job_days(_yesterday() + timedelta(days=1))
    recent = days[-RECENT_DAYS:]
    assert recent == [_yesterday() - timedelta(days=n) for n in range(RECENT_DAYS - 1, -1, -1)]
    assert len(days) - RECENT_DAYS >= 9 and all((d + timedelta(days=1)).day == 1 for d in days[:9])
    # Study on each of the recent days, by many accounts; none today (every cap is open for a
    # visitor); and on days of the months before.
    by_day = dict(
        db.execute(
            "SELECT day, COUNT(DISTINCT account_id) FROM points_ledger "
            "WHERE category = 'study' GROUP BY day"
        ).fetchall()
    )
    assert min(by_day.get(d.isoformat(), 0) for d in recent) >= 20
    months = {day[:7] for day in by_day}
    assert len(months) >= 11
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
        assert board["total"] == 6 + sum(_branches(c) for p in CITY_PLANS for c in p.committees)
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
    for plan in CITY_PLANS:  # each 市州's: its prefix after the kind, numbered within it
        p, committees = plan.prefix, plan.committees
        general = sum(len(c.general_branches) for c in committees)
        members = sum(b.members for c in committees for b in _branch_plans(c))
        expected |= {f"dw{p}{n:02d}" for n in range(1, len(committees) + 1)}
        expected |= {f"zzz{p}{n:02d}" for n in range(1, general + 1)}
        expected |= {f"zb{p}{n:02d}" for n in range(1, sum(map(_branches, committees)) + 1)}
        expected |= {f"dy{p}{n:03d}" for n in range(1, members + 1)}
    assert names == expected
    for username in ("dy001", "zb001", "zzz001", "dw001", "sw001", "qz001", "dwts01", "dyjyg001"):
        login(http, username)  # the demo password still works


def _branch_plans(c):  # type: ignore[no-untyped-def]
    return [b for _, bs in c.general_branches for b in bs] + list(c.branches)


def _branches(c) -> int:  # type: ignore[no-untyped-def]
    return len(_branch_plans(c))


def test_the_province_varies_by_city_and_by_month(http: httpx.Client) -> None:
    """党建大屏 and 党建地图 of the history demo (issue 17): 30 days and 12 months that differ, and
    14 市州 with members and figures of their own."""
    sw = login(http, "sw001")
    screen = http.get("/api/v1/big-screen", headers=sw).json()
    assert screen["as_of"] == _yesterday().isoformat()
    days, months = screen["days"], screen["months"]
    assert len(days) == 30 and days[-1]["period"] == _yesterday().isoformat()
    assert len(months) == 12
    active = [m["values"]["active"] for m in months]
    # Members came onto the platform 市州 by 市州: more of them active month after month.
    assert len(set(active)) >= 8 and active[-2] > active[5] > active[0], active
    points = [m["values"]["study_points"] for m in months]
    assert len(set(points)) >= 8 and all(p > 0 for p in points[3:]), points
    assert len({d["values"]["active"] for d in days}) >= 8
    assert all(d["values"]["active"] > 0 for d in days)

    cities = http.get("/api/v1/map", headers=sw).json()["cities"]
    assert [c["city"] for c in cities] == list(CITIES)
    assert all(c["day"]["members"] > 0 for c in cities)
    week = [c["day"]["active_week"] for c in cities]
    assert len(set(week)) >= 6 and min(week) < max(week) / 4, week
    shares = [c["day"]["green_share"] for c in cities]
    assert all(s is not None for s in shares) and len(set(shares)) >= 4, shares
    ranked = [c["day"]["green_share"] for c in screen["cities"]]
    assert ranked == sorted(ranked, reverse=True) and ranked[0] > ranked[-1]

    # A 党委 of the first province: its own 12 months, a meeting history of its branches.
    mine = http.get("/api/v1/analytics", headers=login(http, "dw001")).json()
    assert len(mine["months"]) == 12
    assert len({m["values"]["active"] for m in mine["months"]}) >= 6
    assert {c["org"]["name"] for c in mine["children"]} == {
        name for _, general, direct in COMMITTEES[:1] for name in
        [g for g, _ in general] + [b.name for b in direct]
    }  # fmt: skip
