"""An address to copy, where no browser can open it: shown whole and selectable, C copies it
to the clipboard (Textual's OSC 52, which the terminal may or may not honour), Esc closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from tui import strings


class AddressDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    AddressDialog { align: center middle; }
    AddressDialog > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    AddressDialog Label { width: 100%; }
    AddressDialog .hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("c", "copy", "复制"),
        Binding("escape", "close", "关闭"),
    ]

    def __init__(self, name: str, address: str) -> None:
        super().__init__()
        self.title_text, self.address = name, address

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(strings.ADDRESS_TITLE.format(name=self.title_text), markup=False)
            yield Label(strings.ADDRESS_HINT, markup=False)
            yield Input(self.address, id="address", disabled=True)
            yield Label(strings.ADDRESS_KEYS, classes="hint")

    def on_mount(self) -> None:
        self.action_copy()  # copied at once: the likeliest next step

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.address)
        self.notify(strings.ADDRESS_COPIED, timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
