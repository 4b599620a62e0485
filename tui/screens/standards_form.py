"""对标自查's small form: one of the server's three marks (达标 / 部分达标 / 未达标) and a note;
Enter saves, Esc cancels. Answers (mark, note) or None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui import strings
from tui.widgets.choose import CURRENT_MARK

SIGNS = {"met": "✓", "partly": "◐", "not_yet": "○"}
STYLES = {"met": "green", "partly": "yellow", "not_yet": "bold red"}


def mark_text(mark: str, sign: str, name: str) -> Text:
    """A mark in sign and words (the colour only repeats them)."""
    return Text(f"{sign} {name}", style=STYLES.get(mark, ""))


class CheckForm(ModalScreen[tuple[str, str] | None]):
    DEFAULT_CSS = """
    CheckForm { align: center middle; }
    CheckForm > Vertical {
        width: 66; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    CheckForm Label { width: 100%; }
    CheckForm OptionList { width: 100%; height: auto; }
    CheckForm .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(
        self,
        number: str,
        title: str,
        marks: list[tuple[str, str]],
        current: str | None,
        note: str,
    ) -> None:
        super().__init__()
        self.heading = strings.STD_FORM_TITLE.format(number=number, title=title)
        self.marks = marks
        self.was = current  # the branch's mark now, said in words (当前)
        self.current = current or marks[0][0]
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, id="check-title", markup=False)
            yield OptionList(
                *(
                    Option(
                        f"{SIGNS.get(code, '')} {name}"
                        + (CURRENT_MARK if code == self.was else ""),
                        id=code,
                    )
                    for code, name in self.marks
                ),
                id="check-mark",
            )
            yield Label(strings.STD_FORM_NOTE)
            yield Input(self.note, max_length=500, id="check-note")
            yield Label(strings.STD_FORM_HINT, classes="hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [code for code, _ in self.marks]
        options.highlighted = keys.index(self.current) if self.current in keys else 0
        options.focus()

    def chosen(self) -> str:
        options = self.query_one(OptionList)
        index = options.highlighted
        return self.marks[index][0] if index is not None else self.current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss((event.option.id or self.current, self.query_one(Input).value.strip()))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss((self.chosen(), event.value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
