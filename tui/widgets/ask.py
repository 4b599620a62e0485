"""A one-line text question (a reason for 请假 or 退回): Enter answers, Esc cancels."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui.widgets.masked_input import MaskedInput

if TYPE_CHECKING:
    from tui.protocol import AppLike

T = TypeVar("T")

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


def in_worker(app: AppLike, answered: Callable[[T], Awaitable[object]]) -> Callable[[T], None]:
    """A dialog's answer handled in a worker of its own. Textual awaits a dismiss callback in
    the message loop of the screen below: a request awaited there would hold that screen's keys
    until the server answered or the request timed out (a hung server: every key at once later)."""

    def handle(result: T) -> None:
        app.run_worker(answered(result), group="dialog-answer")

    return handle
