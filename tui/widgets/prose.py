"""Prose: plain text wrapped by display width with 禁则 (tui/linebreak.py), re-wrapped on resize.

Textual folds a run of Chinese at any cell, so a line could begin with "、" or "。"; this widget
hands Textual lines that already fit, so Textual never folds them itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui.linebreak import wrap


class Prose(Widget):
    DEFAULT_CSS = "Prose { height: auto; }"

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.text = text

    def update(self, text: str) -> None:
        self.text = text
        self.refresh(layout=True)

    def lines(self, width: int) -> list[str]:
        return wrap(self.text, width)

    def render(self) -> Text:
        return Text("\n".join(self.lines(self.content_size.width)), no_wrap=True, overflow="crop")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))
