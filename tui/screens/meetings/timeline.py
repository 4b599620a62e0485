"""会议时间轴: one meeting, its nodes, answers, record and history, and the steps allowed now."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen
from tui.screens.meetings.picker import AttendeePicker
from tui.screens.meetings.record import RecordScreen
from tui.screens.meetings.steps import answer_meeting, approve, meeting_note, reject, show_outcome
from tui.widgets.confirm import Confirm
from tui.widgets.fit_table import Col, FitTable

NODE_WIDTH = 14  # display cells: the names are CJK, two cells each


class MeetingScreen(PageScreen):
    """会议时间轴: every node, the current one marked with the reason it waits, the history of
    every round, the attendees' answers, the record; keys for the steps the server allows."""

    TITLE_TEXT = strings.MEETING_TITLE
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("f", "notify_members", "发通知"),
        Binding("w", "record", "编辑记录"),
        Binding("u", "summary", "提交总结"),
        Binding("b", "send", "报审/报备/确认"),
        Binding("a", "approve", "审核通过"),
        Binding("r", "reject", "退回"),
        Binding("1", "answer('attend')", "参加"),
        Binding("2", "answer('leave')", "请假"),
        Binding("v", "read_record", "看记录"),
    ]
    # key action → the server's action codes that enable it
    NEEDS = {
        "notify_members": ("notify",),
        "record": ("record",),
        "summary": ("summary",),
        "send": ("submit", "file", "confirm"),
        "approve": ("approve",),
        "reject": ("reject",),
        "answer": ("feedback",),
    }

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: schemas.MeetingOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="meeting-head")
        yield Static("", id="meeting-meta", classes="hint")
        yield Static("", id="timeline")
        yield Static("", id="meeting-actions", classes="hint")
        # The record in its own bordered pane that scrolls by itself (V or Tab to it, ↑↓ PgUp PgDn),
        # above the attendees, not under a table that scrolls separately.
        yield Label(strings.MEETING_RECORD, classes="section")
        with VerticalScroll(id="record-pane", can_focus=True):
            yield Static("", id="record-text", markup=False)
        yield Label(strings.MEETING_ATTENDEES, classes="section")
        yield FitTable(
            strings.COL_NAME, Col(strings.COL_GROUP, 4), strings.COL_ANSWER,
            Col(strings.COL_LEAVE_REASON, 6), id="attendees",
        )  # fmt: skip
        yield Label(strings.MEETING_HISTORY, classes="section")
        yield Static("", id="history")

    def on_screen_resume(self) -> None:
        self.load()  # also the first show

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs = self.NEEDS.get(action)
        if needs is None:
            return True
        actions = self.meeting.actions if self.meeting else []
        return any(code in actions for code in needs)

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.meeting(self.meeting_id), self.show)

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """After a step or an answer: the server's meeting alone (the cached one is older)."""
        m = await self.app.fetch(lambda c: c.meeting(self.meeting_id))
        if m is not None:
            self.show(m)

    def show(self, m: schemas.MeetingOut) -> None:
        self.meeting = m
        self.refresh_bindings()
        self.query_one("#meeting-head", Static).update(Text(m.title, style="bold"))
        group = f" · {m.group.name}" if m.group else ""
        meta = strings.MEETING_META.format(
            type=m.type_name, time=when(m.starts_at), place=m.place, branch=m.branch.name,
            group=group,
        )  # fmt: skip
        quorum = (
            strings.MEETING_QUORUM_LINE.format(pct=m.quorum_pct)
            if m.quorum_pct is not None
            else strings.MEETING_NO_QUORUM_LINE
        )
        counts = strings.MEETING_COUNTS.format(
            notified=m.notified, attending=m.attending, leave=m.leave,
            silent=m.notified - m.attending - m.leave,
        )  # fmt: skip
        self.query_one("#meeting-meta", Static).update(f"{meta}\n{quorum}\n{counts}")
        self.query_one("#timeline", Static).update(timeline_text(m))
        keys = [strings.ACTION_KEYS[a] for a in m.actions if a in strings.ACTION_KEYS]
        self.query_one("#meeting-actions", Static).update(
            " · ".join(dict.fromkeys(keys)) or strings.MEETING_NO_ACTIONS
        )
        # The attendees are listed, not focused: focus stays where the reader put it.
        self.query_one("#attendees", FitTable).fill(
            [
                (
                    str(a.account_id),
                    (a.name, a.group or "", strings.ANSWER_NAMES[a.answer], a.reason or ""),
                )
                for a in m.attendees
            ],
            focus=False,
        )
        recorded = any(n.step == "record" and n.status == "done" for n in m.timeline)
        empty = strings.MEETING_RECORD_HIDDEN if recorded else strings.MEETING_NO_RECORD
        record = Text(m.record_text or empty)
        if m.summary_text:
            record.append(f"\n\n【{strings.SUMMARY_TITLE}】\n{m.summary_text}")
        if m.attachments:
            names = "、".join(f"{a.name}({a.size} 字节)" for a in m.attachments)
            record.append("\n" + strings.MEETING_ATTACHMENTS.format(names=names), style="dim")
        self.query_one("#record-text", Static).update(record)
        history = Text()
        for e in m.history:
            history.append(f"{when(e.at)}  {strings.MEETING_ROUND.format(n=e.round)}  ")
            history.append(e.name, style="bold")
            history.append(f"  {e.actor}\n")
            if e.note and e.action == "reject":
                history.append(f"    {e.note}\n", style="red")
        self.query_one("#history", Static).update(history)

    def _refresh(self) -> None:
        self.reload()

    def action_read_record(self) -> None:
        """Bring the record's pane into view and give it the keys (↑↓ PgUp PgDn scroll it)."""
        pane = self.query_one("#record-pane", VerticalScroll)
        pane.focus()
        pane.scroll_visible(top=True, animate=False)

    def action_notify_members(self) -> None:
        if self.meeting:
            self.app.push_screen(AttendeePicker(self.meeting))

    def action_record(self) -> None:
        if self.meeting:
            self.app.push_screen(RecordScreen(self.meeting, "record"))

    def action_summary(self) -> None:
        if self.meeting:
            self.app.push_screen(RecordScreen(self.meeting, "summary"))

    def action_send(self) -> None:
        m = self.meeting
        if m is None:
            return
        code = next(a for a in ("submit", "file", "confirm") if a in m.actions)
        name = m.action_names.get(code, code)

        async def answered(yes: bool | None) -> None:
            if yes:
                await show_outcome(self.app, lambda c: c.meeting_step(m.id, code), self._refresh)

        self.app.push_screen(
            Confirm(strings.CONFIRM_SEND.format(action=name, title=m.title)), answered
        )

    def action_approve(self) -> None:
        if self.meeting:
            approve(self.app, self.meeting.id, self.meeting.title, self._refresh)

    def action_reject(self) -> None:
        if self.meeting:
            reject(self.app, self.meeting.id, self._refresh)

    def action_answer(self, answer: str) -> None:
        if self.meeting:
            answer_meeting(
                self.app, self.meeting.id, answer, self._refresh, meeting_note(self.meeting)
            )


def timeline_text(m: schemas.MeetingOut) -> Text:
    """The nodes top to bottom: ● done (when, by whom), ◉ current (and why it waits), ○ to come."""
    text = Text()
    for node in m.timeline:
        style = {"done": "green", "current": "bold yellow", "pending": "dim"}[node.status]
        if node.status == "current" and m.overdue:
            style = "bold red"
        text.append(f" {strings.NODE_MARKS[node.status]} ", style=style)
        text.append(node.name + " " * max(0, NODE_WIDTH - cell_len(node.name)), style=style)
        if node.at:
            text.append(f" {when(node.at)}", style="dim")
        if node.actor:
            text.append(f"  {node.actor}", style="dim")
        if node.wait:
            text.append(f"\n     ← {node.wait}", style=style)
        text.append("\n")
    return text
