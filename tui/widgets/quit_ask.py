"""Ctrl+Q with unsent actions: sync first, quit anyway, or stay (s / q / escape)."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from tui import strings

Choice = Literal["sync", "quit", "stay"]


class QuitAsk(ModalScreen[Choice]):
    DEFAULT_CSS = """
    QuitAsk { align: center middle; }
    QuitAsk > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    QuitAsk Label { width: 100%; }
    QuitAsk #hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("s", "answer('sync')", strings.QUIT_SYNC_FIRST),
        Binding("q", "answer('quit')", strings.QUIT_ANYWAY),
        Binding("escape", "answer('stay')", strings.QUIT_STAY),
    ]

    def __init__(self, pending: int) -> None:
        super().__init__()
        self.pending = pending

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(strings.QUIT_PENDING.format(n=self.pending), id="question")
            yield Label(strings.QUIT_KEYS, id="hint")

    def action_answer(self, choice: Choice) -> None:
        self.dismiss(choice)
