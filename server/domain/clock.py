"""The one server clock every time-dependent rule reads.

In production it is the wall clock. Started with the test clock enabled, it can be set to any
instant or advanced; it then runs on from there in real time (like Stripe's test clocks), so
demos and acceptance tests cross midnights and quarters without waiting.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self, *, adjustable: bool = False) -> None:
        self.adjustable = adjustable
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        return datetime.fromtimestamp(time.time() + self._offset, UTC)

    def local_now(self) -> datetime:
        """The current instant in Asia/Shanghai, where every period of the platform is counted."""
        return self.now().astimezone(SHANGHAI)

    def today(self) -> date:
        return self.local_now().date()

    def set(self, instant: datetime) -> datetime:
        self._require_adjustable()
        if instant.tzinfo is None:
            raise ValueError("instant must carry a UTC offset")
        with self._lock:
            self._offset = instant.timestamp() - time.time()
        return self.now()

    def advance(self, seconds: float) -> datetime:
        self._require_adjustable()
        with self._lock:
            self._offset += seconds
        return self.now()

    @property
    def offset(self) -> float:
        """Seconds ahead of the wall clock (0 unless a test clock was moved)."""
        return self._offset

    def set_offset(self, seconds: float) -> None:
        """Take another process's test clock (the database keeps it, server.db.jobstate)."""
        self._require_adjustable()
        with self._lock:
            self._offset = seconds

    def _require_adjustable(self) -> None:
        if not self.adjustable:
            raise PermissionError("the server clock is not a test clock")


class FixedClock(Clock):
    """The clock an offline mutation runs on: the skew-corrected instant it was made at."""

    def __init__(self, instant: datetime) -> None:
        super().__init__()
        self._instant = instant

    def now(self) -> datetime:
        return self._instant


def shanghai_day(instant: datetime) -> date:
    """The Asia/Shanghai calendar day an instant counts for."""
    return instant.astimezone(SHANGHAI).date()


def as_utc(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


__all__ = ["SHANGHAI", "Clock", "as_utc", "shanghai_day"]
