"""A list of two-line results (a title, the line under it) whose highlighted line carries ▶, so
the cursor is shown by a mark as well as a colour: 搜索's results and the org picker's."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARK = "▶ "


class ResultList(OptionList):
    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._texts: dict[str, tuple[str, str]] = {}  # key → (title, the line under it)
        self._marked: str | None = None

    def line(self, key: str, title: str, under: str = "") -> Option:
        """An option to add: its title, and the line under it (dimmed) when there is one."""
        self._texts[key] = (title, under)
        return Option(self._prompt(key, marked=False), id=key)

    @staticmethod
    def heading(text: str) -> Option:
        """A group's name: not a line the cursor stops on."""
        return Option(Text(text, style="bold"), disabled=True)

    def clear_lines(self) -> None:
        self.clear_options()
        self._texts, self._marked = {}, None

    def key_at_cursor(self) -> str | None:
        at = self.highlighted
        return self.get_option_at_index(at).id if at is not None else None

    def _prompt(self, key: str, marked: bool) -> Text:
        """Each line cut to the list's width."""
        title, under = self._texts[key]
        width = max(20, (self.size.width or self.app.size.width) - 4)
        line = Text(MARK if marked else "  ")
        line.append(title, style="bold")
        line.truncate(width, overflow="ellipsis")
        if under and under != title:
            below = Text("    " + under, style="dim")
            below.truncate(width, overflow="ellipsis")
            line.append("\n")
            line.append_text(below)
        return line

    def mark(self) -> None:
        """Move ▶ to the highlighted line."""
        key = self.key_at_cursor()
        if key == self._marked:
            return
        if self._marked in self._texts:
            self.replace_option_prompt(self._marked, self._prompt(self._marked, marked=False))
        if key in self._texts:
            self.replace_option_prompt(key, self._prompt(key, marked=True))
        self._marked = key

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self:
            self.mark()

    def move(self, step: int) -> None:
        """The cursor `step` lines on among the lines (headings skipped), kept in the list."""
        keys = [i for i in range(self.option_count) if not self.get_option_at_index(i).disabled]
        if not keys:
            return
        at = self.highlighted
        if at is None or at not in keys:
            self.highlighted = keys[0]
            return
        n = keys.index(at) + step
        self.highlighted = keys[max(0, min(len(keys) - 1, n))]
