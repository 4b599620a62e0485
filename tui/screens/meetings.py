"""在线用标: the meeting list (a review queue for the upper org), the 会议时间轴 of one meeting
with the steps the server says the user may take now, the create form, the attendee picker and
the record editor; 会议通知 for members, with feedback in two keys through the outbox.

Every rule is the server's: the timeline, its wait reasons and the list of possible actions
come from it, and the keys shown are those of the actions it lists.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    DataTable,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from contract import limits, schemas
from tui import strings
from tui.files import read_file
from tui.screens.base import PageScreen, cursor_key, refill
from tui.widgets.ask import AskText
from tui.widgets.confirm import Confirm

if TYPE_CHECKING:
    from tui.app import GsdjApp

SHANGHAI = ZoneInfo("Asia/Shanghai")
UPPER_KINDS = ("committee_admin", "general_branch_admin")
NODE_WIDTH = 14  # display cells: the names are CJK, two cells each


def local(at: datetime | None) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if at else ""


def node_cell(row: schemas.MeetingRowOut) -> Text:
    if row.overdue:
        return Text(strings.MEETING_OVERDUE_MARK, style="bold red")
    if row.done:
        return Text(strings.MEETING_DONE_MARK, style="green")
    return Text(row.node_name, style="bold")


async def show_outcome(app: GsdjApp, request, refresh) -> schemas.MeetingActionOut | None:  # type: ignore[no-untyped-def]
    """Run one workflow step; say what the server answered (and the points it granted)."""
    done = await app.fetch(request)
    if done is None:
        return None
    app.notify("\n".join([done.message, *done.earned]), timeout=5)
    refresh()
    return done


class MeetingsScreen(PageScreen):
    """The branch's meetings for its admin; for a 党总支/党委 the submitted and filed meetings of
    its branches, opening on the review queue (待审核)."""

    TITLE_TEXT = strings.MEETINGS_TITLE
    BINDINGS = [
        Binding("n", "new", "新建会议"),
        Binding("t", "cycle_type", "类型"),
        Binding("s", "cycle_state", "状态"),
        Binding("a", "approve", "审核通过"),
        Binding("r", "reject", "退回"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.types: list[schemas.MeetingTypeOut] = []
        self.type: str | None = None
        self.state: str | None = None
        self.rows: dict[str, schemas.MeetingRowOut] = {}

    @property
    def upper(self) -> bool:
        account = self.app.session.account
        return account is not None and account.kind in UPPER_KINDS

    def body(self) -> ComposeResult:
        yield Static("", id="meetings-filter", classes="hint")
        table: DataTable[str] = DataTable(id="meeting-list", cursor_type="row", zebra_stripes=True)
        table.add_columns(
            strings.COL_TYPE, strings.COL_MEETING, strings.COL_MEETING_TIME, strings.COL_NODE,
            strings.COL_ATTEND, strings.COL_WAIT,
        )  # fmt: skip
        yield table
        yield Static("", id="meetings-help", classes="hint")

    def on_mount(self) -> None:
        if self.upper:
            self.state = "review"
        self.query_one("#meetings-help", Static).update(
            strings.MEETINGS_REVIEW_HELP if self.upper else strings.MEETINGS_HELP
        )
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new":
            return not self.upper
        if action in ("approve", "reject"):
            return self.upper
        return True

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        if not self.types:
            self.types = await self.app.fetch(lambda c: c.meeting_types()) or []
        rows = await self.app.fetch(lambda c: c.meetings(self.state))
        if rows is None:
            return
        if self.type is not None:
            rows = [r for r in rows if r.type == self.type]
        self.rows = {str(r.id): r for r in rows}
        refill(
            self.query_one("#meeting-list", DataTable),
            [
                (
                    str(r.id),
                    (
                        r.type_name,
                        r.title,
                        local(r.starts_at),
                        node_cell(r),
                        f"{r.attending}/{r.notified}",
                        r.wait or "",
                    ),
                )
                for r in rows
            ],
        )
        names = {t.code: t.name for t in self.types}
        self.query_one("#meetings-filter", Static).update(
            strings.MEETINGS_FILTER.format(
                type=names.get(self.type or "", strings.ALL),
                state=strings.MEETING_STATES[self.state],
                n=len(rows),
            )
            + ("" if rows else "  ·  " + strings.MEETINGS_EMPTY)
        )

    def _selected(self) -> schemas.MeetingRowOut | None:
        return self.rows.get(cursor_key(self.query_one("#meeting-list", DataTable)) or "")

    @on(DataTable.RowSelected, "#meeting-list")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(MeetingScreen(int(event.row_key.value or 0)))

    def action_cycle_type(self) -> None:
        codes: list[str | None] = [None, *(t.code for t in self.types)]
        self.type = codes[(codes.index(self.type) + 1) % len(codes)]
        self.load()

    def action_cycle_state(self) -> None:
        states = list(strings.MEETING_STATES)
        self.state = states[(states.index(self.state) + 1) % len(states)]
        self.load()

    def action_new(self) -> None:
        self.app.push_screen(MeetingFormScreen())

    def action_approve(self) -> None:
        row = self._selected()
        if row is not None:
            approve(self.app, row.id, row.title, self.load)

    def action_reject(self) -> None:
        row = self._selected()
        if row is not None:
            reject(self.app, row.id, self.load)


def approve(app: GsdjApp, meeting_id: int, title: str, refresh) -> None:  # type: ignore[no-untyped-def]
    async def answered(yes: bool | None) -> None:
        if yes:
            await show_outcome(app, lambda c: c.meeting_step(meeting_id, "approve"), refresh)

    app.push_screen(Confirm(strings.CONFIRM_APPROVE.format(title=title)), answered)


def reject(app: GsdjApp, meeting_id: int, refresh) -> None:  # type: ignore[no-untyped-def]
    async def answered(reason: str | None) -> None:
        if reason:
            await show_outcome(
                app, lambda c: c.meeting_step(meeting_id, "reject", {"reason": reason}), refresh
            )

    app.push_screen(AskText(strings.ASK_REJECT_REASON, max_length=500), answered)


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
        yield Label(strings.MEETING_ATTENDEES, classes="section")
        table: DataTable[str] = DataTable(id="attendees", cursor_type="row", zebra_stripes=True)
        table.add_columns(
            strings.COL_NAME, strings.COL_GROUP, strings.COL_ANSWER, strings.COL_LEAVE_REASON
        )
        yield table
        yield Label(strings.MEETING_RECORD, classes="section")
        yield Static("", id="record-text")
        yield Label(strings.MEETING_HISTORY, classes="section")
        yield Static("", id="history")

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        needs = self.NEEDS.get(action)
        if needs is None:
            return True
        actions = self.meeting.actions if self.meeting else []
        return any(code in actions for code in needs)

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        m = await self.app.fetch(lambda c: c.meeting(self.meeting_id))
        if m is None:
            return
        self.meeting = m
        self.refresh_bindings()
        self.show(m)

    def show(self, m: schemas.MeetingOut) -> None:
        self.query_one("#meeting-head", Static).update(Text(m.title, style="bold"))
        group = f" · {m.group.name}" if m.group else ""
        meta = strings.MEETING_META.format(
            type=m.type_name, time=local(m.starts_at), place=m.place, branch=m.branch.name,
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
        refill(
            self.query_one("#attendees", DataTable),
            [
                (
                    str(a.account_id),
                    (a.name, a.group or "", strings.ANSWER_NAMES[a.answer], a.reason or ""),
                )
                for a in m.attendees
            ],
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
            history.append(f"{local(e.at)}  {strings.MEETING_ROUND.format(n=e.round)}  ")
            history.append(e.name, style="bold")
            history.append(f"  {e.actor}\n")
            if e.note and e.action == "reject":
                history.append(f"    {e.note}\n", style="red")
        self.query_one("#history", Static).update(history)

    def _refresh(self) -> None:
        self.load()

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
            answer_meeting(self.app, self.meeting.id, answer, self._refresh)


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
            text.append(f" {local(node.at)}", style="dim")
        if node.actor:
            text.append(f"  {node.actor}", style="dim")
        if node.wait:
            text.append(f"\n     ← {node.wait}", style=style)
        text.append("\n")
    return text


def answer_meeting(app: GsdjApp, meeting_id: int, answer: str, refresh) -> None:  # type: ignore[no-untyped-def]
    """参加 at once, 请假 after its reason: through the outbox, so it works offline too."""

    async def send(reason: str | None) -> None:
        args: dict[str, object] = {"meeting_id": meeting_id, "answer": answer}
        if answer == "leave":
            if not reason:
                return
            args["reason"] = reason
        outcome = await app.mutate("meeting_feedback", args)
        severity = "error" if outcome.status in ("rejected", "refused") else "information"
        app.notify(outcome.message, severity=severity, timeout=4)
        if outcome.status == "applied":
            refresh()

    if answer == "leave":
        app.push_screen(AskText(strings.ASK_LEAVE_REASON), send)
    else:
        app.run_worker(send(None), group="answer")


class MyMeetingsScreen(PageScreen):
    """会议通知: the meetings this member was notified of; 1 参加, 2 请假."""

    TITLE_TEXT = strings.MY_MEETINGS_TITLE
    BINDINGS = [
        Binding("1", "answer('attend')", "参加"),
        Binding("2", "answer('leave')", "请假"),
    ]

    def body(self) -> ComposeResult:
        table: DataTable[str] = DataTable(id="my-meetings", cursor_type="row", zebra_stripes=True)
        table.add_columns(
            strings.COL_TYPE, strings.COL_MEETING, strings.COL_MEETING_TIME, strings.COL_PLACE,
            strings.COL_NODE, strings.COL_MY_ANSWER,
        )  # fmt: skip
        yield table
        yield Static(strings.MY_MEETINGS_HELP, id="my-meetings-help", classes="hint")

    def on_mount(self) -> None:
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        rows = await self.app.fetch(lambda c: c.my_meetings())
        if rows is None:
            return
        refill(
            self.query_one("#my-meetings", DataTable),
            [
                (
                    str(r.id),
                    (
                        r.type_name,
                        r.title,
                        local(r.starts_at),
                        r.place,
                        node_cell(r),
                        strings.ANSWER_NAMES[r.my_answer]
                        + (f"({r.my_reason})" if r.my_reason else ""),
                    ),
                )  # fmt: skip
                for r in rows
            ],
        )
        if not rows:
            self.query_one("#my-meetings-help", Static).update(strings.MY_MEETINGS_EMPTY)

    def _selected(self) -> int | None:
        key = cursor_key(self.query_one("#my-meetings", DataTable))
        return int(key) if key else None

    @on(DataTable.RowSelected, "#my-meetings")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(MeetingScreen(int(event.row_key.value or 0)))

    def action_answer(self, answer: str) -> None:
        meeting_id = self._selected()
        if meeting_id is not None:
            answer_meeting(self.app, meeting_id, answer, self.load)


class MeetingFormScreen(PageScreen):
    """New meeting: type, title, time, place, quorum (types with one) and group (党小组会)."""

    TITLE_TEXT = strings.MEETING_FORM_TITLE
    BINDINGS = [
        Binding("escape", "app.pop_screen", "取消"),
        Binding("ctrl+s", "create", "创建", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.types: dict[str, schemas.MeetingTypeOut] = {}

    def body(self) -> ComposeResult:
        with Vertical(id="meeting-form"):
            yield Label(strings.FORM_TYPE)
            yield Select[str]([], id="form-type", prompt=strings.FORM_TYPE)
            yield Label(strings.FORM_TITLE)
            yield Input(max_length=100, id="form-title")
            yield Label(strings.FORM_TIME)
            yield Input(placeholder="2026-12-05 09:00", id="form-time")
            yield Label(strings.FORM_PLACE)
            yield Input(max_length=100, id="form-place")
            yield Label(strings.FORM_QUORUM, id="form-quorum-label")
            yield Input(placeholder="50", id="form-quorum", restrict=r"[0-9]*", max_length=2)
            yield Label(strings.FORM_GROUP, id="form-group-label")
            yield Select[int]([], id="form-group", prompt=strings.FORM_GROUP)
        yield Static("", id="form-error", classes="error")
        yield Static(strings.FORM_HELP, classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        types = await self.app.fetch(lambda c: c.meeting_types())
        tree = await self.app.fetch(lambda c: c.org_tree())
        if types is None or tree is None:
            return
        self.types = {t.code: t for t in types}
        kind = self.query_one("#form-type", Select)
        kind.set_options([(t.name, t.code) for t in types])
        kind.value = types[0].code
        self.query_one("#form-group", Select).set_options([(g.name, g.id) for g in tree.children])
        kind.focus()
        self._fit(types[0].code)

    @on(Select.Changed, "#form-type")
    def _type_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._fit(event.value)

    def _fit(self, code: str) -> None:
        t = self.types.get(code)
        if t is None:
            return
        for selector in ("#form-quorum", "#form-quorum-label"):
            self.query_one(selector).display = t.quorum
        for selector in ("#form-group", "#form-group-label"):
            self.query_one(selector).display = t.per_group

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)

    async def action_create(self) -> None:
        code = self.query_one("#form-type", Select).value
        t = self.types.get(code) if isinstance(code, str) else None
        if t is None:
            return
        values = {
            k: self.query_one(f"#form-{k}", Input).value.strip() for k in ("title", "time", "place")
        }
        for key, name in (
            ("title", strings.FORM_TITLE),
            ("time", "会议时间"),
            ("place", strings.FORM_PLACE),
        ):
            if not values[key]:
                self._error(strings.FORM_NEED.format(field=name))
                return
        try:
            starts = datetime.strptime(values["time"], "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)
        except ValueError:
            self._error(strings.FORM_BAD_TIME)
            return
        quorum_text = self.query_one("#form-quorum", Input).value.strip() if t.quorum else ""
        quorum = int(quorum_text) if quorum_text else None
        if quorum is not None and not 1 <= quorum <= 99:
            self._error(strings.FORM_BAD_QUORUM)
            return
        group = self.query_one("#form-group", Select).value if t.per_group else None
        body = schemas.MeetingIn(
            type=t.code, title=values["title"], starts_at=starts, place=values["place"],
            quorum_pct=quorum, group_id=group if isinstance(group, int) else None,
        )  # fmt: skip
        created = await self.app.fetch(lambda c: c.create_meeting(body))
        if created is None:
            return
        self.app.notify(created.message, timeout=3)
        self.app.switch_screen(MeetingScreen(created.meeting.id))


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
        yield SelectionList[int](id="picker")
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
        picker.focus()

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


class RecordScreen(PageScreen):
    """The record (or the 党课 summary): typed in a TextArea or loaded from a file; files can
    also go up as attachments."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("ctrl+l", "load_file", "载入文件", priority=True),
        Binding("ctrl+t", "attach", "上传附件", priority=True),
    ]

    def __init__(self, meeting: schemas.MeetingOut, what: str) -> None:
        super().__init__()
        self.meeting = meeting
        self.what = what  # record or summary
        self.TITLE_TEXT = strings.RECORD_TITLE if what == "record" else strings.SUMMARY_TITLE

    def body(self) -> ComposeResult:
        yield Static(self.meeting.title, classes="hint")
        text = self.meeting.record_text if self.what == "record" else self.meeting.summary_text
        yield TextArea(text or "", id="record-editor", soft_wrap=True)
        with Horizontal(id="record-path-row"):
            yield Label(strings.RECORD_PATH)
            yield Input(id="record-path", placeholder="/home/user/会议记录.txt")
        yield Static(strings.RECORD_HELP, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#record-editor", TextArea).focus()

    def _path(self) -> Path | None:
        raw = self.query_one("#record-path", Input).value.strip()
        if not raw:
            self.app.notify(strings.FILE_NEED_PATH, severity="warning")
            return None
        return Path(raw).expanduser()

    async def _read(self) -> tuple[Path, bytes] | None:
        path = self._path()
        if path is None:
            return None
        content, problem = await read_file(path, limits.MAX_ATTACHMENT_BYTES)
        if content is None:
            self.app.notify(problem or "", severity="error")
            return None
        return path, content

    async def action_load_file(self) -> None:
        found = await self._read()
        if found is None:
            return
        path, content = found
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            self.app.notify(strings.FILE_NOT_TEXT, severity="error")
            return
        self.query_one("#record-editor", TextArea).load_text(text)
        self.app.notify(strings.RECORD_LOADED.format(name=path.name), timeout=3)

    async def action_attach(self) -> None:
        found = await self._read()
        if found is None:
            return
        path, content = found
        done = await self.app.fetch(lambda c: c.attach(self.meeting.id, path.name, content))
        if done is not None:
            self.app.notify(strings.RECORD_ATTACHED.format(name=done.name), timeout=3)

    async def action_save(self) -> None:
        text = self.query_one("#record-editor", TextArea).text
        done = await self.app.fetch(
            lambda c: c.meeting_step(self.meeting.id, self.what, {"text": text})
        )
        if done is not None:
            self.app.notify(done.message, timeout=3)
            self.app.pop_screen()
