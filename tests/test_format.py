"""tui/format.py: every time a person sees is Beijing time, whatever the machine's zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tui import format as fmt


@pytest.fixture(autouse=True, params=["UTC", "America/Los_Angeles"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The terminal runs on a machine that is not in Beijing."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_the_machine_zone_really_is_not_beijing(machine_zone: str) -> None:
    assert time.strftime("%z", time.localtime(0)) != "+0800"


def test_an_aware_time_is_shown_in_beijing() -> None:
    at = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)
    assert fmt.when(at) == "2026-12-05 09:30"
    assert fmt.when_short(at) == "12-05 09:30"
    assert fmt.when_seconds(at.replace(second=7)) == "12-05 09:30:07"


def test_a_time_past_beijing_midnight_is_the_next_beijing_day() -> None:
    assert fmt.when(datetime(2026, 12, 31, 16, 5, tzinfo=UTC)) == "2027-01-01 00:05"
    new_york = timezone(timedelta(hours=-5))
    assert fmt.when(datetime(2026, 12, 31, 11, 5, tzinfo=new_york)) == "2027-01-01 00:05"


def test_iso_text_and_timestamps() -> None:
    assert fmt.when_seconds("2026-12-05T01:30:07+00:00") == "12-05 09:30:07"
    assert fmt.when("2026-12-05T09:30:00+08:00") == "2026-12-05 09:30"
    assert fmt.when_short(datetime(2026, 12, 5, 1, 30, tzinfo=UTC).timestamp()) == "12-05 09:30"
    assert fmt.when_short(0.0) == "01-01 08:00"  # a timestamp of 0 is a time, not "no time"


def test_no_time_is_empty() -> None:
    assert fmt.when(None) == fmt.when_short(None) == fmt.when_seconds(None) == ""


def test_a_typed_time_is_beijing_time() -> None:
    at = fmt.parse_when("2026-12-05 09:00")
    assert at.utcoffset() == timedelta(hours=8)
    assert at.astimezone(UTC) == datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
    with pytest.raises(ValueError):
        fmt.parse_when("2026-12-05")


def test_clock() -> None:
    assert fmt.clock(0) == "00:00"
    assert fmt.clock(307.9) == "05:07"
    assert fmt.clock(3723) == "1:02:03"
