"""发通知: the attendee picker."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen
from tui.widgets.marked_list import MarkedSelectionList


class AttendeePicker(PageScreen):
    """发通知: pick the attendees — all, a 党小组 at a time, or one by one."""

    TITLE_TEXT = strings.PICKER_TITLE
    BINDINGS = [
        Binding("escape", "app.pop_screen", "取消"),
        Binding("a", "toggle_all", "全选/全不选"),
        Binding("g", "next_group", "按党小组"),
        Binding("ctrl+s", "send", "发出通知", priority=True),
    ]

    def __init__(self, meeting: schemas.MeetingOut) -> None:
        super().__init__()
        self.meeting = meeting
        self.candidates: list[schemas.MeetingCandidate] = []
        self.group_index = -1

    def body(self) -> ComposeResult:
        yield Static(self.meeting.title, classes="hint")
        yield Static("", id="picker-count")
        yield MarkedSelectionList[int](id="picker")
        yield Static(strings.PICKER_HELP, id="picker-help", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        found = await self.app.fetch(lambda c: c.meeting_candidates(self.meeting.id))
        if found is None:
            return
        self.candidates = found
        picker = self.query_one("#picker", SelectionList)
        picker.clear_options()
        picker.add_options(
            [Selection(f"{c.name}({c.group or '—'})", c.account_id, c.notified) for c in found]
        )
        self._count()
        if found:
            picker.highlighted = 0  # space ticks the first row at once
        picker.focus()

    @on(SelectionList.SelectedChanged)
    def _count(self) -> None:
        picker = self.query_one("#picker", SelectionList)
        self.query_one("#picker-count", Static).update(
            strings.PICKER_COUNT.format(n=len(picker.selected), m=len(self.candidates))
        )

    def action_toggle_all(self) -> None:
        picker = self.query_one("#picker", SelectionList)
        if len(picker.selected) == len(self.candidates):
            picker.deselect_all()
        else:
            picker.select_all()

    def action_next_group(self) -> None:
        groups = list(dict.fromkeys(c.group or "—" for c in self.candidates))
        if not groups:
            return
        self.group_index = (self.group_index + 1) % len(groups)
        group = groups[self.group_index]
        picker = self.query_one("#picker", SelectionList)
        chosen = [c.account_id for c in self.candidates if (c.group or "—") == group]
        for account_id in chosen:
            picker.select(account_id)
        self.query_one("#picker-help", Static).update(
            strings.PICKER_GROUP_PICKED.format(group=group, n=len(chosen))
            + "\n" + strings.PICKER_HELP
        )  # fmt: skip

    async def action_send(self) -> None:
        ids = list(self.query_one("#picker", SelectionList).selected)
        if not ids:
            self.app.notify(strings.PICKER_NONE, severity="warning")
            return
        done = await self.app.fetch(
            lambda c: c.meeting_step(self.meeting.id, "notify", {"account_ids": ids})
        )
        if done is not None:
            self.app.notify(done.message, timeout=4)
            self.app.pop_screen()
