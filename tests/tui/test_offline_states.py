"""Offline states a member can see (issue 14, finding 9), with Pilot on a real server process
that is stopped and started again: an article never cached says so, a queued unlike, comment and
请假 show in place marked 待同步 (read from the outbox), the player resumes where the last save
left it, and a screen never cached says so instead of staying empty. After the sync the marks go
and the server's answer shows."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from tests.conftest import login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_player_and_exams import HandClock, open_first_video
from tui import strings
from tui.screens.article import ArticleScreen, CommentBox
from tui.screens.meetings.mine import MyMeetingsScreen
from tui.screens.news import NewsScreen
from tui.screens.player import PlayerScreen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


def _api(server: ServerProcess, user: str, method: str, path: str, **kw: object) -> dict:  # type: ignore[type-arg]
    with server.client() as http:
        response = http.request(method, f"/api/v1{path}", headers=login(http, user), **kw)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]


async def home(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.action_home()
    await settle(pilot)


async def test_what_waits_in_the_outbox_shows_in_place(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    db = f"sqlite:///{tmp_path / 'gsdj.sqlite3'}"
    server = start_server(tmp_path / "first", db, test_clock=True, port=port)
    clock = HandClock(server)  # the player's clock, moved with the server's
    monkeypatch.setattr(PlayerScreen, "clock", clock)
    starts = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    created = _api(server, "zb002", "POST", "/meetings", json={
        "type": "theme_day", "title": "离线主题党日", "starts_at": starts, "place": "村委会",
    })  # fmt: skip
    meeting_id = created["meeting"]["id"]
    me = _api(server, "dy018", "GET", "/me")["id"]
    _api(server, "zb002", "POST", f"/meetings/{meeting_id}/notify", json={"account_ids": [me]})
    app = make_app(server.url)
    try:
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await log_in(pilot, "dy018")
            # Online: like the newest article; see 会议通知; watch 01:04 of a video and save.
            await app.action_open("news")
            await settle(pilot)
            news = app.screen
            assert isinstance(news, NewsScreen)
            table = news.query_one("#news-list")
            never_opened = int(table.coordinate_to_cell_key((1, 0)).row_key.value)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await settle(pilot)
            article = app.screen
            assert isinstance(article, ArticleScreen)
            await pilot.press("l")
            await settle(pilot)
            assert article.detail is not None and article.detail.liked
            likes = article.detail.likes
            await home(pilot)
            await app.action_open("my_meetings")
            await settle(pilot)
            await home(pilot)
            await open_first_video(pilot)
            player = app.screen
            await pilot.press("space")
            clock.advance(64)
            await pilot.press("space", "s")
            await settle(pilot)
            assert "新增学习 64 秒" in _text(player, "#player-message")
            await home(pilot)

            server.stop()  # the server goes away

            # An article this terminal never opened: say so, not a blank page.
            app.push_screen(ArticleScreen(never_opened))
            await settle(pilot)
            assert app.connection == "offline"
            assert strings.ARTICLE_NOT_CACHED in _text(app.screen, "#article-title")
            footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
            assert "返回" in footer and "点赞" not in footer and "评论" not in footer, footer
            await home(pilot)

            # The cached article: an unlike and a comment wait, shown in place.
            await app.action_open("news")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            article = app.screen
            assert isinstance(article, ArticleScreen)
            await pilot.press("l")
            await settle(pilot)
            meta = _text(article, "#article-meta")
            assert f"点赞 {likes - 1}" in meta and "已取消点赞(待同步)" in meta
            await pilot.press("m")
            await settle(pilot)
            assert isinstance(app.screen, CommentBox)
            await pilot.press(*"火车上写下的评论", "enter")
            await settle(pilot)
            assert app.screen is article
            comments = _text(article, "#comments")
            assert "火车上写下的评论" in comments and "待同步" in comments
            assert app.pending == 2
            await home(pilot)

            # 会议通知: 请假 queued offline shows as 请假, marked, not as the old 参加/未反馈.
            await app.action_open("my_meetings")
            await settle(pilot)
            meetings = app.screen
            assert isinstance(meetings, MyMeetingsScreen)
            await pilot.press("2")
            await settle(pilot)
            await pilot.press(*"外出学习", "enter")
            await settle(pilot)
            assert meetings.table.get_row_at(0)[-1] == f"{strings.PENDING_MARK} 请假(外出学习)"
            await home(pilot)

            # The player opens where the last save left it (the cached video still says 00:00).
            await pilot.press("2")
            await settle(pilot)
            await pilot.press("down", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            player = app.screen
            assert isinstance(player, PlayerScreen)
            assert "01:04 / " in _text(player, "#player-time")
            assert "已学 01:04" in _text(player, "#player-info")  # and what was watched
            await home(pilot)

            # A screen this terminal never opened says it has nothing cached.
            await app.action_open("boards")
            await settle(pilot)
            assert strings.NOT_CACHED in _text(app.screen, "#not-cached")
            await home(pilot)

            # Back online (its clock ahead of the offline actions): one sync, marks gone.
            server = start_server(
                tmp_path / "second", db, command="serve", test_clock=True, port=port
            )
            later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
            assert (
                httpx.put(f"{server.url}/api/v1/test/clock", json={"now": later}).status_code == 200
            )
            await app.action_open("my_meetings")
            await settle(pilot)
            await app._recheck()
            await settle(pilot)
            assert app.connection == "online" and app.pending == 0
            assert app.session.outbox is not None and app.session.outbox.rejected() == []
            assert app.screen.table.get_row_at(0)[-1] == "请假(外出学习)"  # type: ignore[attr-defined]
        detail = _api(server, "dy018", "GET", f"/articles/{article.article_id}")
        assert not detail["liked"]
        assert any(c["body"] == "火车上写下的评论" for c in detail["comments"])
    finally:
        server.stop()
