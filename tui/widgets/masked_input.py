"""An Input whose masked (password) text keeps the cursor on the dots.

Textual draws a masked field as one "•" per character but places the terminal cursor — and so an
input method's candidate window — and scrolls by the width of the real characters: two cells for
each Chinese one, so after typing 中文 the cursor stood two cells past the dots. Masked, every
character is one cell wide here too."""

from __future__ import annotations

from textual.widgets import Input


class MaskedInput(Input):
    def _position_to_cell(self, position: int) -> int:
        if self.password:
            return position
        return super()._position_to_cell(position)

    def _cell_offset_to_index(self, offset: int) -> int:
        if self.password:
            return max(0, min(offset + self.scroll_offset.x, len(self.value)))
        return super()._cell_offset_to_index(offset)
