"""A notification whose toast is built after it expired (a busy machine) no longer hangs the app:
Textual's Timer looped forever on the negative delay (a CI run hung 30 minutes on it)."""

from __future__ import annotations

import asyncio
import time

from textual.app import App
from textual.notifications import Notification
from textual.widgets._toast import Toast

import tui.app  # noqa: F401  (installs the fix, as the app does)


def test_an_expired_notifications_toast_times_out_at_once() -> None:
    late = Notification("已过期", timeout=1, raised_at=time.time() - 10)
    assert late.time_left < 0
    assert Toast(late)._timeout > 0


async def test_an_expired_toast_goes_without_hanging() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        late = Notification("已过期", timeout=0.5, raised_at=time.time() - 10)
        await app.screen.mount(Toast(late))
        await asyncio.wait_for(pilot.pause(0.2), timeout=10)
        assert not app.screen.query(Toast)
