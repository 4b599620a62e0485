"""The terminal with the server gone and back, with Pilot on a real server process: cached screens
with their age, actions queued (待同步 N), the player and a paper answered offline, and one sync
after the server returns that brings exactly the points."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

from tests.conftest import login
from tests.servers import start_server
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.screens.article import ArticleScreen
from tui.screens.exams import ExamScreen, ExamsScreen
from tui.screens.guide import GuideScreen
from tui.screens.news import NewsScreen
from tui.screens.player import PlayerScreen
from tui.screens.study import CourseScreen
from tui.screens.sync import SyncScreen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def home(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.action_home()
    await settle(pilot)


async def test_offline_then_one_sync(tmp_path: Path) -> None:
    port = free_port()
    db = f"sqlite:///{tmp_path / 'gsdj.sqlite3'}"
    server = start_server(tmp_path / "first", db, test_clock=False, port=port)
    app = make_app(server.url)
    try:
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await log_in(pilot, "dy062")
            # Online: visit what will be needed offline (the cache keeps what was seen).
            await pilot.press("1")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ArticleScreen)
            article_id = app.screen.article_id
            await home(pilot)
            await pilot.press("2", "down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CourseScreen)
            await pilot.press("j")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, PlayerScreen)
            await home(pilot)
            await pilot.press("3")
            await settle(pilot)
            assert isinstance(app.screen, ExamsScreen)
            await home(pilot)

            server.stop()  # the server goes away

            await pilot.press("1")
            await settle(pilot)
            assert isinstance(app.screen, NewsScreen)
            assert app.connection == "offline"
            assert app.screen.query_one("#news-list").row_count == 20  # from the cache
            header = _text(app.screen, "#age")
            assert "数据更新于" in header
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.article_id == article_id
            await pilot.press("l")  # like, offline
            await settle(pilot)
            assert app.pending == 1
            assert "待同步 1" in _text(app.screen, "#pending")
            await home(pilot)

            await pilot.press("2", "down", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            player = app.screen
            assert isinstance(player, PlayerScreen) and player.playback is not None
            assert "离线观看" in _text(player, "#player-stats")
            await pilot.press("space")
            await asyncio.sleep(3)  # real watching: the server checks it against the clock
            await pilot.press("space", "s")  # pause, then 保存进度
            await settle(pilot)
            assert "已保存在本机" in _text(player, "#player-message")
            assert app.pending == 2
            await home(pilot)

            await pilot.press("3")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ExamScreen)
            assert app.screen.attempt.attempt_id == 0  # answered offline
            await pilot.press("c", "right", "b", "right", "a", "b", "c", "right", "b", "right", "a")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert app.pending == 3
            # S on 同步 while offline says why nothing went (it said nothing).
            await pilot.press("f6")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert any(n.message == strings.SYNC_WAITS_FOR_SERVER for n in app._notifications), [
                n.message for n in app._notifications
            ]
            assert app.pending == 3
            await pilot.press("escape")
            await settle(pilot)

            # The server comes back on the same address; the terminal notices and syncs once.
            server = start_server(
                tmp_path / "second", db, command="serve", test_clock=False, port=port
            )
            await app._recheck()
            await settle(pilot)
            assert app.connection == "online"
            assert app.pending == 0
            await pilot.press("f6")
            await settle(pilot)
            assert isinstance(app.screen, SyncScreen)
            assert app.session.outbox.rejected() == []
        with server.client() as http:
            h = login(http, "dy062")
            rules = {
                r["code"]: r["earned"]
                for r in http.get("/api/v1/me/points", headers=h).json()["rules"]
            }
            assert rules["like"] == 1 and rules["exam"] == 2
            assert http.get("/api/v1/videos/4", headers=h).json()["covered_seconds"] >= 2
            papers = {p["id"]: p for p in http.get("/api/v1/exams", headers=h).json()}
            assert papers[1]["best_score"] == 100
    finally:
        server.stop()


async def test_starting_offline_with_a_stored_login(tmp_path: Path, file_keyring) -> None:  # type: ignore[no-untyped-def]
    """A member logged in before; the server is down when the terminal starts next time."""
    port = free_port()
    db = f"sqlite:///{tmp_path / 'gsdj.sqlite3'}"
    server = start_server(tmp_path / "first", db, test_clock=False, port=port)
    try:
        app = make_app(server.url, persistent=True, allow_file=True)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await log_in(pilot, "dy063")
            await pilot.press("1")
            await settle(pilot)
    finally:
        server.stop()
    app = make_app(server.url, persistent=True, allow_file=True)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert app.connection == "offline"
        assert app.session.account is not None and app.session.account.username == "dy063"
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        assert app.screen.query_one("#news-list").row_count == 20
        assert "数据更新于" in _text(app.screen, "#age")
        news = app.screen
        # The guide is the terminal's own: its header does not say the news' age; back on
        # the news, it does again.
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        assert _text(app.screen, "#age") == ""
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is news and "数据更新于" in _text(news, "#age")
        # The server comes back: the page in front asks it again, and says no age.
        server = start_server(tmp_path / "again", db, command="serve", test_clock=False, port=port)
        try:
            await app._recheck()
            await settle(pilot)
            assert app.connection == "online"
            assert app.screen is news and news.query_one("#news-list").row_count == 20
            assert _text(news, "#age") == ""
        finally:
            server.stop()


async def test_the_sync_screen_labels_every_kind_of_the_registry(sqlite_server) -> None:  # type: ignore[no-untyped-def]
    """One queued action of every kind contract.outbox registers: the 同步 screen shows each
    with its Chinese label and its description (never the kind's code)."""
    from contract import outbox
    from tests.test_outbox_registry import EXAMPLES

    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dy061")
        assert app.session.outbox is not None
        for code in outbox.KINDS:  # queued, not pushed (as if made offline)
            app.session.outbox.add(code, EXAMPLES[code])
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        table = app.screen.query_one("#sync-pending")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert [r[1] for r in rows] == [k.label for k in outbox.KINDS.values()]
        assert [r[2] for r in rows] == [outbox.describe(c, EXAMPLES[c]) for c in outbox.KINDS]
        assert not any(code in " ".join(r) for r in rows for code in outbox.KINDS)
        for m in app.session.outbox.pending():  # leave nothing for the next test of this member
            app.session.outbox.dismiss(m.seq)
