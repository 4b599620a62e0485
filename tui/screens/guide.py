"""操作指南: how to use the terminal, in our own words: a head, then the section of each group of
screens in the order the registry lists them, then the keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Markdown

from tui import strings
from tui.screens.base import PageScreen
from tui.screens.registry import SCREENS


def guide_text() -> str:
    keys = dict.fromkeys(s.guide for s in SCREENS if s.guide is not None)
    parts = [strings.GUIDE_HEAD, *(strings.GUIDE_SECTIONS[k] for k in keys), strings.GUIDE_KEYS]
    return "\n".join(parts)


class GuideScreen(PageScreen):
    TITLE_TEXT = strings.GUIDE_TITLE
    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def body(self) -> ComposeResult:
        yield Markdown(guide_text())
