from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from textual.pilot import Pilot

from api_client import TokenStore
from tests.conftest import DEMO_PASSWORD
from tui.app import GsdjApp


@pytest.fixture(autouse=True)
def _no_desktop_keyring() -> Iterator[None]:
    """Unless a test asks for the file keyring, there is none (as over SSH)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


def make_app(url: str, *, persistent: bool = False, allow_file: bool = False) -> GsdjApp:
    """`allow_file`: the file keyring stands in for a desktop one (as `keyring_file = "true"`)."""
    return GsdjApp(url, tokens=TokenStore(persistent=persistent, allow_file=allow_file))


async def _workers_done(pilot: Pilot) -> None:
    """Wait for the app's workers. One cancelled meanwhile (a screen's load when a logout
    switches screens: an exclusive worker replaced) is done too, not a failure."""
    from textual.worker import WorkerCancelled

    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await pilot.pause()


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the screen repaint: wait, never sleep."""
    await _workers_done(pilot)
    await pilot.pause()
    await _workers_done(pilot)
    await pilot.pause()


async def log_in(pilot: Pilot, username: str, password: str = DEMO_PASSWORD) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#username").value = ""
    await pilot.click("#username")
    await pilot.press(*username, "enter", *password, "enter")
    await settle(pilot)


@pytest.fixture(autouse=True)
def _notices_polled_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 30-second notice poll would drop a notification into a long test at a random moment;
    tests poll by calling `app.poll_notices()` (the first poll at login still runs)."""
    from tui.app import GsdjApp

    monkeypatch.setattr(GsdjApp, "NOTICE_POLL_SECONDS", 3600.0)
