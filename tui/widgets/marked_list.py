"""A multi-select whose rows say whether they are ticked in a mark, [✓] or [ ], not by colour
alone (Textual's own SelectionList draws the same ▐X▌ on every row and colours the ticked ones)."""

from __future__ import annotations

from typing import TypeVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from tui import strings

T = TypeVar("T")


class MarkedSelectionList(SelectionList[T]):
    def _get_left_gutter_width(self) -> int:
        return cell_len(strings.SELECTED_MARK) + 1

    def render_line(self, y: int) -> Strip:
        # The prompt as OptionList draws it, without SelectionList's coloured button.
        line = OptionList.render_line(self, y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self._selected
        mark = strings.SELECTED_MARK if ticked else strings.UNSELECTED_MARK
        first = next(iter(line), None)
        style = (first.style if first is not None else None) or self.rich_style
        return Strip([Segment(f"{mark} ", style), *line])
