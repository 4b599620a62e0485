"""展室模式 with Pilot on a real server: two members use one kiosk one after the other; the first
leaves an action queued offline, hands over with one key, and logout waits until it is sent; the
second is logged out when idle after a visible countdown; leaving the program needs the PIN.
Afterwards every data, config, cache and temporary directory is searched for anything of
either member. The keyring is a backend that fails the test if touched."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from api_client import TokenStore
from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, settle
from tests.tui.test_player_and_exams import _text
from tui.app import GsdjApp
from tui.kiosk import Kiosk, KioskError, kiosk_from
from tui.screens.home import HomeScreen
from tui.screens.login import LoginScreen
from tui.widgets.ask import AskText


class LoudKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise AssertionError("the keyring was used in kiosk mode")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("the keyring was used in kiosk mode")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("the keyring was used in kiosk mode")


@pytest.fixture
def fresh_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    dirs = {name: tmp_path / name for name in ("data", "config", "cache", "tmp", "gsdj-data")}
    for path in dirs.values():
        path.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.setenv("GSDJ_DATA_DIR", str(dirs["gsdj-data"]))
    monkeypatch.setenv("GSDJ_CONFIG_FILE", str(dirs["config"] / "gsdj" / "settings.toml"))
    monkeypatch.setattr(tempfile, "tempdir", str(dirs["tmp"]))
    previous = keyring.get_keyring()
    keyring.set_keyring(LoudKeyring())
    yield dirs
    keyring.set_keyring(previous)


class HandClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _header(app: GsdjApp) -> str:
    return " ".join(str(w.render()) for w in app.screen.query("StatusHeader Static"))


async def test_two_members_one_kiosk_nothing_left_behind(
    sqlite_server: ServerProcess, fresh_dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = HandClock()
    monkeypatch.setattr(GsdjApp, "clock", staticmethod(clock))
    monkeypatch.setattr(GsdjApp, "DRAIN_RETRY_SECONDS", 0.1)
    kiosk = Kiosk(pin="2468", idle_seconds=300)
    assert kiosk.data_dir.is_relative_to(fresh_dirs["tmp"])
    # A persistent token store handed in is ignored: a kiosk never uses the keyring.
    app = GsdjApp(sqlite_server.url, tokens=TokenStore(persistent=True), kiosk=kiosk)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert "展室模式" in _text(app.screen, "#kiosk-hint")
        await log_in(pilot, "dy052")
        assert isinstance(app.screen, HomeScreen) and "展室模式" in _header(app)
        user_dir = next(kiosk.data_dir.glob("servers/*/dy052"))
        assert (user_dir / "outbox.sqlite3").exists()
        # Offline, a like waits in the outbox; the hand-over key waits until it is sent.
        app.session.client.offline = True
        app.went_offline()
        outcome = await app.mutate("like", {"article_id": 7})
        await settle(pilot)
        assert outcome.status == "queued" and app.pending == 1
        await pilot.press("f9")  # one key: no question in kiosk mode
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "本机没有保留您的任何数据" in _text(app.screen, "#login-message")
        assert app.screen.query_one("#username").value == ""
        assert not user_dir.exists()
        with sqlite_server.client() as http:
            liked = http.get("/api/v1/articles/7", headers=login(http, "dy052")).json()["liked"]
        assert liked, "the queued like was sent before the logout finished"

        # The second member: an idle session ends itself, after a countdown a key can stop.
        await log_in(pilot, "dy053")
        assert isinstance(app.screen, HomeScreen) and "dy053" in app.who
        clock.now += 275
        app._idle_tick()
        await pilot.pause()
        assert "25 秒后自动退出登录" in _header(app)
        await pilot.press("down")
        assert app.kiosk_countdown is None
        clock.now += 301
        app._idle_tick()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "长时间未操作" in _text(app.screen, "#login-message")
        assert not list(kiosk.data_dir.glob("servers/*/dy053"))

        # Leaving the program needs the PIN.
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, AskText)
        await pilot.press(*"1111", "enter")
        await settle(pilot)
        assert app.is_running and app._notifications
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press(*"2468", "enter")
        await settle(pilot)
    assert app.return_code == 0
    kiosk.remove()  # what `gsdj --kiosk` does when the program ends

    # Nothing of either member anywhere: not a file name, not a byte.
    traces = []
    for root in fresh_dirs.values():
        for path in root.rglob("*"):
            if "dy052" in str(path) or "dy053" in str(path):
                traces.append(path)
            elif path.is_file():
                content = path.read_bytes()
                if b"dy052" in content or b"dy053" in content:
                    traces.append(path)
    assert traces == []
    assert not kiosk.data_dir.exists()


def test_kiosk_settings() -> None:
    assert kiosk_from(False, "", "", "") is None
    with pytest.raises(KioskError, match="PIN"):
        kiosk_from(True, "", " ", "")
    with pytest.raises(KioskError, match="不能少于 60 秒"):
        kiosk_from(False, "true", "1234", "30")
    with pytest.raises(KioskError, match="秒数"):
        kiosk_from(True, "", "1234", "五分钟")
    kiosk = kiosk_from(False, "yes", "1234", "600")
    assert kiosk is not None and kiosk.idle_seconds == 600 and kiosk.pin == "1234"
    kiosk.remove()
