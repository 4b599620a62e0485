"""The reads of 我的积分, the profile, the boards, the article list and the meeting lists take
one statement per need (issue 15: they took 8–9 small queries each, one per org level).

Counting statements needs the server's own engines, so this file runs the real app in the test
process (its lifespan, its routes, a demo SQLite file) over httpx's ASGI transport; timings are
never asserted. The other server tests run it as a process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import event

from server.app import create_app
from server.cli import _reset_and_seed
from server.config import ServerSettings
from tests.conftest import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


class App:
    def __init__(self, http: httpx.AsyncClient, url: str, statements: list[str]) -> None:
        self.http, self.url, self.statements = http, url, statements
        self.tokens: dict[str, dict[str, str]] = {}

    async def login(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            r = await self.http.post(
                "/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD}
            )
            assert r.status_code == 200, r.text
            self.tokens[username] = {"Authorization": f"Bearer {r.json()['token']}"}
        return self.tokens[username]

    async def get(self, path: str, username: str | None = None) -> tuple[Any, int]:
        """The answer of one GET and the number of SQL statements the server ran for it."""
        headers = await self.login(username) if username else {}
        self.statements.clear()
        r = await self.http.get(path, headers=headers)
        assert r.status_code == 200, r.text
        return r.json(), len(self.statements)


def _run_daily_job(url: str, day: str) -> None:
    """`gsdj-server jobs run-daily`, in its own process as an operator would run it."""
    subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", day, "--db", url],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
async def app(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[App]:
    url = f"sqlite:///{tmp_path_factory.mktemp('reads') / 'gsdj.sqlite3'}"
    settings = ServerSettings(database_url=url, run_jobs=False)
    await _reset_and_seed(settings)
    fastapi_app = create_app(settings)
    statements: list[str] = []
    async with fastapi_app.router.lifespan_context(fastapi_app):
        db = fastapi_app.state.db
        for engine in {db.read_engine, db.write_engine}:
            event.listen(
                engine.sync_engine,
                "before_cursor_execute",
                lambda _c, _k, statement, *_: statements.append(statement),
            )
        transport = httpx.ASGITransport(app=fastapi_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://reads") as http:
            yield App(http, url, statements)


async def test_profile_and_points_read_with_the_token(app: App) -> None:
    me, n = await app.get("/api/v1/me", "dy006")
    assert n == 1  # the token, the account, its 委员职位, its org path and 党小组: one statement
    assert [o["kind"] for o in me["org_path"]][-1] == "branch"
    assert me["org"] == me["org_path"][-1]
    assert me["group"] is not None and me["group"]["kind"] == "group"
    summary, n = await app.get("/api/v1/me/points", "dy006")
    assert n == 2  # and this year's ledger
    assert summary["account"] == me
    assert {r["code"] for r in summary["rules"]} >= {"login", "read", "video"}
    secretary, _ = await app.get("/api/v1/me", "dy001")
    assert secretary["position"] == "书记"
    public, n = await app.get("/api/v1/me", "qz001")
    assert n == 1 and public["org"] is None and public["org_path"] == []


async def test_lists_read_in_one_statement(app: App) -> None:
    articles, n = await app.get("/api/v1/articles?page=2&size=5")
    assert n == 1 and len(articles["items"]) == 5 and articles["total"] > 10
    _, n = await app.get("/api/v1/articles?page=1000")
    assert n == 2  # past the end: the count on its own
    # A member's list (issue 16: published articles of the orgs on their path): the token's
    # statement and the page's, still one.
    mine, n = await app.get("/api/v1/articles?page=2&size=5", "dy001")
    assert n == 2 and len(mine["items"]) == 5
    meetings, n = await app.get("/api/v1/meetings", "zb001")
    assert n == 2 and meetings and all(m["branch"]["kind"] == "branch" for m in meetings)
    mine, n = await app.get("/api/v1/me/meetings", "dy001")
    assert n == 2 and mine and all(m["my_answer"] in (None, "attend", "leave") for m in mine)


async def test_boards_read_in_one_statement_and_see_a_new_run_at_once(app: App) -> None:
    yesterday = (datetime.now(ZoneInfo("Asia/Shanghai")) - timedelta(days=1)).date().isoformat()
    before, _ = await app.get("/api/v1/boards/member_study", "dy001")
    assert before["as_of"] is None  # no daily run yet
    # The job finishes in another process: the very next read shows its day.
    _run_daily_job(app.url, yesterday)
    board, _ = await app.get("/api/v1/boards/member_study", "dy001")
    assert board["as_of"] == yesterday and board["total"] > 0 and board["me"]["is_me"]
    board, n = await app.get("/api/v1/boards/member_study", "dy001")
    assert n == 2  # the token, the board (count, own row and page); the finished day is known
    branches, n = await app.get("/api/v1/boards/branch_study", "dy001")
    assert n == 2 and branches["as_of"] == yesterday and branches["me"]["is_me"]
    assert [r["rank"] for r in branches["rows"]] == sorted(r["rank"] for r in branches["rows"])


async def test_the_org_tree_reads_only_the_subtree(app: App) -> None:
    """组织架构 read every org of the province and counted every member in it, whoever asked: at a
    province's size a member's tree was two full scans. Now a recursive select of the subtree
    and one count statement within it."""
    tree, n = await app.get("/api/v1/orgs/tree", "dy001")
    assert n == 3  # the token's, the subtree's, the counts'
    assert tree["kind"] == "branch" and tree["members"] > 0
    assert all("subtree" in s for s in app.statements[1:]), app.statements
    province, n = await app.get("/api/v1/orgs/tree", "sw001")
    assert n == 3 and len(province["children"]) > 1
