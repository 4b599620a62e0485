"""The player's clock and what has been watched: no Textual, no network.

Plays at 1× on the monotonic clock. Watching from A to B makes a segment [A, B); a seek closes the
open segment, so skipped video is never a segment. `take()` hands the segments to 保存进度 and
`confirm()`/`restore()` settle them by the server's answer. What is covered and how many unsaved
seconds are new is only for display: the server merges and credits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

Interval = tuple[float, float]


def union(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def measure(intervals: Iterable[Interval]) -> float:
    return sum(b - a for a, b in union(intervals))


def new_seconds(watched: Iterable[Interval], covered: list[Interval]) -> float:
    """Seconds of `watched` outside `covered`."""
    watched = union(watched)
    overlap = sum(max(0.0, min(b, d) - max(a, c)) for a, b in watched for c, d in covered)
    return measure(watched) - overlap


class Playback:
    def __init__(
        self,
        length: float,
        covered: Iterable[Interval] = (),
        position: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.length = float(length)
        self.covered = union(covered)
        self._clock = clock
        self.opened_at = clock()
        self._position = min(max(0.0, position), self.length)
        if self._position >= self.length:
            self._position = 0.0  # finished last time: start again from the beginning
        self._play_since: float | None = None  # monotonic time play began, while playing
        self._segment_from: float | None = None
        self.pending: list[Interval] = []

    @property
    def playing(self) -> bool:
        return self._play_since is not None

    @property
    def position(self) -> float:
        if self._play_since is None:
            return self._position
        return min(self.length, self._position + (self._clock() - self._play_since))

    @property
    def elapsed(self) -> float:
        """Monotonic seconds since the player opened (sent with each segment)."""
        return self._clock() - self.opened_at

    @property
    def at_end(self) -> bool:
        return self.position >= self.length

    def play(self) -> None:
        if self.playing:
            return
        if self.at_end:
            self._position = 0.0
        self._play_since = self._clock()
        self._segment_from = self._position

    def pause(self) -> None:
        if not self.playing:
            return
        self._position = self.position
        self._play_since = None
        self._close_segment()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def seek(self, delta: float) -> None:
        """Jump: what lies between is skipped, not watched."""
        was_playing = self.playing
        self.pause()
        self._position = min(max(0.0, self._position + delta), self.length)
        if was_playing and not self.at_end:
            self.play()

    def _close_segment(self) -> None:
        if self._segment_from is not None:
            end = self._position if not self.playing else self.position
            if end > self._segment_from:
                self.pending.append((self._segment_from, end))
        self._segment_from = None

    def take(self) -> list[Interval]:
        """The unsaved segments, handed to a save; playing goes on in a new segment."""
        if self.playing:
            now = self.position
            if self._segment_from is not None and now > self._segment_from:
                self.pending.append((self._segment_from, now))
            self._segment_from = now
        taken, self.pending = self.pending, []
        return taken

    def confirm(self, segments: list[Interval]) -> None:
        self.covered = union([*self.covered, *segments])

    def restore(self, segments: list[Interval]) -> None:
        """A save failed: keep its segments for the next one."""
        self.pending = [*segments, *self.pending]

    def watching(self) -> list[Interval]:
        """Pending segments and the open one."""
        open_segment = (
            [(self._segment_from, self.position)] if self._segment_from is not None else []
        )
        return [*self.pending, *open_segment]

    def unsaved_new(self) -> float:
        return new_seconds(self.watching(), self.covered)

    def has_unsaved(self) -> bool:
        return any(b > a for a, b in self.watching())
