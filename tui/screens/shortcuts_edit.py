"""编辑首页功能区: add, remove and reorder the home screen's shortcuts, saved on the server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from api_client import ApiError, ServerUnreachable, SessionExpired
from tui import strings
from tui.widgets.confirm import Confirm
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike


class ShortcutsEditScreen(Screen[None]):
    BINDINGS = [
        Binding("space", "toggle", "添加/移除"),
        Binding("u", "move(-1)", "上移"),
        Binding("n", "move(1)", "下移"),
        Binding("ctrl+s", "save", "保存"),
        Binding("escape", "leave", "返回"),
    ]

    app: AppLike  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []
        self.names: dict[str, str] = {}
        self.saved: list[str] = []
        self.max_items = 0

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with Vertical(id="edit"):
            yield Label(strings.EDIT_TITLE, classes="screen-title")
            yield Static(strings.EDIT_HELP, classes="hint")
            yield Static("", id="edit-count")
            yield OptionList(id="edit-list")
            yield Static("", id="edit-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#edit-list", OptionList).loading = True
        self.load()

    @work(exclusive=True, group="edit")
    async def load(self) -> None:
        result = await self.app.fetch(lambda client: client.shortcuts())
        if result is None:
            return
        self.names = {s.code: s.name for s in result.available}
        self.chosen = [s.code for s in result.items]
        self.saved = list(self.chosen)
        self.max_items = result.max_items
        options = self.query_one("#edit-list", OptionList)
        options.loading = False
        self._render_list(highlight=self.chosen[0] if self.chosen else None)
        options.focus()

    def _order(self) -> list[str]:
        """Chosen shortcuts first, in their order, then the rest of what may be added."""
        return self.chosen + [c for c in self.names if c not in self.chosen]

    def _render_list(self, highlight: str | None) -> None:
        options = self.query_one("#edit-list", OptionList)
        options.clear_options()
        for code in self._order():
            if code in self.chosen:
                prompt = (
                    f"{strings.SELECTED_MARK} {self.chosen.index(code) + 1:>2}. {self.names[code]}"
                )
            else:
                prompt = f"{strings.UNSELECTED_MARK}     {self.names[code]}"
            options.add_option(Option(prompt, id=code))
        if highlight is not None:
            options.highlighted = options.get_option_index(highlight)
        self.query_one("#edit-count", Static).update(
            strings.EDIT_COUNT.format(n=len(self.chosen), m=self.max_items)
        )

    def _current(self) -> str | None:
        options = self.query_one("#edit-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def action_toggle(self) -> None:
        code = self._current()
        if code is None:
            return
        message = ""
        if code in self.chosen:
            self.chosen.remove(code)
        elif len(self.chosen) >= self.max_items:
            message = strings.EDIT_LIMIT.format(limit=self.max_items)
        else:
            self.chosen.append(code)
        self.query_one("#edit-message", Static).update(message)
        # The cursor keeps its row, so several shortcuts can be toggled in a row.
        row = self.query_one("#edit-list", OptionList).highlighted
        self._render_list(highlight=self._order()[row] if row is not None else code)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_toggle()

    def action_move(self, step: int) -> None:
        code = self._current()
        if code is None or code not in self.chosen:
            return
        i = self.chosen.index(code)
        j = i + step
        if 0 <= j < len(self.chosen):
            self.chosen[i], self.chosen[j] = self.chosen[j], self.chosen[i]
            self._render_list(highlight=code)

    @work(exclusive=True, group="edit")
    async def action_save(self) -> None:
        try:
            result = await self.app.session.client.set_shortcuts(self.chosen)
        except (SessionExpired, ServerUnreachable) as exc:
            self.app.handle_api_error(exc)
            return
        except ApiError as exc:
            self.query_one("#edit-message", Static).update(exc.message)
            return
        self.saved = [s.code for s in result.items]
        self.app.notify(strings.SHORTCUTS_SAVED, timeout=3)
        self.app.pop_screen()

    def action_leave(self) -> None:
        if self.chosen == self.saved:
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(Confirm(strings.EDIT_DISCARD), answered)
