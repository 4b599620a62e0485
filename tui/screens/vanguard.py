"""先锋模范: 心愿树 (visitors may browse it), 微捐赠 and 随手拍 in tabs, with the branch admin's 待审核
queue; the detail of an item; posting (with an image by path for 随手拍); and the upper org's
审核记录 (anti-farming audit).

The server decides every transition: the keys act on the actions it lists for each item. Members'
posts and transitions go through the outbox (they work offline); the admin's go straight.
"""

from __future__ import annotations

import asyncio
import base64
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import (
    DataTable,
    Input,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from contract import schemas
from contract.limits import MAX_IMAGE_BYTES, image_type
from tui import strings
from tui.files import read_file
from tui.screens.base import PageScreen, cursor_key, refill
from tui.screens.meetings import local
from tui.widgets.ask import AskText
from tui.widgets.confirm import Confirm

if TYPE_CHECKING:
    from tui.app import GsdjApp

# key → the server's transitions it takes (the first one the item offers)
KEYS = {
    "c": ("claim",),
    "f": ("fulfil",),
    "u": ("release",),
    "w": ("withdraw",),
    "d": ("complete",),
    "a": ("approve", "confirm"),
    "r": ("reject", "reopen"),
}


async def take(app: GsdjApp, item: schemas.VanguardItemOut, action: str, refresh) -> None:  # type: ignore[no-untyped-def]
    """One transition: the branch admin's straight to the server (after Y, or with the reason the
    server asks for), a member's through the outbox."""
    needs_reason = action in item.needs_reason
    account = app.session.account
    admin = account is not None and account.kind == "branch_admin"

    async def run(reason: str | None) -> None:
        if needs_reason and not reason:
            return
        if admin:
            done = await app.fetch(lambda c: c.vanguard_act(item.kind, item.id, action, reason))
            if done is None:
                return
            lines = [done.message]
            if done.earned is not None:
                lines.append(
                    strings.POINTS_EARNED.format(name=done.earned.name, points=done.earned.points)
                    if done.earned.points
                    else strings.POINTS_NOT_GRANTED.format(name=done.earned.name)
                )
            app.notify("\n".join(lines), timeout=5)
            refresh()
            return
        args = {"kind": item.kind, "item_id": item.id, "action": action}
        outcome = await app.mutate("vanguard_act", args)
        severity = "error" if outcome.status in ("rejected", "refused") else "information"
        app.notify(outcome.message, severity=severity, timeout=4)
        if outcome.status == "applied":
            refresh()

    if needs_reason:
        app.push_screen(AskText(strings.ASK_VANGUARD_REASON, max_length=500), run)
    elif admin:

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await run(None)

        question = strings.CONFIRM_VANGUARD.format(
            action=item.action_names.get(action, action), title=item.title
        )
        app.push_screen(Confirm(question), confirmed)
    else:
        await run(None)


def pick(item: schemas.VanguardItemOut, key: str) -> str | None:
    return next((a for a in KEYS[key] if a in item.actions), None)


class VanguardScreen(PageScreen):
    TITLE_TEXT = strings.VANGUARD_TITLE
    BINDINGS = [
        Binding("p", "post", "发布"),
        *(Binding(str(n), f"show_tab({n})", show=False) for n in range(1, 5)),
        *(Binding(k, f"act('{k}')", show=False) for k in KEYS),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, dict[str, schemas.VanguardItemOut]] = {}
        self.tab = "wish"

    @property
    def tabs(self) -> list[str]:
        account = self.app.session.account
        if account is None or account.kind not in ("member", "branch_admin"):
            return ["wish"]
        return ["wish", "donation", "snapshot"] + (
            ["queue"] if account.kind == "branch_admin" else []
        )

    def body(self) -> ComposeResult:
        yield TabbedContent(id="vanguard-tabs")
        yield Static("", id="vanguard-help", classes="hint")

    async def on_mount(self) -> None:
        tabs = self.query_one(TabbedContent)
        for kind in self.tabs:
            table: DataTable[str] = DataTable(
                id=f"list-{kind}", cursor_type="row", zebra_stripes=True
            )
            columns = [strings.COL_TITLE, strings.COL_STATE, strings.COL_POSTER]
            if kind == "queue":
                columns = [strings.COL_KIND, *columns]
            if kind == "wish":
                columns += [strings.COL_CLAIMER, strings.COL_BRANCH]
            table.add_columns(*columns, strings.COL_UPDATED)
            await tabs.add_pane(TabPane(strings.VANGUARD_TABS[kind], table, id=f"pane-{kind}"))
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        self.tab = (event.pane.id or "pane-wish").removeprefix("pane-")
        self._help()
        self.load()

    def action_show_tab(self, n: int) -> None:
        if n <= len(self.tabs):
            self.query_one(TabbedContent).active = f"pane-{self.tabs[n - 1]}"

    def _help(self) -> None:
        if self.app.session.account is None:
            text = strings.VANGUARD_VISITOR_HELP
        else:
            tabs = " ".join(f"{n} {strings.VANGUARD_TABS[k]}" for n, k in enumerate(self.tabs, 1))
            text = f"{tabs} · {strings.VANGUARD_HELP[self.tab]}"
        self.query_one("#vanguard-help", Static).update(text)

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        kind = self.tab
        rows = await self.app.fetch(lambda c: c.vanguard_items(kind))
        if rows is None:
            return
        self.items[kind] = {str(i.id): i for i in rows}

        def cells(i: schemas.VanguardItemOut) -> tuple:
            out: list = [i.title, i.state_name, i.poster]
            if kind == "queue":
                out.insert(0, i.kind_name)
            if kind == "wish":
                out += [i.claimer or "", i.branch.name]
            return (*out, local(i.updated_at))

        refill(self.query_one(f"#list-{kind}", DataTable), [(str(i.id), cells(i)) for i in rows])
        self._help()
        if not rows:
            self.query_one("#vanguard-help", Static).update(strings.VANGUARD_EMPTY)

    def _current(self) -> schemas.VanguardItemOut | None:
        key = cursor_key(self.query_one(f"#list-{self.tab}", DataTable))
        return self.items.get(self.tab, {}).get(key or "")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        item = self._current()
        if item is not None:
            self.app.push_screen(ItemScreen(item.kind, item.id))

    async def action_act(self, key: str) -> None:
        item = self._current()
        action = pick(item, key) if item else None
        if item is not None and action is not None:
            await take(self.app, item, action, self.load)

    def action_post(self) -> None:
        if self.tab in ("wish", "donation", "snapshot") and self.app.session.account is not None:
            self.app.push_screen(PostScreen(self.tab))


class ItemScreen(PageScreen):
    """One item: its text, contact (inside the branch), image, state, history and its keys."""

    TITLE_TEXT = strings.VANGUARD_TITLE
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("o", "image", "查看图片"),
        *(Binding(k, f"act('{k}')", show=False) for k in KEYS),
    ]

    def __init__(self, kind: str, item_id: int) -> None:
        super().__init__()
        self.kind, self.item_id = kind, item_id
        self.item: schemas.VanguardItemOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="item-head")
        yield Static("", id="item-meta", classes="hint")
        yield Static("", id="item-body")
        yield Static("", id="item-keys", classes="hint")
        yield Label("", id="item-history", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        item = await self.app.fetch(lambda c: c.vanguard_item(self.kind, self.item_id))
        if item is None:
            return
        self.item = item
        self.query_one("#item-head", Static).update(Text(item.title, style="bold"))
        claimer = strings.VANGUARD_CLAIMER.format(claimer=item.claimer) if item.claimer else ""
        self.query_one("#item-meta", Static).update(
            strings.VANGUARD_META.format(
                kind=item.kind_name,
                state=item.state_name,
                branch=item.branch.name,
                poster=item.poster,
                claimer=claimer,
            )  # fmt: skip
        )
        body = Text(item.body)
        if item.contact:
            body.append("\n" + strings.VANGUARD_CONTACT.format(contact=item.contact))
        if item.reason:
            body.append("\n" + strings.VANGUARD_REASON_LINE.format(reason=item.reason), style="red")
        if item.image_type:
            body.append("\n" + strings.VANGUARD_IMAGE.format(type=item.image_type), style="dim")
        self.query_one("#item-body", Static).update(body)
        keys = [strings.VANGUARD_KEYS[a] for a in item.actions]
        self.query_one("#item-keys", Static).update(" · ".join(keys))
        history = "\n".join(f"{local(e.at)}  {e.name}  {e.actor}" + (f"  {e.note}" if e.note else "")
                            for e in item.history)  # fmt: skip
        self.query_one("#item-history", Label).update(history)

    async def action_act(self, key: str) -> None:
        action = pick(self.item, key) if self.item else None
        if self.item is not None and action is not None:
            await take(self.app, self.item, action, self.load)

    async def action_image(self) -> None:
        """Save the 随手拍 image to a file and hand it to the system viewer (the path is shown)."""
        if self.item is None or not self.item.image_type:
            return
        got = await self.app.fetch(lambda c: c.snapshot_image(self.item_id))
        if got is None:
            return
        suffix = "." + got.image_type.split("/")[-1]
        path = Path(tempfile.gettempdir()) / f"gsdj-snapshot-{self.item_id}{suffix}"
        await asyncio.to_thread(path.write_bytes, base64.b64decode(got.content_base64))
        self.app.notify(strings.VANGUARD_IMAGE_SAVED.format(path=path), timeout=6)
        self.app.open_url(path.as_uri())


class PostScreen(PageScreen):
    """发布: title and text; a contact for wishes (and the branch, for the public); an image file
    for 随手拍. Goes through the outbox, so it works offline."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "取消"),
        Binding("ctrl+s", "send", "发布", priority=True),
    ]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.TITLE_TEXT = strings.VANGUARD_POST_TITLE.format(kind=strings.VANGUARD_TABS[kind])

    def body(self) -> ComposeResult:
        with Vertical(id="post-form"):
            yield Label(strings.FORM_VTITLE)
            yield Input(max_length=100, id="post-title")
            yield Label(strings.FORM_BODY)
            yield TextArea(id="post-body", soft_wrap=True)
            if self.kind == "wish":
                yield Label(strings.FORM_CONTACT)
                yield Input(max_length=100, id="post-contact")
                yield Label(strings.FORM_BRANCH, id="post-branch-label")
                yield Select[int]([], id="post-branch", prompt=strings.FORM_BRANCH)
            if self.kind == "snapshot":
                yield Label(strings.FORM_IMAGE)
                yield Input(id="post-image", placeholder="/home/user/照片.jpg")
        yield Static("", id="post-error", classes="error")
        yield Static(strings.VANGUARD_FORM_HELP, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#post-title", Input).focus()
        if self.kind == "wish":
            public = (
                self.app.session.account is not None and self.app.session.account.kind == "public"
            )
            for selector in ("#post-branch", "#post-branch-label"):
                self.query_one(selector).display = public
            if public:
                self.load_branches()

    @work(exclusive=True, group="load")
    async def load_branches(self) -> None:
        branches = await self.app.fetch(lambda c: c.vanguard_branches())
        if branches is not None:
            self.query_one("#post-branch", Select).set_options([(b.name, b.id) for b in branches])

    def _error(self, message: str) -> None:
        self.query_one("#post-error", Static).update(message)

    async def action_send(self) -> None:
        title = self.query_one("#post-title", Input).value.strip()
        body = self.query_one("#post-body", TextArea).text.strip()
        if not title or not body:
            self._error(strings.VANGUARD_NEED)
            return
        args: dict[str, object] = {"kind": self.kind, "title": title, "body": body}
        if self.kind == "wish":
            args["contact"] = self.query_one("#post-contact", Input).value.strip() or None
            if self.query_one("#post-branch").display:
                branch = self.query_one("#post-branch", Select).value
                if not isinstance(branch, int):
                    self._error(strings.VANGUARD_NEED_BRANCH)
                    return
                args["branch_id"] = branch
        if self.kind == "snapshot":
            raw = self.query_one("#post-image", Input).value.strip()
            if raw:
                image = await self._image(Path(raw).expanduser())
                if image is None:
                    return
                args["image_base64"] = base64.b64encode(image).decode()
        outcome = await self.app.mutate("vanguard_post", args)
        if outcome.status in ("rejected", "refused"):
            self._error(outcome.message)
            return
        self.app.notify(outcome.message, timeout=4)
        self.app.pop_screen()

    async def _image(self, path: Path) -> bytes | None:
        content, problem = await read_file(path, MAX_IMAGE_BYTES)
        if content is not None and image_type(content) is None:
            problem = strings.IMAGE_NOT_IMAGE
        if problem is not None:
            self._error(problem)
            return None
        return content


class AuditScreen(PageScreen):
    """审核记录 for a 党委, 党总支 or the province: approvals per admin per day, members hitting
    three or more daily caps on three or more days in a row, and every points-bearing approval."""

    TITLE_TEXT = strings.AUDIT_TITLE
    BINDINGS = [Binding("t", "window", "7/30/90 天")]
    WINDOWS = (30, 90, 7)

    def __init__(self) -> None:
        super().__init__()
        self.window = 30

    def body(self) -> ComposeResult:
        yield Static("", id="audit-window", classes="hint")
        yield Label(strings.AUDIT_PER_DAY, classes="section")
        per_day: DataTable[str] = DataTable(id="audit-per-day", zebra_stripes=True)
        per_day.add_columns(strings.COL_DAY, strings.COL_ADMIN, strings.COL_BRANCH,
                            strings.COL_COUNT, strings.COL_POINTS)  # fmt: skip
        yield per_day
        yield Label("", id="audit-capped-title", classes="section")
        capped: DataTable[str] = DataTable(id="audit-capped", zebra_stripes=True)
        capped.add_columns(strings.COL_NAME, strings.COL_BRANCH, strings.COL_RUN, strings.COL_DAYS)
        yield capped
        yield Label(strings.AUDIT_RECENT, classes="section")
        recent: DataTable[str] = DataTable(id="audit-recent", zebra_stripes=True)
        recent.add_columns(
            strings.COL_UPDATED, strings.COL_ADMIN, strings.COL_KIND, strings.COL_TITLE,
            strings.COL_WHOM, strings.COL_POINTS_RULE, strings.COL_POINTS,
        )  # fmt: skip
        yield recent

    def on_mount(self) -> None:
        self.load()

    def action_window(self) -> None:
        self.window = self.WINDOWS[(self.WINDOWS.index(self.window) + 1) % len(self.WINDOWS)]
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        audit = await self.app.fetch(lambda c: c.audit(self.window))
        if audit is None:
            return
        self.query_one("#audit-window", Static).update(
            strings.AUDIT_WINDOW.format(since=audit.since, until=audit.until)
        )
        self.query_one("#audit-capped-title", Label).update(
            strings.AUDIT_CAPPED.format(days=audit.min_days, caps=audit.min_caps)
        )
        refill(self.query_one("#audit-per-day", DataTable), [
            (f"{r.day}-{n}", (r.day, r.admin, r.branch, str(r.approvals), str(r.points)))
            for n, r in enumerate(audit.per_admin_day)
        ])  # fmt: skip
        refill(self.query_one("#audit-capped", DataTable), [
            (str(c.account_id), (c.name, c.branch, str(c.longest_run), "、".join(d[5:] for d in c.days)))
            for c in audit.capped
        ])  # fmt: skip
        refill(self.query_one("#audit-recent", DataTable), [
            (str(n), (local(a.at), a.admin, f"{a.kind_name}·{a.action}", a.title, a.beneficiary,
                      a.rule, str(a.points)))
            for n, a in enumerate(audit.approvals)
        ])  # fmt: skip
