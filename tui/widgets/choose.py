"""Pick one of a few choices the server offered (a 领域, a 委员职位, a 党小组): arrows and Enter
pick, Esc cancels; it opens on the current value, marked 当前 in words; and a notice shown once
(a one-time password), closed with Enter or Esc."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

CHOOSE_HINT = "↑↓ 选择 · Enter 确定 · Esc 取消"
ONCE_HINT = "Enter 我已记下"
CURRENT_MARK = "(当前)"

_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{
    width: 64; max-width: 100%; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 1 2;
}}
{cls} Label {{ width: 100%; }}
{cls} OptionList {{ height: auto; max-height: 14; }}
{cls} .hint {{ color: $text-muted; margin-top: 1; }}
"""


class Choose(ModalScreen[str | None]):
    """Answers the key of the chosen option, or None. `current`: the key of the value the
    thing has now; the list opens on it, and it says so."""

    DEFAULT_CSS = _CSS.format(cls="Choose")
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(
        self, question: str, choices: list[tuple[str, str]], current: str | None = None
    ) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, id="choose-question", markup=False)
            yield OptionList(*(
                Option(label + (CURRENT_MARK if key == self.current else ""), id=key)
                for key, label in self.choices
            ))  # fmt: skip
            yield Label(CHOOSE_HINT, classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ShowOnce(ModalScreen[None]):
    """A text the server shows only once (a one-time password), in its own dialog."""

    DEFAULT_CSS = _CSS.format(cls="ShowOnce") + "ShowOnce #once-secret { text-style: bold; }"
    BINDINGS = [
        Binding("enter", "close", "我已记下"),
        Binding("escape", "close", "关闭", show=False),
    ]

    def __init__(self, message: str, secret: str) -> None:
        super().__init__()
        self.message = message
        self.secret = secret

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.message, markup=False)
            yield Label(self.secret, id="once-secret", markup=False)
            yield Label(ONCE_HINT, classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
