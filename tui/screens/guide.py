"""操作指南: how to use the terminal, in our own words: a head, then the section of each group of
screens in the order the registry lists them, then the keys. F1 opens it at the section of the
screen it was pressed on (the registry's `guide` key), and Esc goes back to that screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Markdown

from tui import strings
from tui.screens.base import PageScreen
from tui.screens.registry import SCREENS

if TYPE_CHECKING:
    from textual.screen import Screen

# Screens outside the registry (opened from another screen), by module: their section's key, or
# the heading in GUIDE_HEAD that explains them.
_MODULE_SECTIONS = {
    "tui.screens.player": "study",
    "tui.screens.article": "news",
    "tui.screens.third_party": "news",
}
_HEAD_HEADINGS = {
    "tui.screens.login": "登录与退出",
    "tui.screens.password": "登录与退出",
    "tui.screens.profile": "登录与退出",
    "tui.screens.home": "首页功能区",
    "tui.screens.shortcuts_edit": "首页功能区",
}


def guide_text() -> str:
    keys = dict.fromkeys(s.guide for s in SCREENS if s.guide is not None)
    parts = [strings.GUIDE_HEAD, *(strings.GUIDE_SECTIONS[k] for k in keys), strings.GUIDE_KEYS]
    return "\n".join(parts)


def _heading(section_key: str) -> str:
    return strings.GUIDE_SECTIONS[section_key].splitlines()[0].removeprefix("## ").strip()


def heading_for(screen: Screen[object]) -> str | None:
    """The heading of the guide's part about this screen, or None for the top."""
    module = type(screen).__module__
    if module in _HEAD_HEADINGS:
        return _HEAD_HEADINGS[module]
    if module in _MODULE_SECTIONS:
        return _heading(_MODULE_SECTIONS[module])
    for entry in SCREENS:
        package = entry.module.rsplit(".", 1)[0]
        inside = package != "tui.screens" and module.startswith(package + ".")
        if entry.guide is not None and (module == entry.module or inside):
            return _heading(entry.guide)
    return None


def guide_for(stack: list[Screen[object]]) -> GuideScreen:
    """The guide at the section of the topmost screen that has one (a dialog's is the screen
    under it)."""
    for screen in reversed(stack):
        heading = heading_for(screen)
        if heading is not None:
            return GuideScreen(heading)
    return GuideScreen()


class GuideScreen(PageScreen):
    TITLE_TEXT = strings.GUIDE_TITLE
    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, heading: str | None = None) -> None:
        super().__init__()
        self.heading = heading

    def body(self) -> ComposeResult:
        yield Markdown(guide_text())

    @on(Markdown.TableOfContentsUpdated)
    def _go_to_section(self, event: Markdown.TableOfContentsUpdated) -> None:
        for _level, title, block_id in event.table_of_contents:
            if title == self.heading and block_id is not None:
                block = self.query_one(f"#{block_id}")
                self.call_after_refresh(block.scroll_visible, top=True, animate=False)
                return
