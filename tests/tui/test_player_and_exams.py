"""学习中心, the player and 我的考试 with Pilot on a real server: enrol, watch, save by key, see the
points, automatic saves on leaving and quitting, the takeover message, mpv, and an exam by key."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.exams import ExamResultScreen, ExamScreen, ExamsScreen
from tui.screens.player import PlayerScreen
from tui.screens.study import CourseScreen, StudyScreen


class HandClock:
    """The player's monotonic clock, moved by the test together with the server's test clock."""

    def __init__(self, server: ServerProcess) -> None:
        self.now = 1000.0
        self.server = server

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
        response = httpx.post(
            f"{self.server.url}/api/v1/test/clock/advance", json={"seconds": seconds}
        )
        assert response.status_code == 200


@pytest.fixture
def hand_clock(sqlite_server: ServerProcess) -> Iterator[HandClock]:
    clock = HandClock(sqlite_server)
    previous = PlayerScreen.clock
    PlayerScreen.clock = clock  # type: ignore[assignment]
    yield clock
    PlayerScreen.clock = previous  # type: ignore[assignment]


def set_clock(server: ServerProcess, iso: str) -> None:
    assert httpx.put(f"{server.url}/api/v1/test/clock", json={"now": iso}).status_code == 200


def _notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


def video_points(server: ServerProcess, username: str) -> int:
    with server.client() as http:
        rules = http.get("/api/v1/me/points", headers=login(http, username)).json()["rules"]
    return next(r["earned"] for r in rules if r["code"] == "video")


async def open_first_video(pilot, course_row: int = 1) -> None:  # type: ignore[no-untyped-def]
    """From home: 学习中心, the course on that row, J to enrol, Enter on the first video."""
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StudyScreen)
    for _ in range(course_row):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CourseScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CourseScreen), "not enrolled: the player must not open"
    assert "请先按 J" in _notes(pilot.app)[-1]
    await pilot.press("j")
    await settle(pilot)
    assert pilot.app.screen.course.enrolled
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PlayerScreen)


async def test_member_enrols_watches_saves_and_earns(
    sqlite_server: ServerProcess, hand_clock: HandClock
) -> None:
    set_clock(sqlite_server, "2027-08-10T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy041")
        await open_first_video(pilot)  # 党章党规学习 · 党章总纲导读, 10:00
        player = app.screen
        assert "00:00 / 10:00" in _text(player, "#player-time")
        assert "距下一分还需新看 180 秒" in _text(player, "#player-stats")
        await pilot.press("space")
        hand_clock.advance(100)
        await pilot.press("right")  # skip 10 s: not watched
        hand_clock.advance(90)
        player.refresh_view()
        assert "03:20 / 10:00" in _text(player, "#player-time")
        assert "未保存 190 秒" in _text(player, "#player-stats")
        await pilot.press("s")
        await settle(pilot)
        assert player.playback.covered == [(0.0, 100.0), (110.0, 200.0)]
        assert "新增学习 190 秒" in _text(player, "#player-message")
        assert any("+1 积分" in n for n in _notes(app))
        assert "今日视频积分 1/10" in _text(player, "#player-stats")
        bar = _text(player, "#player-bar")
        assert bar.count("█") > 20 and "┃" in bar
        # Replay from the start earns nothing: the covered part is not counted again.
        await pilot.press("shift+left", "shift+left", "shift+left", "shift+left")
        hand_clock.advance(60)
        await pilot.press("s")
        await settle(pilot)
        assert "此前已经看过" in _text(player, "#player-message")
    assert video_points(sqlite_server, "dy041") == 1


async def test_progress_is_saved_on_leaving_and_on_quit(
    sqlite_server: ServerProcess, hand_clock: HandClock
) -> None:
    set_clock(sqlite_server, "2027-08-11T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy042")
        await open_first_video(pilot, course_row=2)  # 基层党支部工作实务 · 12:00
        await pilot.press("space")
        hand_clock.advance(200)
        await pilot.press("escape")  # leave without pressing S
        await settle(pilot)
        assert isinstance(app.screen, CourseScreen)
        first = app.screen.course.items[0]
        assert first.covered_seconds == 200 and first.position_seconds == 200
        await pilot.press("enter")
        await settle(pilot)
        player = app.screen
        assert "03:20 / 12:00" in _text(player, "#player-time")  # resumes where it stopped
        await pilot.press("space")
        hand_clock.advance(170)
        await pilot.press("ctrl+q")  # quit with unsaved progress
        await settle(pilot)
    assert video_points(sqlite_server, "dy042") == 2  # 370 s in all


async def test_going_home_saves_and_a_second_terminal_takes_over(
    sqlite_server: ServerProcess, hand_clock: HandClock
) -> None:
    set_clock(sqlite_server, "2027-08-12T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy043")
        await open_first_video(pilot, course_row=3)  # 红色甘肃 · 会宁会师旧址 7:00
        player = app.screen
        await pilot.press("space")
        hand_clock.advance(30)
        # The same member opens the same video on another terminal.
        with sqlite_server.client() as http:
            h = login(http, "dy043")
            assert (
                http.post(f"/api/v1/videos/{player.video_id}/watch", headers=h).status_code == 200
            )
        hand_clock.advance(30)
        await pilot.press("s")
        await settle(pilot)
        assert "另一终端" in _text(player, "#player-message")
        assert not player.playback.playing
        await pilot.press("r")  # take it back
        await settle(pilot)
        player = app.screen
        await pilot.press("space")
        hand_clock.advance(181)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # 学习中心 → home: the player was already saved
        await settle(pilot)
    assert video_points(sqlite_server, "dy043") == 1


async def test_mpv_gets_the_video_while_our_clock_runs(
    sqlite_server: ServerProcess,
    hand_clock: HandClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """mpv is not installed here: a stand-in on PATH records how it was called."""
    calls = tmp_path / "mpv-args"
    fake = tmp_path / "bin" / "mpv"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho "$@" > {calls}\nsleep 30\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    set_clock(sqlite_server, "2027-08-13T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy044")
        await open_first_video(pilot)
        await pilot.press("o")
        player = app.screen
        for _ in range(50):  # not settle(): the worker watching mpv runs until mpv exits
            if calls.exists():
                break
            await pilot.pause(0.1)
        assert player.playback.playing
        assert "mpv" in _text(player, "#player-message")
        args = calls.read_text().split()
        assert args[0] == "--start=0" and args[-1] == player.video.url
        assert args[-2] == "--"  # a url is never read as one of mpv's options
        await pilot.press("escape")
        await settle(pilot)
        assert player._mpv is None  # stopped with the player


async def test_member_takes_an_exam_by_keys(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2027-08-14T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy045")
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ExamsScreen)
        await pilot.press("down", "enter")  # 三会一课基本知识
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen)
        assert "第 1/4 题 · 单选题" in _text(exam, "#exam-header")
        # Each question's hint names its own keys (a 判断题 has two options, not A–D).
        for _ in exam.attempt.questions:
            n = len(exam.question.options)
            assert f"A–{'ABCDEFGH'[n - 1]} 或 1–{n}" in _text(exam, "#exam-help")
            await pilot.press("right")
        await pilot.press("left", "left", "left", "left")
        await pilot.press("b", "right", "2", "right", "a", "b", "c", "c")  # C toggled off again
        assert exam.answers[exam.attempt.questions[2].id] == [0, 1]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 道题没有作答" in _text(app.screen, "Label")
        await pilot.press("y")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ExamResultScreen)
        assert result.result.score == 50  # two right, a partial multiple choice, one blank
        assert any("+2 积分" in n for n in _notes(app))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExamsScreen)
        table = app.screen.query_one("#paper-list")
        assert table.get_row_at(1)[3:] == ["1", "50"]
    # A branch account has no 我的考试: the palette does not offer it, and the server says so
    # when the screen is opened all the same.
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "zb002")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"我的考试", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExamsScreen)
        await pilot.press("escape")
        await app.run_action("open('exams')")
        await settle(pilot)
        assert "用户无该权限" in _notes(app)


async def test_an_article_video_plays_without_points(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2027-08-15T09:00:00+08:00")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(110, 34), notifications=True) as pilot:
        await log_in(pilot, "dy046")
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")  # the newest article carries the demo's article video
        await settle(pilot)
        assert "按 V 播放" in _text(app.screen, "#article-meta")
        await pilot.press("v")
        await settle(pilot)
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert "不计积分" in _text(player, "#player-stats")
        assert "文章视频" in _text(player, "#player-info")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, PlayerScreen)


async def test_the_exam_footer_and_hint_name_the_same_keys_and_both_work(
    sqlite_server: ServerProcess,
) -> None:
    """←/→ and P/N both move between questions: the footer and the hint under the question
    say so alike (the footer said p/n, the hint ←/→)."""
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy014")
        await app.run_action("open('exams')")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        exam = app.screen
        assert isinstance(exam, ExamScreen) and len(exam.attempt.questions) >= 3
        footer = app.screen._compositor.render_strips()[-1].text
        assert "←/p 上一题" in footer and "→/n 下一题" in footer, footer
        assert "←/→ 或 P/N 上一题/下一题" in _text(exam, "#exam-help")
        for key, index in (("right", 1), ("n", 2), ("p", 1), ("left", 0)):
            await pilot.press(key)
            assert exam.index == index, key
