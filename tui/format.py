"""Every time, date and duration a person sees, formatted once. Times are Beijing time
(Asia/Shanghai) whatever the machine's zone: the platform's days, deadlines and meetings are
Beijing days, and a terminal on a UTC server would otherwise show them eight hours off."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")

Moment = datetime | str | float | None  # aware datetime, ISO 8601 text, or a Unix timestamp


def beijing(at: datetime | str | float) -> datetime:
    """The moment in Beijing time. A naive datetime or ISO text without an offset is taken as UTC
    (the server never sends one; the outbox stores aware ISO text)."""
    if isinstance(at, int | float):
        moment = datetime.fromtimestamp(at, UTC)
    else:
        moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def when(at: Moment) -> str:
    """ "2026-12-05 09:00": meetings, articles, history lines; empty for no time."""
    return beijing(at).strftime("%Y-%m-%d %H:%M") if at is not None else ""


def when_short(at: Moment) -> str:
    """ "12-05 09:00": comments and the header's data age, where the year is obvious."""
    return beijing(at).strftime("%m-%d %H:%M") if at is not None else ""


def when_seconds(at: Moment) -> str:
    """ "12-05 09:00:07": the outbox, where two actions may fall in the same minute."""
    return beijing(at).strftime("%m-%d %H:%M:%S") if at is not None else ""


def parse_when(text: str) -> datetime:
    """A time typed as "YYYY-MM-DD HH:MM", in Beijing time; ValueError when it is not one."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=BEIJING)


def clock(seconds: float) -> str:
    """A position or a length: "05:07", or "1:02:03" from an hour on."""
    s = int(seconds)
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
        if s >= 3600
        else f"{s // 60:02d}:{s % 60:02d}"
    )
