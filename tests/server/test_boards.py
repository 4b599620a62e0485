"""The daily job and the leaderboards: one-day delay, scopes, re-runs, the caller's own row."""

from __future__ import annotations

import subprocess
import sys

import httpx

from tests.conftest import login
from tests.server.test_points import act, set_clock
from tests.servers import ServerProcess


def run_daily(
    server: ServerProcess, day: str, *, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    """`gsdj-server jobs run-daily` on the server's database (it counts days on the server's
    test clock, which the database keeps)."""
    result = subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", day, "--db", server.database_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def board(http: httpx.Client, headers: dict[str, str], code: str, **params: object) -> dict:
    response = http.get(f"/api/v1/boards/{code}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_boards_show_yesterday_and_rerun_replaces(
    http: httpx.Client, server: ServerProcess
) -> None:
    set_clock(http, "2027-05-20T10:00:00+08:00")
    h = login(http, "dy052")  # +1 login
    act(http, h, "POST", "/articles/40/share")  # +1
    act(http, h, "POST", "/articles/41/comments", json={"body": "认真学习,抓好落实"})  # +2
    # Same day: the day cannot be computed before it ends; the boards show the day before at
    # the latest, never today.
    assert run_daily(server, "2027-05-20", ok=False).returncode != 0
    today = board(http, h, "member_study")
    assert today["as_of"] != "2027-05-20"

    set_clock(http, "2027-05-21T09:00:00+08:00")
    h = login(http, "dy052")  # today's login does not show until tomorrow
    run_daily(server, "2027-05-20")
    run_daily(server, "2027-05-20")  # a re-run of the same day replaces, never doubles
    month = board(http, h, "member_study", period="month")
    assert month["as_of"] == "2027-05-20"
    assert month["scope"]["kind"] == "branch"
    assert month["me"]["points"] == 4 and month["me"]["rank"] == 1 and month["me"]["is_me"]
    assert month["rows"][0] == month["me"]
    assert month["total"] == len(month["rows"])
    assert all(row["points"] == 0 for row in month["rows"][1:])
    assert board(http, h, "member_study", period="year")["me"]["points"] >= 4


def test_own_row_on_every_page_and_branch_scopes(http: httpx.Client, server: ServerProcess) -> None:
    set_clock(http, "2027-06-10T10:00:00+08:00")
    h = login(http, "dy053")
    run_daily(server, "2027-06-09")
    page2 = board(http, h, "member_study", size=1, page=2)
    assert len(page2["rows"]) == 1 and page2["me"] is not None

    branches = board(http, h, "branch_study")
    assert branches["scope"]["kind"] == "committee"
    assert any(row["is_me"] for row in branches["rows"]) and branches["me"]["is_me"]

    province = board(http, login(http, "sw001"), "branch_study", period="year")
    assert province["scope"]["kind"] == "province" and province["total"] >= 6
    assert [r["rank"] for r in province["rows"]] == sorted(r["rank"] for r in province["rows"])
    sw = login(http, "sw001")
    first, second = (board(http, sw, "branch_study", period="year", size=2, page=p) for p in (1, 2))
    assert [r["subject_id"] for r in first["rows"] + second["rows"]] == [
        r["subject_id"] for r in province["rows"][:4]
    ]
    committee = board(http, login(http, "dw002"), "branch_love")
    assert committee["scope"]["name"] == "文县城关镇党委" and committee["total"] == 3


def test_board_visibility(http: httpx.Client) -> None:
    names = {b["code"] for b in http.get("/api/v1/boards", headers=login(http, "dy054")).json()}
    assert names == {"member_study", "branch_study", "member_love"}
    for username in ("dw001", "zzz001", "sw001"):
        response = http.get("/api/v1/boards/member_study", headers=login(http, username))
        assert response.status_code == 403, username
    public = login(http, "qz001")
    assert http.get("/api/v1/boards", headers=public).json() == []
    assert http.get("/api/v1/boards/branch_study", headers=public).status_code == 403
    assert http.get("/api/v1/boards/nope", headers=public).status_code == 404
    too_big = http.get("/api/v1/boards/member_study?size=1001", headers=login(http, "dy054"))
    assert too_big.status_code == 422


def test_vanguard_and_study_are_separate_boards(http: httpx.Client, server: ServerProcess) -> None:
    set_clock(http, "2027-07-02T10:00:00+08:00")
    h = login(http, "dy055")
    set_clock(http, "2027-07-03T10:00:00+08:00")
    run_daily(server, "2027-07-02")
    love = board(http, h, "member_love")
    study = board(http, h, "member_study")
    assert love["me"]["points"] == 0 and study["me"]["points"] == 1  # the login of July 2
    assert love["board_name"] == "爱心榜" and study["board_name"] == "个人排行榜"
