"""A one-line text question (a reason for 请假 or 退回): Enter answers, Esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.widgets.masked_input import MaskedInput

ASK_HINT = "Enter 确定 · Esc 取消"


class AskText(ModalScreen[str | None]):
    DEFAULT_CSS = """
    AskText { align: center middle; }
    AskText > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    AskText Label { width: 100%; }
    AskText #ask-hint { color: $text-muted; margin-top: 1; }
    AskText #ask-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, question: str, *, max_length: int = 200, password: bool = False) -> None:
        super().__init__()
        self.question = question
        self.max_length = max_length
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="question", markup=False)
            yield MaskedInput(max_length=self.max_length, password=self.password, id="ask-input")
            yield Label("", id="ask-error")
            yield Label(ASK_HINT, id="ask-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#ask-error", Label).update("请填写内容")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
