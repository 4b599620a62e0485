"""What the player says (issue 14, finding 13), with Pilot on a real server: a save at the end of
a video that follows an automatic save says what this opening added in all (the server answers
each save's own new seconds: "新增学习 25 秒" after 120 s of watching was true but read as lost
time); an article video never tells a visitor that joining a course would record it."""

from __future__ import annotations

from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_player_and_exams import HandClock, hand_clock, open_first_video, set_clock
from tui.screens.article import ArticleScreen
from tui.screens.player import PlayerScreen

__all__ = ["hand_clock"]  # the fixture, used by name


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


async def test_the_save_at_the_end_says_the_whole_opening(
    sqlite_server: ServerProcess, hand_clock: HandClock
) -> None:
    set_clock(sqlite_server, "2027-08-21T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy024")
        await open_first_video(pilot, course_row=0)  # 终端使用入门 · 登录与首页功能区, 02:00
        player = app.screen
        assert isinstance(player, PlayerScreen) and player.playback is not None
        assert player.playback.length == 120
        await pilot.press("space")
        hand_clock.advance(95)
        await player._autosave()  # the two-minute automatic save comes while it plays
        await settle(pilot)
        assert "新增学习 95 秒" in _text(player, "#player-message")
        await pilot.press("left")  # back 10 s: 85–95 is watched again
        hand_clock.advance(40)  # past the end: the player stops and saves what is left
        player.refresh_view()
        await settle(pilot)
        message = _text(player, "#player-message")
        assert "新增学习 25 秒" in message, message  # the server's answer: 95–120 is new
        assert "这次保存的 35 秒中有 10 秒此前已经看过" in message, message
        assert "本次打开共新增学习 120 秒" in message, message


async def test_an_article_video_tells_a_visitor_what_is_true(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter")  # the newest article carries the demo's article video
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("v")
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        stats = _text(player, "#player-stats")
        assert "不属于学习中心" in stats and "不计积分" in stats
        assert "加入课程" not in stats, stats
