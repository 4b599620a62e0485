"""Snapshots of the login and home screens at 100×30, with Chinese text aligned.

The server listens on a fixed port so that the address shown on the login screen is stable.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle

SNAPSHOT_PORT = 18731
SIZE = (100, 30)


@pytest.fixture(scope="module")
def snapshot_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir = tmp_path_factory.mktemp("snapshot-server")
    proc = start_server(workdir, f"sqlite:///{workdir / 'snap.sqlite3'}", port=SNAPSHOT_PORT)
    yield proc
    proc.stop()


async def _ready(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    # A blinking cursor would make the picture depend on when it is taken.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_login_screen(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=_ready)


def test_login_screen_with_error(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def wrong_password(pilot: Pilot) -> None:
        await log_in(pilot, "dy040", "wrong")
        await _ready(pilot)

    assert snap_compare(
        make_app(snapshot_server.url), terminal_size=SIZE, run_before=wrong_password
    )


def test_home_screen(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def logged_in(pilot: Pilot) -> None:
        await log_in(pilot, "dy001")
        await _ready(pilot)

    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=logged_in)


def test_features_table_aligns_chinese(snap_compare, snapshot_server: ServerProcess) -> None:  # type: ignore[no-untyped-def]
    async def features(pilot: Pilot) -> None:
        await log_in(pilot, "zb001")
        await pilot.press("6")
        await _ready(pilot)

    assert snap_compare(make_app(snapshot_server.url), terminal_size=SIZE, run_before=features)
