"""The terminal experience: resizing keeps what was typed, F8 switches light and dark and keeps
the choice, NO_COLOR turns colour off, and no information is carried by colour alone."""

from __future__ import annotations

import pytest

from tests.servers import ServerProcess
from tests.tui.conftest import make_app, settle
from tui.settings import load_settings


async def test_resizing_keeps_input(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#username")
        await pilot.press(*"dy0")
        for size in ((250, 70), (80, 24), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press(*"55")
        assert app.screen.query_one("#username").value == "dy055"


async def test_theme_switch_is_kept(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        start = app.theme
        await pilot.press("f8")
        assert app.theme != start
        assert load_settings()[0].theme == app.theme
        await pilot.press("f8")
        assert app.theme == start == load_settings()[0].theme


async def test_no_color_is_respected(
    sqlite_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        # The connection state is a word and a mark, not only a colour.
        link = str(app.screen.query_one("StatusHeader #link").render())
        assert link in ("● 在线", "○ 离线")
