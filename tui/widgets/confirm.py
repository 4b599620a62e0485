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
        width: auto; min-width: 30; max-width: 60; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
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
            yield Label(self.question)
            yield Label(strings.YES_NO, id="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
