"""Video credit (SPEC §3 "Video"): watched intervals, newly covered seconds, inflation, days.

Positions are whole milliseconds. The database keeps, per member and video, disjoint intervals
[start, end); these functions only do the arithmetic on the few intervals a segment touches.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.domain.clock import SHANGHAI

SECONDS_PER_POINT = 180
MS_PER_POINT = SECONDS_PER_POINT * 1000
# A save may cover at most this much more new video than the session's wall-clock time.
INFLATION_TOLERANCE = 0.10
MAX_SEGMENTS_PER_SAVE = 500


@dataclass(frozen=True)
class Merge:
    new_ms: int  # milliseconds of the segment not covered before
    start: int  # the merged interval that replaces the touched ones
    end: int


def clamp(start_ms: int, end_ms: int, length_ms: int) -> tuple[int, int] | None:
    """The segment inside the video, or None when nothing of it is left."""
    start, end = max(0, start_ms), min(end_ms, length_ms)
    return (start, end) if end > start else None


def merge(segment: tuple[int, int], touching: Iterable[tuple[int, int]]) -> Merge:
    """Union a segment with the stored intervals that overlap or adjoin it (sorted, disjoint)."""
    a, b = segment
    touched = list(touching)
    covered = sum(max(0, min(e, b) - max(s, a)) for s, e in touched)
    start = min([a, *(s for s, _ in touched)])
    end = max([b, *(e for _, e in touched)])
    return Merge(new_ms=(b - a) - covered, start=start, end=end)


def inflated(session_new_ms: int, wall_ms: int) -> bool:
    """True when the new seconds of a watch session exceed its wall-clock time by over 10 %."""
    return session_new_ms > wall_ms * (1 + INFLATION_TOLERANCE)


def points_between(before_ms: int, after_ms: int) -> int:
    """Points for raising a day's credited time from `before_ms` to `after_ms` (before the cap)."""
    return after_ms // MS_PER_POINT - before_ms // MS_PER_POINT


def split_by_day(now: datetime, new_ms: int) -> list[tuple[datetime, int]]:
    """Date the new watching: it ran at 1× up to `now`, so a save just after midnight puts the
    part before midnight on the previous day. Answers (an instant in that day, ms), latest first."""
    parts: list[tuple[datetime, int]] = []
    end, left = now, new_ms
    while left > 0:
        local = end.astimezone(SHANGHAI)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        take = min(left, int((local - midnight) / timedelta(milliseconds=1)))
        if take > 0:
            parts.append((end, take))
            left -= take
        end = midnight - timedelta(microseconds=1)
    return parts


def to_next_point_s(day_ms: int) -> int:
    """Seconds of new watching until the next point (ignoring the cap)."""
    return (MS_PER_POINT - day_ms % MS_PER_POINT + 999) // 1000


def merge_into(intervals: list[tuple[int, int]], segment: tuple[int, int]) -> int:
    """Union a segment into a sorted list of disjoint intervals, in place; the new ms."""
    a, b = segment
    starts = [s for s, _ in intervals]
    i = bisect_right(starts, a) - 1
    if i < 0 or intervals[i][1] < a:
        i += 1
    j = bisect_right(starts, b)
    merged = merge(segment, intervals[i:j])
    intervals[i:j] = [(merged.start, merged.end)]
    return merged.new_ms
