"""The kiosk's idle clock: how long since someone last used the terminal, when to show the
countdown and when to log out. Time is injected (a monotonic clock in seconds)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IdleState:
    countdown: int | None  # whole seconds left to show, None while there is no need to warn
    log_out: bool = False


class KioskClock:
    def __init__(
        self, idle_seconds: float, countdown_seconds: float, clock: Callable[[], float]
    ) -> None:
        self.idle_seconds = idle_seconds
        self.countdown_seconds = countdown_seconds
        self._clock = clock
        self._last_input = clock()

    def touched(self) -> None:
        """Someone pressed a key, clicked or scrolled: the idle time starts again."""
        self._last_input = self._clock()

    def left(self) -> float:
        return self.idle_seconds - (self._clock() - self._last_input)

    def tick(self) -> IdleState:
        left = self.left()
        if left <= 0:
            return IdleState(None, log_out=True)
        if left <= self.countdown_seconds:
            return IdleState(math.ceil(left))
        return IdleState(None)
