"""新建会议: the create form."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static

from contract import schemas
from tui import strings
from tui.format import parse_when
from tui.screens.base import PageScreen
from tui.screens.meetings.timeline import MeetingScreen


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
            starts = parse_when(values["time"])
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
