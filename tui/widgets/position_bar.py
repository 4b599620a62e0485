"""The player's position bar: saved (covered) parts, watched-but-unsaved parts, and the head."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.playback import Interval

SAVED, UNSAVED, EMPTY, HEAD = "█", "▓", "░", "┃"


def _share(cell: Interval, intervals: list[Interval]) -> float:
    a, b = cell
    return sum(max(0.0, min(b, d) - max(a, c)) for c, d in intervals) / (b - a)


def cells(
    width: int, length: float, position: float, saved: list[Interval], unsaved: list[Interval]
) -> str:
    """One character per cell: a cell at least half covered shows as covered."""
    if width <= 0 or length <= 0:
        return ""
    step = length / width
    head = min(width - 1, int(position / step))
    out = []
    for i in range(width):
        cell = (i * step, (i + 1) * step)
        if i == head:
            out.append(HEAD)
        elif _share(cell, saved) >= 0.5:
            out.append(SAVED)
        elif _share(cell, unsaved) >= 0.5:
            out.append(UNSAVED)
        else:
            out.append(EMPTY)
    return "".join(out)


class PositionBar(Widget):
    DEFAULT_CSS = """
    PositionBar { height: 1; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.length = 0.0
        self.position = 0.0
        self.saved: list[Interval] = []
        self.unsaved: list[Interval] = []

    def show(
        self, length: float, position: float, saved: list[Interval], unsaved: list[Interval]
    ) -> None:
        self.length, self.position, self.saved, self.unsaved = length, position, saved, unsaved
        self.refresh()

    def render(self) -> Text:
        line = cells(self.size.width, self.length, self.position, self.saved, self.unsaved)
        text = Text()
        styles = {
            SAVED: "bold green",
            UNSAVED: "yellow",
            EMPTY: "dim",
            HEAD: "bold reverse",
        }
        for ch in line:
            text.append(ch, styles[ch])
        return text
