"""学标对标: a field's branch-building standard by aspect, numbered items, and — for the branch
of that field — its self-check marks (✓ 达标 / ◐ 部分达标 / ○ 未达标, in words too). The screen
opens on the caller's own field (the server lists it first); L picks another; E (the branch's
admin, as the server's `may_check` says) opens the self-check form; Z (the province, the
server's `may_curate`) puts the item into 标准化专栏."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from contract import schemas
from tui import format, strings
from tui.screens.base import TableScreen, row_detail
from tui.screens.standards_form import CheckForm, mark_text
from tui.widgets.ask import in_worker
from tui.widgets.choose import Choose
from tui.widgets.fit_table import Col


class StandardsScreen(TableScreen):
    TITLE_TEXT = strings.STANDARDS_TITLE
    TABLE_ID = "standard-items"
    # At 80×24 the head, the table and the item's whole text under it fit one screen.
    DEFAULT_CSS = """
    StandardsScreen #standard-items { height: auto; max-height: 55vh; }
    """
    COLUMNS = (
        Col(strings.COL_ASPECT, 4), strings.COL_NUMBER, Col(strings.COL_ITEM, 6),
        strings.COL_SELF_CHECK, Col(strings.COL_NOTE, 4),
    )  # fmt: skip
    BINDINGS = [
        Binding("l", "field", "领域"),
        Binding("e", "check", "自查"),
        Binding("z", "pick", "加入专栏"),
    ]

    def __init__(
        self,
        field: str | None = None,
        branch_id: int | None = None,
        *,
        item_id: int | None = None,
    ) -> None:
        super().__init__()
        self.field = field
        self.branch_id = branch_id  # an upper org reading one branch's self-checks
        self.item_id = item_id  # from 搜索 or 标准化专栏: the item to put the cursor on
        self.fields: schemas.StandardsOut | None = None
        self.detail: schemas.StandardDetailOut | None = None
        self.items: dict[str, schemas.StandardItemOut] = {}

    def body(self) -> ComposeResult:
        yield Static("", id="standard-head", markup=False)
        yield self.make_table()
        yield row_detail()

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        d = self.detail
        if action == "check":
            return d is not None and d.may_check
        if action == "pick":
            return d is not None and d.may_curate
        return True

    @work(exclusive=True, group="load")
    async def load(self, wanted: str | None = None) -> None:
        """The fields and one field's standard: `wanted`, else the one shown, else the first
        (the caller's own); `self.field` changes only once it is shown."""

        async def request(c):  # type: ignore[no-untyped-def]
            fields = await c.standards()
            field = wanted or self.field or fields.fields[0].field
            return fields, await c.standard(field, self.branch_id)

        await self.app.fetch_fresh(request, self.show)

    def show(self, answer: tuple[schemas.StandardsOut, schemas.StandardDetailOut]) -> None:
        self.fields, d = answer
        self.detail, self.field = d, d.field
        head = self.query_one("#standard-head", Static)
        if d.title is None:
            head.update(strings.STD_HEAD_NONE.format(name=d.name))
        else:
            own = ""
            if d.branch is not None:
                n = sum(len(a.items) for a in d.aspects)
                met = sum(a.met for a in d.aspects)
                partly = sum(a.partly for a in d.aspects)
                not_yet = sum(a.not_yet for a in d.aspects)
                own = strings.STD_OWN.format(
                    branch=d.branch.name, met=met, partly=partly, not_yet=not_yet,
                    left=n - met - partly - not_yet,
                )  # fmt: skip
            version = strings.STD_VERSION.format(version=d.version) if d.version else ""
            head.update(
                strings.STD_HEAD.format(name=d.name, title=d.title, version=version, own=own)
            )
        rows = []
        self.items = {}
        for a in d.aspects:
            for n, i in enumerate(a.items):
                self.items[str(i.id)] = i
                check = mark_text(i.check.mark, i.check.sign, i.check.mark_name) if i.check else (
                    Text(strings.STD_UNCHECKED) if d.branch is not None else Text("")
                )  # fmt: skip
                note = i.check.note if i.check else ""
                title = i.title + (f"({strings.STD_IN_COLUMN})" if i.in_column else "")
                rows.append((str(i.id), (a.name if n == 0 else "", i.number, title, check, note)))
        self.refill(rows)
        if self.item_id is not None and str(self.item_id) in self.items:
            self.table.move_cursor(row=self.table.get_row_index(str(self.item_id)))
            self.item_id = None
        self.refresh_bindings()

    def update_detail(self) -> None:
        """Under the table: the item's whole text, and who checked it when."""
        found = self.query("#row-detail")
        item = self.items.get(self.cursor_key() or "")
        if not found or item is None:
            return
        parts = [f"{item.number} {item.title}:{item.text}"]
        if item.check is not None:
            by = strings.STD_CHECK_BY.format(by=item.check.by, at=format.when(item.check.at))
            mark = " ".join(
                x for x in (item.check.sign, item.check.mark_name, item.check.note) if x
            )
            parts.append(f"{mark} · {by}")
        found.first(Static).update("\n".join(parts))

    def action_field(self) -> None:
        f = self.fields
        if f is None:
            return

        async def chosen(code: str | None) -> None:
            if code is not None and code != self.field:
                self.load(code)

        choices = [
            (x.field, x.name + (strings.STD_OWN_FIELD if x.own else "")
             + ("" if x.title else strings.STD_NOT_LOADED))
            for x in f.fields
        ]  # fmt: skip
        self.app.push_screen(
            Choose(strings.STD_ASK_FIELD, choices, self.field), in_worker(self.app, chosen)
        )

    def action_check(self) -> None:
        d, item = self.detail, self.items.get(self.cursor_key() or "")
        if d is None or item is None or not d.may_check:
            return

        async def answered(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            mark, note = result
            done = await self.app.fetch(lambda c: c.check_standard(item.id, mark, note))
            if done is not None and done.check is not None:
                self.notify(strings.STD_SAVED.format(number=done.number, mark=done.check.mark_name))
                self.load()

        marks = [(m.code, m.name) for m in d.marks]
        current = item.check.mark if item.check else None
        note = item.check.note if item.check else ""
        self.app.push_screen(
            CheckForm(item.number, item.title, marks, current, note), in_worker(self.app, answered)
        )

    def action_pick(self) -> None:
        d, item = self.detail, self.items.get(self.cursor_key() or "")
        if d is None or item is None or not d.may_curate:
            return

        async def add() -> None:
            if await self.app.fetch(lambda c: c.column_add(item_id=item.id)) is not None:
                self.notify(strings.STD_ADDED)
                self.load()

        self.app.run_worker(add(), group="dialog-answer")


class BranchStandardsScreen(StandardsScreen):
    """One branch's self-checks, opened from 对标总览 (Enter on its row): Esc goes back there."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]


class StandardsItemScreen(StandardsScreen):
    """学标对标 opened at one item from another page (搜索, 标准化专栏): Esc goes back there."""

    BINDINGS = [Binding("escape", "app.pop_screen", "返回")]

    def __init__(self, field: str | None, item_id: int) -> None:
        super().__init__(field, item_id=item_id)
