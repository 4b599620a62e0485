"""A modal that says what the app is waiting for and cannot be dismissed by the user."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label


class Waiting(ModalScreen[None]):
    DEFAULT_CSS = """
    Waiting { align: center middle; }
    Waiting > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    Waiting #waiting-message { width: 100%; }
    """

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.message, id="waiting-message")

    def show(self, message: str) -> None:
        self.message = message
        if self.is_mounted:
            self.query_one("#waiting-message", Label).update(message)
