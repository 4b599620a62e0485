"""What every account and the public expect (issue 14, finding 12): 修改密码 from 我的信息 and
the palette, 学习中心 for 群众, a 党委 and visitors (watching, earning nothing, no J), and F1 at the
current screen's section. Pilot on the real server."""

from __future__ import annotations

import httpx
from textual.containers import VerticalScroll
from textual.widgets import Input, Markdown

from tests.conftest import DEMO_PASSWORD, login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.screens.guide import GuideScreen
from tui.screens.home import HomeScreen
from tui.screens.password import PasswordScreen
from tui.screens.player import PlayerScreen
from tui.screens.profile import ProfileScreen
from tui.screens.study import CourseScreen, StudyScreen

NEW = "Hongqi2027"


def set_clock(server: ServerProcess, iso: str) -> None:
    assert httpx.put(f"{server.url}/api/v1/test/clock", json={"now": iso}).status_code == 200


def _text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


def _footer_keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {key for key, b in app.screen.active_bindings.items() if b.binding.show}


async def _fill(pilot, old: str, new: str, again: str) -> None:  # type: ignore[no-untyped-def]
    for field, value in (("old", old), ("new", new), ("again", again)):
        widget = pilot.app.screen.query_one(f"#password-{field}", Input)
        widget.value = ""
        widget.focus()
        await pilot.press(*value)
    await pilot.press("enter")  # from the last field: submit
    await settle(pilot)


async def test_a_member_changes_the_password_from_the_profile(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2027-09-03T09:00:00+08:00")
    with sqlite_server.client() as http:
        elsewhere = login(http, "dy059")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dy059")
        await app.run_action("open('profile')")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert "p" in _footer_keys(app)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PasswordScreen)
        assert all(i.password for i in screen.query(Input))  # every field masked
        await _fill(pilot, "wrong-one", NEW, NEW)
        assert _text(screen, "#password-message") == "原密码不正确"
        await _fill(pilot, DEMO_PASSWORD, "short1", "short1")  # the server's rule and words
        assert _text(screen, "#password-message") == "新密码须为 8–64 位,并同时包含英文字母和数字"
        await _fill(pilot, DEMO_PASSWORD, NEW, NEW + "x")
        assert _text(screen, "#password-message") == strings.PASSWORD_MISMATCH
        await _fill(pilot, DEMO_PASSWORD, NEW, NEW)
        assert "其他终端上的登录(1 处)已退出" in _text(screen, "#password-message")
        assert all(i.value == "" for i in screen.query(Input))
        # This terminal goes on with the new token, and keeps it for the next start.
        stored = app.session.tokens.load(app.session.server_url)
        assert stored is not None and stored.token == app.session.client.token
        assert (await app.session.client.me()).username == "dy059"
    with sqlite_server.client() as http:
        assert http.get("/api/v1/me", headers=elsewhere).status_code == 401
        h = login(http, "dy059", NEW)
        body = {"old_password": NEW, "new_password": DEMO_PASSWORD}
        assert http.post("/api/v1/auth/password", headers=h, json=body).status_code == 200


async def test_the_palette_offers_the_password_screen_to_every_account(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dw001")
        await app.run_action("open('password')")
        await settle(pilot)
        assert isinstance(app.screen, PasswordScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def _open_study_course(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.run_action("open('study')")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StudyScreen)


async def test_a_qunzhong_and_a_committee_watch_earning_nothing_without_j(
    sqlite_server: ServerProcess,
) -> None:
    set_clock(sqlite_server, "2027-09-03T10:00:00+08:00")
    for user in ("qz001", "dw001"):
        app = make_app(sqlite_server.url)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await log_in(pilot, user)
            await _open_study_course(pilot)
            study = app.screen
            assert not study.can_enrol
            assert not {"j", "m"} & _footer_keys(app), user
            assert strings.STUDY_EARNS_NOTHING in _text(study, "#course-help")
            await pilot.press("j")  # not offered, and does nothing
            await settle(pilot)
            assert not [n for n in app._notifications if "权限" in n.message]
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, CourseScreen)
            assert "j" not in _footer_keys(app)
            assert strings.STUDY_EARNS_NOTHING in _text(app.screen, "#course-videos-help")
            assert "按 J" not in _text(app.screen, "#course-meta")  # J is not theirs
            await pilot.press("enter")
            await settle(pilot)
            player = app.screen
            assert isinstance(player, PlayerScreen), user
            assert not player.refused and player.watch is not None
            assert player.watch.earns is False
            assert "用户无该权限" not in _text(player, "#player-message")
            # Said as it is: a 学习中心 video that earns this account nothing (not "not study").
            assert strings.PLAYER_NOT_EARNER in _text(player, "#player-stats")


async def test_a_visitor_reaches_the_study_centre_and_watches(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert not {"j", "m"} & _footer_keys(app)
        assert strings.STUDY_VISITOR in _text(app.screen, "#course-help")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.playback is not None and app.screen.video is not None
        assert "s" not in _footer_keys(app)  # nothing of a visitor's is saved: no 保存进度


async def test_a_member_still_joins_with_j(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy060")
        await _open_study_course(pilot)
        assert {"j", "m"} <= _footer_keys(app)
        assert _text(app.screen, "#course-help") == strings.COURSE_HELP


def _heading_at_top(guide: GuideScreen, title: str) -> bool:
    markdown = guide.query_one(Markdown)
    block_id = next(b for _, t, b in markdown.table_of_contents or [] if t == title)
    block = guide.query_one(f"#{block_id}")
    scroll = guide.query_one(VerticalScroll)
    return scroll.scroll_y > 0 and abs(block.virtual_region.y - scroll.scroll_y) <= 1


async def test_f1_opens_the_guide_at_the_screens_section(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy060")
        await _open_study_course(pilot)
        await pilot.press("f1")
        await settle(pilot)
        guide = app.screen
        assert isinstance(guide, GuideScreen) and guide.heading == "学习中心与我的考试"
        assert _heading_at_top(guide, "学习中心与我的考试")
        await pilot.press("escape")  # back where F1 was pressed
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await app.run_action("open('vanguard')")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, GuideScreen)
        assert _heading_at_top(app.screen, "先锋模范:心愿树、微捐赠、随手拍")
