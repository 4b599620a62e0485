"""All in Chinese: every screen a user can reach (every registry entry for the accounts that may
open it, home, login, the command palette, 同步 with queued and refused actions, 通知), rendered
with Pilot on the real server, shows no English word outside an allow-list (key names, usernames,
URLs, file types and units). Textual's own palette commands, placeholder, "no matches" line and
footer key are ours, in Chinese; the palette offers only what the server lets the account use."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_meetings import _api
from tests.tui.test_player_and_exams import set_clock
from tui.app import GsdjApp
from tui.commands import Palette, save_screenshot
from tui.kiosk import Kiosk
from tui.screens import registry
from tui.screens.home import HomeScreen
from tui.screens.login import LoginScreen
from tui.screens.notices import NoticesScreen
from tui.screens.sync import SyncScreen

# What may stay in Latin letters: key names as the footer shows them, file types and units,
# the demo's usernames (removed below by pattern) and URLs (removed by pattern).
ALLOWED = {
    "esc", "enter", "space", "tab", "shift", "ctrl", "home", "end", "pgup", "pgdn", "del",
    "up", "down", "left", "right", "alt",
    "mpv", "svg", "png", "jpeg", "jpg", "gif", "kib", "mib", "pin", "id",
    "md", "xlsx", "csv", "toml",  # 内容发布's file types (issue 16)
}  # fmt: skip
USERNAME = re.compile(r"\b(?:dy|zb|zzz|dw|sw|qz)\d{3}\b")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:cn|com|org|net)\b\S*")
WORD = re.compile(r"[A-Za-z]{2,}")


def screen_text(app: GsdjApp) -> str:
    """What the terminal shows now: every line of the active screen, as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def english(text: str) -> set[str]:
    text = URL.sub(" ", USERNAME.sub(" ", text))
    return {w for w in WORD.findall(text) if w.lower() not in ALLOWED}


def check(app: GsdjApp, where: str, found: dict[str, set[str]]) -> None:
    words = english(screen_text(app))
    if words:
        found[where] = words


async def open_entry(pilot: Pilot, code: str) -> None:
    await pilot.app.action_open(code)
    await settle(pilot)


def allowed_codes(server: ServerProcess, username: str) -> list[str]:
    with httpx.Client(base_url=server.url) as http:
        got = http.get("/api/v1/me/shortcuts", headers=login(http, username)).json()
    return [s["code"] for s in got["available"]]


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This file's queued actions stay in this file."""
    monkeypatch.setenv("GSDJ_DATA_DIR", str(tmp_path / "data"))


async def queue_and_refuse(pilot: Pilot) -> None:
    """同步 with actions waiting and refused: ids no meeting or article has, so pushing them
    changes nothing on the server and leaves them refused, with the server's reasons."""
    app = pilot.app
    assert app.session.outbox is not None
    app.session.outbox.add("meeting_feedback", {"meeting_id": 2_000_001, "answer": "leave",
                           "reason": "出差"}, note="支部党员大会 12-05 09:00")  # fmt: skip
    app.session.outbox.add("like", {"article_id": 2_000_001}, note="《一篇文章》")
    app.session.outbox.add("exam", {"paper_id": 2_000_001})  # as an older client queued it


async def test_every_screen_is_in_chinese(sqlite_server: ServerProcess) -> None:
    """80×24, the size where a cut word shows first: every screen of every role."""
    found: dict[str, set[str]] = {}
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        check(app, "login", found)
        for entry in registry.SCREENS:  # a visitor (F2/F3 on the login screen)
            if entry.public:
                await open_entry(pilot, entry.code)
                check(app, f"visitor:{entry.code}", found)
                await pilot.press("escape")
                await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        check(app, "visitor:palette", found)
        await pilot.press("escape")
        for username in ("dy001", "zb001", "zzz001", "dw001", "sw001", "qz001"):
            await log_in(pilot, username)
            assert isinstance(app.screen, HomeScreen), username
            check(app, f"{username}:home", found)
            for code in allowed_codes(sqlite_server, username):
                await open_entry(pilot, code)
                check(app, f"{username}:{code}", found)
                await app.action_home()
                await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            check(app, f"{username}:palette", found)
            await pilot.press("escape")
            await pilot.press("f7")
            await settle(pilot)
            assert isinstance(app.screen, NoticesScreen)
            check(app, f"{username}:notices", found)
            await app.action_home()
            if username == "dy001":
                await queue_and_refuse(pilot)
                await pilot.press("f6")
                await settle(pilot)
                assert isinstance(app.screen, SyncScreen)
                check(app, "dy001:sync-pending", found)
                await pilot.press("s")
                await settle(pilot)
                assert len(app.session.outbox.rejected()) == 3
                check(app, "dy001:sync-rejected", found)
                await app.action_home()
            await app._sign_out()
            app._back_to_login("")
            await settle(pilot)
    assert found == {}


def palette_lines(app: GsdjApp) -> list[str]:
    assert isinstance(app.screen, Palette)
    return [str(o.prompt) for o in app.screen.query_one(CommandList).options]


async def open_palette(pilot: Pilot) -> list[str]:
    await pilot.press("ctrl+p")
    await settle(pilot)
    return palette_lines(pilot.app)  # type: ignore[arg-type]


async def test_the_palette_is_ours_in_chinese(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await log_in(pilot, "dy001")
        footer = screen_text(app).splitlines()[-1]
        assert "^p 命令" in footer and "palette" not in footer
        lines = await open_palette(pilot)
        text = screen_text(app)
        assert "输入画面或命令的名称" in text and "Search" not in text
        titles = [line.splitlines()[0] for line in lines]
        assert titles[0] == "首页"
        for english_command in ("Keys", "Maximize", "Quit", "Screenshot", "Theme"):
            assert not any(t.startswith(english_command) for t in titles)
        assert {"退出程序", "截图", "浅色/深色", "会议通知", "我的考试"} <= set(titles)
        # What /me/shortcuts lets a 党员 add: no 在线用标, 督办达标 or 审核记录.
        assert not {"在线用标", "督办达标", "审核记录"} & set(titles)
        await pilot.press(*"zzzz")
        for _ in range(50):  # Textual shows the line after its own half-second countdown
            if "没有找到匹配的命令" in screen_text(app):
                break
            await pilot.pause(0.05)
        assert "没有找到匹配的命令" in screen_text(app) and "No matches" not in screen_text(app)
        await pilot.press("escape")
        await app._sign_out()
        app._back_to_login("")
        await log_in(pilot, "zb001")
        titles = [line.splitlines()[0] for line in await open_palette(pilot)]
        assert {"在线用标", "督办达标"} <= set(titles) and "会议通知" not in titles
        await pilot.press("escape")


async def test_a_kiosk_palette_has_no_screenshot(sqlite_server: ServerProcess) -> None:
    app = GsdjApp(sqlite_server.url, kiosk=Kiosk(pin="1357", idle_seconds=300))
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dy033")
        titles = [line.splitlines()[0] for line in await open_palette(pilot)]
        assert "截图" not in titles and "退出程序" in titles
        await pilot.press("escape")
        await app._sign_out()


async def test_a_screenshot_says_where_in_chinese(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        path = save_screenshot(app, tmp_path / "shots")
        assert path is not None and path.exists() and path.suffix == ".svg"
        await pilot.pause()
        assert [n.message for n in app._notifications][-1] == f"截图已保存到 {path}"


async def test_the_header_names_the_org_once_and_whole(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "qz001")
        header = screen_text(app).splitlines()[0]
        assert "群众 · 群众" not in header and "· 群众" in header
        await app._sign_out()
        app._back_to_login("")
        await log_in(pilot, "dy001")
        header = screen_text(app).splitlines()[0]
        # One line that ends in … when too long, never wrapped out of sight after "党员 ·".
        assert "王建国(dy001)· 党员 · 综合执法局" in header
        await app._sign_out()
        app._back_to_login("")
        await log_in(pilot, "sw001")
        header = screen_text(app).splitlines()[0]
        assert header.count("省委组织部管理员") == 1, header  # the name is the kind: said once


async def test_notices_newest_first_and_whole(sqlite_server: ServerProcess) -> None:
    """A notice written later with an earlier time (the demo and synced offline actions write
    such) lists below the newer one; the highlighted notice is shown whole under the list."""
    title = "关于认真学习贯彻党的二十届四中全会精神并结合本支部实际开展专题研讨的通知"
    me = _api(sqlite_server, "dy034", "GET", "/me")["id"]
    for at, name in (
        ("2028-09-10T09:00:00+08:00", title),
        ("2028-09-01T09:00:00+08:00", "九月党课"),
    ):
        set_clock(sqlite_server, at)
        mid = _api(sqlite_server, "zb003", "POST", "/meetings", json={
            "type": "lesson", "title": name, "starts_at": at.replace("T09", "T15"), "place": "村委会",
        })["meeting"]["id"]  # fmt: skip
        _api(sqlite_server, "zb003", "POST", f"/meetings/{mid}/notify", json={"account_ids": [me]})
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy034")
        await pilot.press("f7")
        await settle(pilot)
        table = app.screen.query_one("#notices", DataTable)
        assert str(table.get_row_at(0)[1]) == "2028-09-10 09:00"
        assert str(table.get_row_at(1)[1]) == "2028-09-01 09:00"
        text = re.sub(r"[\s█▌▐]", "", screen_text(app))  # the detail's border is █
        assert title in text  # wrapped in the detail, though its row is cut at 80 columns
        await pilot.press("down")
        await settle(pilot)
        assert "九月党课" in str(app.screen.query_one("#notice-detail", Static).render())


async def test_sync_names_each_queued_action_whole(sqlite_server: ServerProcess) -> None:
    """What a queued action is about, as the screen that queued it named it, not its kind's
    code; at 80 columns the row is cut, the highlighted action is shown whole under the list."""
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy033")
        assert app.session.outbox is not None
        note = "学习贯彻全会精神支部党员大会 12-05 09:00"
        app.session.outbox.add(
            "meeting_feedback",
            {"meeting_id": 2_000_003, "answer": "leave", "reason": "在外地参加培训"},
            note=note,
        )
        await pilot.press("f6")
        await settle(pilot)
        table = app.screen.query_one("#sync-pending", DataTable)
        assert [str(c) for c in table.get_row_at(0)][1:] == [
            "会议反馈",
            f"请假 · {note}(在外地参加培训)",
        ]
        detail = str(app.screen.query_one("#sync-detail", Static).render())
        assert f"请假 · {note}(在外地参加培训)" in detail
        assert "meeting_feedback" not in screen_text(app)
        await pilot.press("s")  # no such meeting: refused, with the server's reason
        await settle(pilot)
        detail = str(app.screen.query_one("#sync-detail", Static).render())
        assert note in detail and "会议" in detail.splitlines()[-1]
