"""The terminal client with Pilot against a real server on loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from keyrings.alt.file import PlaintextKeyring

from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.features import FeaturesScreen
from tui.screens.guide import GuideScreen
from tui.screens.home import HomeScreen
from tui.screens.login import LoginScreen
from tui.screens.orgs import OrgsScreen
from tui.screens.profile import ProfileScreen
from tui.screens.shortcuts_edit import ShortcutsEditScreen


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector).render())


def _shortcut_labels(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(b.label) for b in app.screen.query("#shortcuts Button")]


async def test_login_shows_home_with_shortcuts(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await log_in(pilot, "dy030")
        assert any("每日首次登录 +1 积分" in n.message for n in app._notifications)
        assert isinstance(app.screen, HomeScreen)
        assert "dy030" in app.who and "党员" in app.who
        assert app.connection == "online"
        assert _shortcut_labels(app) == [
            "1 党建资讯", "2 学习中心", "3 我的考试", "4 我的积分", "5 排行榜", "6 会议通知",
            "7 先锋模范", "8 我的信息", "9 组织架构", "功能权限", "操作指南",
        ]  # fmt: skip
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("escape")
        # Past the ninth shortcut, the command palette opens any screen by name.
        await pilot.press("ctrl+p")
        await pilot.press(*"功能权限")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeaturesScreen)
        table = app.screen.query_one("DataTable")
        # the SPEC §2 seven, and issue 16's 积分导出, 组织与人员导入 and 内容发布
        assert table.row_count == 10


async def test_wrong_password_says_so_and_stays(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy031", "not-the-password")
        assert isinstance(app.screen, LoginScreen)
        assert "用户名或密码错误" in _text(app, "#login-message")
        assert app.screen.query_one("#password").value == ""


async def test_empty_fields_are_caught_before_the_server(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.click("#login")
        assert "请输入用户名" in _text(app, "#login-message")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_unreachable_server_then_retry(tmp_path: Path) -> None:
    port = _free_port()
    app = make_app(f"http://127.0.0.1:{port}")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.connection == "offline"
        assert "无法连接服务器" in _text(app, "#login-message")
        assert "F5" in _text(app, "#login-message")
        server = start_server(tmp_path, f"sqlite:///{tmp_path / 'late.sqlite3'}", port=port)
        try:
            await pilot.press("f5")
            await settle(pilot)
            assert app.connection == "online"
            await log_in(pilot, "dy001")
            assert isinstance(app.screen, HomeScreen)
        finally:
            server.stop()


async def test_customise_shortcuts_follow_the_user(sqlite_server: ServerProcess) -> None:
    first = make_app(sqlite_server.url)
    async with first.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy032")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(first.screen, ShortcutsEditScreen)
        await pilot.press(*["space"] * 8)  # remove 党建资讯 … 我的信息
        await pilot.press("down", "n")  # 功能权限 is now 2nd: move it below 操作指南
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(first.screen, HomeScreen)
        assert _shortcut_labels(first) == ["1 组织架构", "2 操作指南", "3 功能权限"]
        await pilot.press("f9")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(first.screen, LoginScreen)
        assert "已退出登录" in _text(first, "#login-message")
        assert first.session.client.token is None

    second = make_app(sqlite_server.url)
    async with second.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy032")
        assert _shortcut_labels(second) == ["1 组织架构", "2 操作指南", "3 功能权限"]


async def test_leaving_the_editor_with_changes_asks_first(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy033")
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("space", "escape")
        await pilot.pause()
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, ShortcutsEditScreen)
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert len(_shortcut_labels(app)) == 11


async def test_logout_revokes_the_token_on_the_server(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy034")
        token = app.session.client.token
        await pilot.press("f9", "y")
        await settle(pilot)
    response = httpx.get(
        f"{sqlite_server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


async def test_stored_token_logs_back_in_and_password_is_not_kept(
    sqlite_server: ServerProcess, file_keyring: PlaintextKeyring
) -> None:
    first = make_app(sqlite_server.url, persistent=True, allow_file=True)
    async with first.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy035")
        assert isinstance(first.screen, HomeScreen)
    stored = file_keyring.get_password("gsdj", sqlite_server.url) or ""
    assert "dy035" in stored and "gsdj2026" not in stored

    second = make_app(sqlite_server.url, persistent=True, allow_file=True)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(second.screen, HomeScreen)
        assert "dy035" in second.who
        await pilot.press("f9", "y")
        await settle(pilot)
    assert file_keyring.get_password("gsdj", sqlite_server.url) is None


async def test_without_keyring_the_user_is_told(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url, persistent=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await log_in(pilot, "dy036")
        messages = [n.message for n in app._notifications]
        assert sum("密钥环" in m for m in messages) == 1


async def test_command_palette_navigates(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dw001")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"组织架构")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OrgsScreen)
        tree = app.screen.query_one("Tree")
        assert "兰州新区机关工委" in str(tree.root.label)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, GuideScreen)


async def test_expired_session_returns_to_login(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, "dy037")
        httpx.post(f"{sqlite_server.url}/api/v1/test/clock/advance", json={"seconds": 8 * 86400})
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "登录已过期" in _text(app, "#login-message")


async def test_the_offline_probe_never_cancels_a_retry_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the user's F5 is connecting, the 10-second probe must not start another connect:
    the exclusive worker would cancel the user's (seen as WorkerCancelled on a busy machine)."""
    app = make_app(f"http://127.0.0.1:{_free_port()}")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.connection == "offline"
        started: list[str] = []
        monkeypatch.setattr(app, "connect", lambda: started.append("connect"))

        async def reachable(_session: object) -> bool:
            return True

        monkeypatch.setattr(app.link, "probe", reachable)
        app.link.checking()  # what connect() says first: a connect is under way
        await app._recheck()
        assert started == []
        app.link.offline()  # nothing under way: the probe reconnects
        await app._recheck()
        assert started == ["connect"]
