"""The reader and leaving the program (issue 14, findings 2, 12, 13), with Pilot on a real
server: article lines never begin with a closing mark (禁则), a refused comment keeps its box and
text with the server's reason, Ctrl+Q with unsent actions asks, Ctrl+C answers in Chinese, F9
hands over from any screen in 展室模式 after saving the player's progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region

from offline_cache.store import open_store
from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_player_and_exams import HandClock, hand_clock, open_first_video, set_clock
from tui import strings
from tui.app import GsdjApp
from tui.kiosk import Kiosk
from tui.linebreak import NO_LINE_END, NO_LINE_START, wrap
from tui.screens.article import ArticleScreen, CommentBox
from tui.screens.login import LoginScreen
from tui.screens.news import NewsScreen
from tui.screens.player import PlayerScreen
from tui.screens.registry import SCREENS
from tui.widgets.quit_ask import QuitAsk

__all__ = ["hand_clock"]  # the fixture, used by name


def _notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{n.title} {n.message}" for n in app._notifications]


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


def _footer(app) -> str:  # type: ignore[no-untyped-def]
    """The footer as drawn: the terminal's last line (a key cut at the edge is cut here too)."""
    return app.screen._compositor.render_strips()[-1].text


PROSE = (
    "活动中,大家结合各自岗位谈认识、找差距、定措施。负责同志表示,将把这次活动的成效转化为"
    "推动工作的具体行动,做到学有所获、干有成效。「学习强国」《党章》等平台, 见 "
    "https://www.12371.cn/special/ 的说明……(第 3 期)"
)


@pytest.mark.parametrize("width", range(8, 90))
def test_no_line_starts_with_a_closing_mark(width: int) -> None:
    lines = wrap(PROSE, width)
    assert all(cell_len(line) <= width for line in lines)
    assert not [line for line in lines if line and line[0] in NO_LINE_START]
    assert not [line for line in lines if line and line[-1] in NO_LINE_END]
    assert "".join(lines).replace(" ", "") == PROSE.replace(" ", "")


@pytest.mark.parametrize("columns", [80, 92, 100, 111, 120])
async def test_article_lines_follow_the_line_breaking_rules(
    sqlite_server: ServerProcess, columns: int
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(columns, 36)) as pilot:
        await settle(pilot)
        await pilot.press("f2")  # the visitor's news
        await settle(pilot)
        for _ in range(3):  # a few articles of the first page
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ArticleScreen) and app.screen.detail is not None
            body = app.screen.query_one("#article-body")
            strips = body.render_lines(Region(0, 0, body.size.width, body.size.height))
            lines = [s.text.rstrip() for s in strips]
            assert len(lines) > 3
            starts = [line for line in lines if line and line[0] in NO_LINE_START]
            assert not starts, starts
            text = app.screen.detail.body.replace("\n", "").replace(" ", "")
            assert "".join(lines).replace(" ", "") == text
            await pilot.press("escape", "down")
            await settle(pilot)


async def test_a_refused_comment_keeps_its_box_and_text(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy022")
        await app.action_open("news")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, CommentBox)
        await pilot.press(*"好文章", "enter")
        await settle(pilot)
        box = app.screen
        assert isinstance(box, CommentBox), "a refused comment must not close the box"
        assert box.query_one("#comment-input").value == "好文章"  # type: ignore[attr-defined]
        reason = _text(box, "#comment-error")
        assert "5" in reason and "✗" in reason
        await pilot.press(*",值得反复学习", "enter")
        await settle(pilot)
        assert app.screen is reader
        assert "好文章,值得反复学习" in _text(reader, "#comments")


async def test_ctrl_q_with_unsent_actions_asks(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy020")
        await pilot.press("ctrl+c")  # Textual's hint that Ctrl+C does not quit, in Chinese
        await pilot.pause()
        assert any(strings.QUIT_HINT_TITLE in n and "Ctrl+Q" in n for n in _notes(app))
        assert not any("quit" in n.lower() for n in _notes(app))
        # A like made while the terminal thinks it is offline waits in the outbox.
        app.session.client.offline = True
        app.went_offline()
        assert (await app.mutate("like", {"article_id": 5})).status == "queued"
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitAsk)
        assert "还有 1 项操作未同步" in _text(app.screen, "#question")
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, QuitAsk)
        await pilot.press("ctrl+q", "s")  # sync first: the server is there, so it goes, then quit
        await settle(pilot)
        await app.workers.wait_for_complete()
    assert app.return_code == 0
    with sqlite_server.client() as http:
        liked = http.get("/api/v1/articles/5", headers=login(http, "dy020")).json()["liked"]
    assert liked, "the queued like was sent before the program quit"


async def test_ctrl_q_quit_anyway_keeps_the_outbox(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy021")
        app.session.client.offline = True
        app.went_offline()
        await app.mutate("like", {"article_id": 6})
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, QuitAsk)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0
    store = open_store(sqlite_server.url, "dy021")  # kept for the next login here
    try:
        assert store.outbox.count_pending() == 1
    finally:
        store.close()


async def test_f9_hands_over_from_the_player_in_kiosk_mode(
    sqlite_server: ServerProcess, hand_clock: HandClock, tmp_path: Path
) -> None:
    set_clock(sqlite_server, "2027-08-20T09:00:00+08:00")
    app = GsdjApp(sqlite_server.url, kiosk=Kiosk(pin="2468", idle_seconds=600))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy023")
        await app.action_open("news")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        assert "退出登录" in _footer(app), "every footer in 展室模式 shows the hand-over key"
        for entry in SCREENS:  # whole, at 80 columns, on every screen a kiosk user can open
            await app.action_open(entry.code)
            await settle(pilot)
            assert "f9 退出登录" in _footer(app), (entry.code, _footer(app))
            assert "退出程序" not in _footer(app)  # the administrator's key (it asks the PIN)
        await app.action_home()
        await settle(pilot)
        await open_first_video(pilot)
        assert isinstance(app.screen, PlayerScreen)
        video_id = app.screen.video_id
        assert "退出登录" in _footer(app)
        await pilot.press("space")
        hand_clock.advance(90)
        await pilot.press("f9")  # walks away from the player: one key hands over
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "退出登录" not in _footer(app), "nobody is logged in: F9 is not offered"
    with sqlite_server.client() as http:
        video = http.get(f"/api/v1/videos/{video_id}", headers=login(http, "dy023")).json()
    assert video["covered_seconds"] >= 90, "the player's progress was saved before the logout"
