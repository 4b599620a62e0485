"""The arithmetic of video credit (server.domain.video) and of the player's clock (tui.playback),
run directly: midnight splits, merges, the inflation bound, and segments made by play and seek."""

from __future__ import annotations

from datetime import datetime

from server.domain import video
from server.domain.clock import SHANGHAI, shanghai_day
from tui.playback import Playback, new_seconds, union


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_watching_is_dated_back_from_the_save() -> None:
    parts = video.split_by_day(at("2027-01-02T00:02:00"), 300_000)
    assert [(shanghai_day(t).isoformat(), ms) for t, ms in parts] == [
        ("2027-01-02", 120_000),
        ("2027-01-01", 180_000),
    ]
    assert video.split_by_day(at("2027-01-02T10:00:00"), 5_000) == [
        (at("2027-01-02T10:00:00"), 5_000)
    ]
    assert video.split_by_day(at("2027-01-02T10:00:00"), 0) == []
    exactly_midnight = video.split_by_day(at("2027-01-02T00:00:00"), 1_000)
    assert [shanghai_day(t).isoformat() for t, _ in exactly_midnight] == ["2027-01-01"]


def test_merge_counts_only_the_uncovered_part() -> None:
    assert video.merge((100, 200), []) == video.Merge(100, 100, 200)
    assert video.merge((100, 200), [(50, 150)]) == video.Merge(50, 50, 200)
    assert video.merge((100, 200), [(0, 100), (200, 300)]) == video.Merge(100, 0, 300)  # adjoining
    assert video.merge((100, 200), [(90, 120), (150, 160), (190, 400)]) == video.Merge(60, 90, 400)
    assert video.merge((100, 200), [(0, 1000)]) == video.Merge(0, 0, 1000)


def test_clamp_inflation_and_points() -> None:
    assert video.clamp(-5, 50, 60_000) == (0, 50)
    assert video.clamp(59_000, 90_000, 60_000) == (59_000, 60_000)
    assert video.clamp(70_000, 90_000, 60_000) is None
    assert not video.inflated(110_000, 100_000)
    assert video.inflated(110_001, 100_000)
    assert video.points_between(170_000, 190_000) == 1
    assert video.points_between(0, 539_999) == 2
    assert video.to_next_point_s(120_000) == 60
    assert video.to_next_point_s(179_500) == 1


class Hand:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_playback_makes_segments_from_play_and_seek() -> None:
    clock = Hand()
    pb = Playback(300, covered=[(0, 30)], clock=clock)
    pb.play()
    clock.now = 40
    pb.seek(60)  # at 40 → 100: 40–100 is skipped
    clock.now = 50
    assert pb.position == 110
    assert pb.watching() == [(0, 40), (100, 110)]
    assert pb.unsaved_new() == 20  # 0–30 was covered before
    taken = pb.take()
    assert taken == [(0, 40), (100, 110)] and pb.playing
    pb.restore(taken)  # the save failed: kept for the next one
    clock.now = 60
    assert pb.take() == [(0, 40), (100, 110), (110, 120)]
    pb.confirm([(0, 40), (100, 120)])
    assert pb.covered == [(0, 40), (100, 120)]
    clock.now = 500  # runs to the end and stops there
    assert pb.at_end and pb.position == 300
    pb.pause()
    assert pb.take() == [(120, 300)]


def test_playback_resumes_and_restarts() -> None:
    clock = Hand()
    assert Playback(100, position=40, clock=clock).position == 40
    assert Playback(100, position=100, clock=clock).position == 0  # finished: from the start
    pb = Playback(100, clock=clock)
    pb.seek(-10)
    assert pb.position == 0 and pb.take() == []


def test_interval_helpers() -> None:
    assert union([(5, 6), (0, 2), (1, 3), (3, 4)]) == [(0, 4), (5, 6)]
    assert new_seconds([(0, 10), (5, 15)], [(2, 4), (12, 20)]) == 10


def test_merge_into_keeps_a_sorted_disjoint_list() -> None:
    intervals: list[tuple[int, int]] = []
    assert video.merge_into(intervals, (100, 200)) == 100
    assert video.merge_into(intervals, (300, 400)) == 100
    assert video.merge_into(intervals, (0, 50)) == 50
    assert intervals == [(0, 50), (100, 200), (300, 400)]
    assert video.merge_into(intervals, (150, 350)) == 100
    assert intervals == [(0, 50), (100, 400)]
    assert video.merge_into(intervals, (50, 100)) == 50  # adjoins both sides
    assert intervals == [(0, 400)]
    assert video.merge_into(intervals, (10, 20)) == 0
