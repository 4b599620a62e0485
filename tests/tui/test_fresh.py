"""A screen shows what this terminal cached at once (dated in the header) and the server's answer
in its place when it comes (`GsdjApp.fetch_fresh`): tried with the real server held still by
SIGSTOP, so "the server is slow" is a fact of the test, not a timing. Also 排行榜's tab keys."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, TabbedContent
from textual.widgets._footer import FooterKey

from tests.conftest import login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.boards import BoardsScreen
from tui.screens.home import HomeScreen
from tui.screens.meetings.mine import MyMeetingsScreen
from tui.screens.news import NewsScreen
from tui.screens.points import PointsScreen

MEMBER = "dy063"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of this module alone: the tests stop and continue its process."""
    url = f"sqlite:///{tmp_path_factory.mktemp('fresh-db') / 'gsdj.sqlite3'}"
    proc = start_server(tmp_path_factory.mktemp("fresh-server"), url)
    httpx.put(f"{proc.url}/api/v1/test/clock", json={"now": "2027-08-06T09:00:00+08:00"})
    subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", "2027-08-05", "--db", url],
        check=True, capture_output=True,
    )  # fmt: skip
    yield proc
    if proc.process.poll() is None:
        os.kill(proc.process.pid, signal.SIGCONT)
    proc.stop()


class Held:
    """The server's process stopped (it accepts connections, answers nothing) until `resume`."""

    def __init__(self, server: ServerProcess) -> None:
        self.pid = server.process.pid
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run (no workers awaited: one of them waits on the held server) until
    `condition` holds; a bounded number of idle turns, not a time."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def test_points_show_the_cached_answer_while_the_server_is_slow_then_its_own(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    app = make_app(own_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, MEMBER)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, PointsScreen)
        before = _text(app.screen, "#points-year")
        ledger_before = app.screen.query_one("#points-ledger").row_count
        assert "数据更新于" not in _text(app.screen, "#age")
        await pilot.press("escape")
        await settle(pilot)

        # Meanwhile the member earns a point elsewhere; then the server becomes slow.
        with own_server.client() as http:
            answer = http.post("/api/v1/articles/3/like", headers=login(http, MEMBER))
            assert answer.json()["earned"]["points"] == 1, answer.text
        held = Held(own_server)
        try:
            await pilot.press("4")
            screen = app.screen
            assert isinstance(screen, PointsScreen)
            await until(pilot, lambda: _text(screen, "#points-year") != "", "the cached summary")
            assert _text(screen, "#points-year") == before  # last time's answer, at once
            assert screen.query_one("#points-ledger").row_count == ledger_before
            assert "数据更新于" in _text(screen, "#age")  # marked as old, in words
        finally:
            held.resume()
        await settle(pilot)
        assert app.screen is screen
        after = _text(screen, "#points-year")
        assert after != before  # the server's answer replaced it in place
        assert screen.query_one("#points-ledger").row_count == ledger_before + 1
        assert "数据更新于" not in _text(screen, "#age")


async def test_boards_cached_at_once_and_tab_keys_in_the_footer(
    own_server: ServerProcess,
) -> None:
    app = make_app(own_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, MEMBER)
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardsScreen)
        tabs = screen.query_one(TabbedContent)
        assert len(screen.codes) >= 2
        first, second = screen.codes[0], screen.codes[1]
        assert tabs.active == f"pane-{first}"
        keys = {(k.key_display, k.description) for k in screen.query(FooterKey)}
        assert ("b", "榜单") in keys, keys

        await pilot.press("b")  # the next board, by a key the footer shows
        await settle(pilot)
        assert tabs.active == f"pane-{second}" and screen.current == second
        assert screen.query_one(f"#table-{second}").row_count > 0
        assert "数据截至" in _text(screen, f"#pane-{second} .board-line")
        for _ in screen.codes[2:]:
            await pilot.press("b")
            await settle(pilot)
        await pilot.press("b")  # round the end, back to the first
        await settle(pilot)
        assert tabs.active == f"pane-{first}"
        await pilot.press("escape")
        await settle(pilot)

        held = Held(own_server)
        try:
            await pilot.press("5")
            screen = app.screen
            assert isinstance(screen, BoardsScreen)
            await until(
                pilot,
                lambda: bool(screen.codes) and screen.query_one(f"#table-{first}").row_count > 0,
                "the cached boards",
            )
            assert "数据截至" in _text(screen, f"#pane-{first} .board-line")
            assert "数据更新于" in _text(screen, "#age")
        finally:
            held.resume()
        await settle(pilot)
        assert "数据更新于" not in _text(screen, "#age")


async def test_home_keeps_its_buttons_when_nothing_changed(own_server: ServerProcess) -> None:
    """Back on home, the shortcuts are asked again; the same answer does not rebuild them."""
    app = make_app(own_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, MEMBER)
        assert isinstance(app.screen, HomeScreen)
        buttons = list(app.screen.query("#shortcuts Button").results(Button))
        assert buttons
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert list(app.screen.query("#shortcuts Button").results(Button)) == buttons


def _rows(screen, selector: str) -> int:  # type: ignore[no-untyped-def]
    """The rows of a table, 0 while the screen is still being composed."""
    found = screen.query(selector)
    return found.first(DataTable).row_count if found else 0


def _publish(server: ServerProcess, title: str) -> None:
    """An article published just after every other one (by the same owner), written by the
    server's own database: the newest is first whatever the server's clock says, and it is
    not scheduled for later (issue 16: articles are shown from their publish time)."""
    db = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))
    with db:
        db.execute(
            "INSERT INTO articles (column_id, title, source, body, published_at,"
            " owner_org_id, status, updated_at)"
            " SELECT column_id, ?, source, body, datetime(published_at, '+1 second'),"
            " owner_org_id, status, updated_at"
            " FROM articles ORDER BY published_at DESC LIMIT 1",
            (title,),
        )
    db.close()


async def test_news_shows_the_cached_page_while_the_server_is_slow_then_its_own(
    own_server: ServerProcess,
) -> None:
    app = make_app(own_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, MEMBER)
        await app.action_open("news")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        first = app.screen.query_one("#news-list", DataTable).get_row_at(0)[0]
        page_line = _text(app.screen, "#news-page")
        await pilot.press("escape")
        await settle(pilot)

        _publish(own_server, "缓存之后发布的新文章")  # the server's answer is not the cached one
        held = Held(own_server)
        try:
            await app.action_open("news")
            screen = app.screen
            assert isinstance(screen, NewsScreen)
            await until(pilot, lambda: _rows(screen, "#news-list") > 0, "the cached page")
            table = screen.query_one("#news-list", DataTable)
            assert table.get_row_at(0)[0] == first  # last time's page, at once
            assert _text(screen, "#news-page") == page_line
            assert screen.query_one("#news-columns").option_count > 1  # the columns too
            assert "数据更新于" in _text(screen, "#age")
        finally:
            held.resume()
        await settle(pilot)
        assert app.screen is screen
        assert table.get_row_at(0)[0] == "缓存之后发布的新文章"  # in place, on the same screen
        assert _text(screen, "#news-page") != page_line  # one more article in all
        assert "数据更新于" not in _text(screen, "#age")


async def test_my_meetings_show_the_cached_rows_while_the_server_is_slow_then_its_own(
    own_server: ServerProcess,
) -> None:
    """会议通知: the member answered on another terminal; this one shows last time's row
    (no answer) at once, dated, then the server's (参加) in place."""
    with own_server.client() as http:
        admin = login(http, "zb002")
        created = http.post("/api/v1/meetings", headers=admin, json={
            "type": "theme_day", "title": "八月主题党日", "starts_at": "2027-08-08T09:00:00+08:00",
            "place": "村委会",
        })  # fmt: skip
        assert created.status_code == 200, created.text
        mid = created.json()["meeting"]["id"]
        member = login(http, "dy016")
        me = http.get("/api/v1/me", headers=member).json()["id"]
        notified = http.post(
            f"/api/v1/meetings/{mid}/notify", headers=admin, json={"account_ids": [me]}
        )
        assert notified.status_code == 200, notified.text
    app = make_app(own_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dy016")
        await app.action_open("my_meetings")
        await settle(pilot)
        assert isinstance(app.screen, MyMeetingsScreen)
        row = app.screen.query_one("#my-meetings", DataTable).get_row(str(mid))
        assert row[-1] == "未反馈"
        await pilot.press("escape")
        await settle(pilot)

        with own_server.client() as http:
            answered = http.post(
                f"/api/v1/meetings/{mid}/feedback",
                headers=login(http, "dy016"),
                json={"answer": "attend"},
            )
            assert answered.status_code == 200, answered.text
        held = Held(own_server)
        try:
            await app.action_open("my_meetings")
            screen = app.screen
            assert isinstance(screen, MyMeetingsScreen)
            await until(pilot, lambda: _rows(screen, "#my-meetings") > 0, "the cached rows")
            table = screen.query_one("#my-meetings", DataTable)
            assert table.get_row(str(mid))[-1] == "未反馈"  # last time's answer, at once
            assert "数据更新于" in _text(screen, "#age")
        finally:
            held.resume()
        await settle(pilot)
        assert app.screen is screen
        assert table.get_row(str(mid))[-1] == "参加"  # the server's, in place
        assert "数据更新于" not in _text(screen, "#age")
