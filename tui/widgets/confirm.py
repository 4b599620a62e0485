"""A small keyboard-complete yes/no modal (y / n / escape)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tui import strings


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    /* A long question wraps inside the box instead of being cut at its edge. */
    Confirm Label { width: 100%; }
    Confirm #hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "确定"),
        Binding("n", "answer(False)", "取消"),
        Binding("escape", "answer(False)", "取消", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question", markup=False)
            yield Label(strings.YES_NO, id="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
