"""党建大屏 with Pilot on a real server of this module (the last test on it stops it): sw001
sees the API's figures (digits, ranking, map, meeting types); the panels follow one another
without a key; a refresh after the interval shows what the server computed meanwhile (a new day
on the test clock); ten unattended minutes (40 panel turns, 2 refreshes, the kiosk's idle clock
running) neither log out nor grow the memory; in 展室模式 nothing opens from it and leaving takes
the PIN; a 党委 account gets the server's refusal; with the server gone the last figures stay,
with 连接中断, until it is back. And `gsdj --serve`: the page and the terminal behind its
websocket."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Digits

from tests.conftest import DEMO_PASSWORD, login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, settle
from tests.tui.test_player_and_exams import set_clock
from tui.app import GsdjApp
from tui.kiosk import Kiosk
from tui.screens.big_screen import PANELS, BigScreen
from tui.screens.home import HomeScreen
from tui.widgets.ask import AskText
from tui.widgets.fit_table import FitTable, plain
from tui.widgets.gansu_map import GansuMap

DAY = "2027-08-05"  # the daily job's last run when the module starts


def _run_daily(server: ServerProcess, day: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "server", "jobs", "run-daily", "--date", day,
         "--db", server.database_url],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A server of this module alone: its clock and days move, and the last test stops it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('big-screen-db') / 'gsdj.sqlite3'}"
    proc = start_server(tmp_path_factory.mktemp("big-screen-server"), url)
    set_clock(proc, "2027-08-06T09:00:00+08:00")
    _run_daily(proc, DAY)
    yield proc
    proc.stop()


class HandClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingApp(GsdjApp):
    """The app, counting every key that reaches it: the big screen must need none."""

    keys = 0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.keys += 1
        await super().on_event(event)


def _api(server: ServerProcess, username: str = "sw001") -> dict:  # type: ignore[type-arg]
    with server.client() as http:
        response = http.get("/api/v1/big-screen", headers=login(http, username))
    return response.json()  # type: ignore[no-any-return]


def _screen(app: GsdjApp) -> BigScreen:
    assert isinstance(app.screen, BigScreen), type(app.screen)
    return app.screen


def _text(app: GsdjApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def _digits(app: GsdjApp, code: str) -> str:
    return app.screen.query_one(f"#figure-{code} Digits", Digits).value


def _rows(app: GsdjApp, table: str) -> list[list[str]]:
    found = app.screen.query_one(f"#{table}", FitTable)
    return [[plain(c) for c in cells] for cells in found.full.values()]


async def _start(pilot: Pilot, username: str = "sw001") -> None:
    """`gsdj --big-screen`: the login opens the big screen over 首页."""
    await log_in(pilot, username)
    await settle(pilot)


def _app(server: ServerProcess, kiosk: Kiosk | None = None) -> CountingApp:
    from api_client import TokenStore

    return CountingApp(
        server.url,
        tokens=TokenStore(persistent=False),
        kiosk=kiosk,
        open_after_login="big_screen",
    )


async def test_sw001_sees_the_figures_the_server_computed(own_server: ServerProcess) -> None:
    api = _api(own_server)
    assert api["as_of"] == DAY
    app = _app(own_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        screen = _screen(app)
        assert isinstance(app.screen_stack[-2], HomeScreen)  # Esc leads home
        assert f"数据截至 {DAY}" in _text(app, "#big-status")
        assert f"第 1/{len(PANELS)} 屏" in _text(app, "#big-pager")
        assert "全省概况" in _text(app, "#big-title")
        assert _digits(app, "members") == f"{int(api['day']['members']):,}"
        assert _digits(app, "active") == f"{int(api['day']['active']):,}"
        assert _digits(app, "green_share") == f"{api['day']['green_share']:.1f}"
        assert _digits(app, "study_points") == f"{int(api['day']['study_points']):,}"
        # The 市州 in the server's order (best 督办达标率 first), each with its bar and share.
        ranking = _rows(app, "ranking-table")
        assert [r[1] for r in ranking] == [c["city"] for c in api["cities"]]
        best = api["cities"][0]
        assert ranking[0][0] == "1" and f"{best['day']['green_share']:.1f}%" in ranking[0][2]
        assert "█" in ranking[0][2] or best["day"]["green_share"] == 0
        meetings = _rows(app, "meetings-table")
        assert [r[0] for r in meetings] == [m["type_name"] for m in api["meetings"]]
        assert [r[2] for r in meetings] == [f"{m['green']}/{m['rows']}" for m in api["meetings"]]
        # The map: every 市州 shaded by its 督办达标率 of the day, as the server gave it.
        shading = screen.query_one(GansuMap).shading
        assert shading is not None and shading.metric.code == "green_share"
        assert shading.values == {c["code"]: c["day"]["green_share"] for c in api["cities"]}
        assert screen.query_one(ContentSwitcher).current == PANELS[0]
        # Space and ←/→ step by hand, round the end.
        await pilot.press("space")
        assert screen.query_one(ContentSwitcher).current == "days"
        await pilot.press("left", "left")
        assert screen.query_one(ContentSwitcher).current == PANELS[-1]
        assert f"第 {len(PANELS)}/{len(PANELS)} 屏" in _text(app, "#big-pager")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_the_panels_cycle_on_their_own(
    own_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(BigScreen, "CYCLE_SECONDS", 0.05)
    shown: list[str] = []
    go = BigScreen._go

    def seen(self: BigScreen, index: int) -> None:
        go(self, index)
        shown.append(self.query_one(ContentSwitcher).current or "")

    monkeypatch.setattr(BigScreen, "_go", seen)
    app = _app(own_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        screen = _screen(app)
        keys = app.keys
        for _ in range(400):  # turns of the app, not a sleep: its own timer moves it on
            if len(shown) > len(PANELS):
                break
            await pilot.pause(0.01)
        assert shown[: len(PANELS) + 1] == [*PANELS[1:], PANELS[0], PANELS[1]]
        assert app.keys == keys, "nothing was pressed"
        assert "第 " in _text(app, "#big-pager") and screen.refused is None


async def test_a_refresh_after_the_interval_shows_the_new_day(own_server: ServerProcess) -> None:
    app = _app(own_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await _start(pilot)
        screen = _screen(app)
        before = _api(own_server)
        assert f"数据截至 {DAY}" in _text(app, "#big-status")
        # A member studies on 08-06 (the first login of the day earns a study point); the
        # next morning the daily job computes 08-06.
        with own_server.client() as http:
            login(http, "dy001")
        set_clock(own_server, "2027-08-07T09:00:00+08:00")
        _run_daily(own_server, "2027-08-06")
        after = _api(own_server)
        assert after["as_of"] == "2027-08-06" and after["day"]["active"] >= 1
        assert after != before
        # Until the interval is over the screen shows what it had; then the timer's tick asks.
        assert f"数据截至 {DAY}" in _text(app, "#big-status")
        assert screen.refresh_timer is not None
        screen.reload()  # what the refresh timer calls every REFRESH_SECONDS
        await settle(pilot)
        assert "数据截至 2027-08-06" in _text(app, "#big-status")
        assert _digits(app, "active") == f"{int(after['day']['active']):,}"
        assert screen.shown is not None and screen.shown.as_of == "2027-08-06"


async def test_ten_unattended_minutes_neither_log_out_nor_grow(
    own_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cycle (15 s) and refresh (5 min) ticks of ten minutes, driven by hand, in 展室模式
    with its idle clock (5 minutes) running on a hand clock: still logged in, no key pressed,
    the same widgets, and the memory after twenty warm-up minutes within a small bound
    (docs/architecture.md says how it is measured, and why so)."""
    clock = HandClock()
    monkeypatch.setattr(GsdjApp, "clock", staticmethod(clock))
    kiosk = Kiosk(pin="2468", idle_seconds=300)
    app = _app(own_server, kiosk)
    cycles = round(600 / BigScreen.CYCLE_SECONDS)
    per_refresh = round(BigScreen.REFRESH_SECONDS / BigScreen.CYCLE_SECONDS)
    assert cycles >= 40 and cycles // per_refresh >= 2
    tracemalloc.start()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _start(pilot)
            screen = _screen(app)
            keys = app.keys

            async def minutes(turns: int) -> None:
                for turn in range(1, turns + 1):
                    clock.now += BigScreen.CYCLE_SECONDS
                    screen.next_panel()
                    app._idle_tick()  # what the kiosk's 1-second timer calls
                    if turn % per_refresh == 0:
                        screen.reload()
                        await settle(pilot)
                    await pilot.pause()

            async def at_rest() -> int:
                """The traced memory once the app is idle (a frame being painted holds its
                strips: measured mid-paint, that was a third of a megabyte either way)."""
                await settle(pilot)
                await pilot.pause(0.2)
                gc.collect()
                return tracemalloc.get_traced_memory()[0]

            await minutes(2 * cycles)  # warm-up: twenty minutes, every panel painted many times
            widgets = {id(w) for w in screen.query("*")}
            start = await at_rest()
            before = tracemalloc.take_snapshot()
            # Ten minutes and a little: the same panel at both marks (panels at rest hold
            # different amounts: the overview's digits are not the charts).
            await minutes(cycles + -cycles % len(PANELS))
            end = await at_rest()
            where = "; ".join(
                f"{d.traceback[0]} {d.size_diff / 1024:+.0f} KiB"
                for d in tracemalloc.take_snapshot().compare_to(before, "lineno")[:6]
            )
            assert app.session.account is not None and app.screen is screen
            assert app.kiosk_countdown is None
            assert app.keys == keys, "nothing was pressed"
            assert {id(w) for w in screen.query("*")} == widgets, "widgets reused, not remounted"
            grown = end - start
            assert grown < 256 * 1024, f"grew {grown / 1024:.0f} KiB in ten minutes: {where}"
    finally:
        tracemalloc.stop()
        kiosk.remove()


async def test_a_kiosk_big_screen_is_left_only_with_the_pin(
    own_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = HandClock()
    monkeypatch.setattr(GsdjApp, "clock", staticmethod(clock))
    kiosk = Kiosk(pin="2468", idle_seconds=300)
    app = _app(own_server, kiosk)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await _start(pilot)
            screen = _screen(app)
            footer = "\n".join(s.text for s in app.screen._compositor.render_strips()[-1:])
            assert "退出大屏(需 PIN)" in footer and "返回首页" not in footer
            # Nothing opens over it and nobody is logged out from it.
            for key in ("ctrl+p", "f9", "f1", "f6", "f7"):
                await pilot.press(key)
                await settle(pilot)
                assert app.screen is screen, key
            assert await app.run_action("open('accounts')") is False
            assert app.session.account is not None
            # Unattended for far longer than the kiosk's idle time: still there.
            clock.now += 3600
            app._idle_tick()
            await settle(pilot)
            assert app.screen is screen and app.session.account is not None
            # Esc asks the PIN; unanswered, the question goes away by itself.
            app.PIN_ASK_SECONDS = 1.0
            await pilot.press("escape")
            assert isinstance(app.screen, AskText)
            assert "离开党建大屏" in str(app.screen.query_one("#question").render())
            for _ in range(100):
                if app.screen is screen:
                    break
                await pilot.pause(0.05)
            assert app.screen is screen
            # A wrong PIN stays.
            app.PIN_ASK_SECONDS = 60.0
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, AskText)
            await pilot.press(*"1111", "enter")
            await settle(pilot)
            assert app.screen is screen
            assert any("PIN 不正确" in n.message for n in app._notifications)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press(*"2468", "enter")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            # Off the big screen the kiosk's idle rule is back.
            clock.now += 3600
            app._idle_tick()
            await settle(pilot)
            assert app.session.account is None
    finally:
        kiosk.remove()


async def test_a_committee_admin_gets_the_servers_refusal(own_server: ServerProcess) -> None:
    with own_server.client() as http:
        refusal = http.get("/api/v1/big-screen", headers=login(http, "dw001"))
    assert refusal.status_code == 403
    message = refusal.json()["message"]
    kiosk = Kiosk(pin="2468", idle_seconds=300)
    app = _app(own_server, kiosk)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await _start(pilot, "dw001")
            screen = _screen(app)
            assert message in _text(app, "#big-refused")
            assert screen.has_class("-refused") and not screen.kiosk_locked
            assert not [n for n in app._notifications if n.severity == "error"], "no toast"
            # Nothing to show: no PIN between this account and its 首页.
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            await app._sign_out()
    finally:
        kiosk.remove()


async def test_with_the_server_gone_the_last_figures_stay(
    own_server: ServerProcess, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The last test on this module's server: it stops it, then starts it again on its port."""
    api = _api(own_server)
    app = _app(own_server)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _start(pilot)
        screen = _screen(app)
        members = _digits(app, "members")
        assert members == f"{int(api['day']['members']):,}"
        own_server.stop()
        # The notice poll (every 30 s) is the first to find it gone: the screen itself asks only
        # every 5 minutes, and the header said ● 在线 until then.
        await app.poll_notices().wait()
        await settle(pilot)
        assert app.connection == "offline"
        assert "连接中断" in _text(app, "#big-status")
        screen.reload()
        await settle(pilot)
        assert app.connection == "offline"
        status = _text(app, "#big-status")
        assert "连接中断" in status and "获取的数据" in status and "正在自动重试" in status
        assert _digits(app, "members") == members
        assert [r[1] for r in _rows(app, "ranking-table")] == [c["city"] for c in api["cities"]]
        for _ in range(3):  # more refresh ticks and panel turns: no traceback, the data stays
            screen.reload()
            screen.next_panel()
            await settle(pilot)
        assert app.is_running and app.screen is screen
        assert "连接中断" in _text(app, "#big-status")
        # The server comes back; the app's probe finds it and the screen asks at once.
        port = int(own_server.url.rsplit(":", 1)[1])
        back = start_server(
            tmp_path_factory.mktemp("big-screen-back"), own_server.database_url,
            command="serve", port=port,
        )  # fmt: skip
        try:
            await app._recheck()  # what the app's 10-second probe calls while offline
            await settle(pilot)
            assert app.connection == "online"
            assert "数据截至" in _text(app, "#big-status")
            assert "连接中断" not in _text(app, "#big-status")
        finally:
            back.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_serve_puts_the_terminal_in_a_browser_page(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    """`gsdj --serve --big-screen`: the page (in Chinese) and, over its websocket, a terminal of
    its own that opens on the login and then on 党建大屏."""
    aiohttp = pytest.importorskip("aiohttp")
    pytest.importorskip("textual_serve")
    port = _free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    command = [sys.executable, "-m", "tui", "--serve", "--big-screen", "--port", str(port),
               "--server", sqlite_server.url]  # fmt: skip
    serving = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        assert serving.stdout is not None
        assert "提供网页" in serving.stdout.readline().decode()
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/") as page:
                html = await page.text()
            assert '<html lang="zh-CN">' in html and "<title>党建学习终端</title>" in html
            assert f"ws://127.0.0.1:{port}/ws" in html and ">Start<" not in html
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws") as ws:
                await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))

                async def until(*words: str) -> None:
                    seen = b""

                    async def read() -> None:
                        nonlocal seen
                        while not all(w.encode() in seen for w in words):
                            message = await ws.receive()
                            kinds = (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
                            assert message.type in kinds, seen.decode(errors="replace")[-2000:]
                            data = message.data
                            seen += data if isinstance(data, bytes) else data.encode()

                    await asyncio.wait_for(read(), 60)

                await until("登录", "本终端登录后打开党建大屏")
                # Typed as a person does, field by field: keys sent at once would reach the
                # username field before its Enter has moved the focus on.
                for chunk in ("sw001", "\r", DEMO_PASSWORD, "\r"):
                    await ws.send_str(json.dumps(["stdin", chunk]))
                    await asyncio.sleep(0.5)
                await until("全省概况", "数据截至")
    finally:
        serving.terminate()
        serving.wait(timeout=30)
