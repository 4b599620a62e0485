"""党建资讯, the reader with its read indicator, 我的积分 and 排行榜, with Pilot on a real server."""

from __future__ import annotations

import subprocess
import sys

import httpx

from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.article import ArticleScreen, CommentBox
from tui.screens.boards import BoardsScreen
from tui.screens.news import NewsScreen
from tui.screens.points import PointsScreen


def _notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def test_visitor_browses_news_without_login(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        table = app.screen.query_one("#news-list")
        assert table.row_count == 20
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.page == 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert "登录后" in str(app.screen.query_one("#read-status").render())
        # A visitor reads: the footer offers no key that needs an account (issue 14 #13).
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        assert "返回" in footer
        assert not any(word in footer for word in ("点赞", "收藏", "分享", "评论")), footer
        assert "按 M" not in str(app.screen.query_one("#comments").render())
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.detail is not None and not app.screen.detail.liked


async def test_member_reads_likes_and_comments(sqlite_server: ServerProcess) -> None:
    httpx.put(f"{sqlite_server.url}/api/v1/test/clock", json={"now": "2027-08-03T09:00:00+08:00"})
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy056")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ArticleScreen) and reader.read_id is not None
        await pilot.press("l")
        await settle(pilot)
        assert any("点赞文章 +1 积分" in n for n in _notes(app)), _notes(app)
        assert reader.detail is not None and reader.detail.liked
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CommentBox)
        await pilot.press(*"认真学习深受启发", "enter")
        await settle(pilot)
        assert any("发表评论 +2 积分" in n for n in _notes(app)), _notes(app)
        assert "认真学习深受启发" in str(reader.query_one("#comments").render())
        # The read: the server times it, so move its clock past 30 s; the screen's own
        # indicator counts seconds on screen, so advance that too.
        httpx.post(f"{sqlite_server.url}/api/v1/test/clock/advance", json={"seconds": 31})
        reader.seconds = reader.required - 1
        reader._tick()
        await settle(pilot)
        assert any("有效阅读文章 +1 积分" in n for n in _notes(app))
        assert "已记录" in str(reader.query_one("#read-status").render())


async def test_points_screen_shows_progress_and_ledger(sqlite_server: ServerProcess) -> None:
    httpx.put(f"{sqlite_server.url}/api/v1/test/clock", json={"now": "2027-08-04T09:00:00+08:00"})
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 40)) as pilot:
        await log_in(pilot, "dy057")
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, PointsScreen)
        rules = app.screen.query_one("#points-rules")
        assert rules.row_count == 19
        assert rules.get_row("login")[2] == "1/1"
        ledger = app.screen.query_one("#points-ledger")
        assert ledger.row_count == 1
        assert "教育学习 1" in str(app.screen.query_one("#points-year").render())


async def test_boards_highlight_own_row_and_switch_period(sqlite_server: ServerProcess) -> None:
    httpx.put(f"{sqlite_server.url}/api/v1/test/clock", json={"now": "2027-08-06T09:00:00+08:00"})
    subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", "2027-08-05", "--db", sqlite_server.database_url],
        check=True, capture_output=True,
    )  # fmt: skip
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 40)) as pilot:
        await log_in(pilot, "dy058")
        await pilot.press("5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardsScreen)
        table = screen.query_one("#table-member_study")
        assert table.row_count >= 5
        row = table.get_row_at(table.cursor_row)
        assert "★" in str(row[1])
        line = str(screen.query_one("#pane-member_study .board-line").render())
        assert "2027-08-05" in line and "本月" in line and "我的名次" in line
        await pilot.press("t")
        await settle(pilot)
        assert "本年" in str(screen.query_one("#pane-member_study .board-line").render())
