"""审核记录: the upper org's audit of points-bearing approvals."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen, refill
from tui.widgets.fit_table import Col, FitTable


class AuditScreen(PageScreen):
    """审核记录 for a 党委, 党总支 or the province: approvals per admin per day, members hitting
    three or more daily caps on three or more days in a row, offline pushes whose points went
    to earlier days, and every points-bearing approval."""

    TITLE_TEXT = strings.AUDIT_TITLE
    BINDINGS = [Binding("t", "window", "7/30/90 天")]
    WINDOWS = (30, 90, 7)

    def __init__(self) -> None:
        super().__init__()
        self.window = 30

    def body(self) -> ComposeResult:
        yield Static("", id="audit-window", classes="hint")
        yield Label(strings.AUDIT_PER_DAY, classes="section")
        yield FitTable(strings.COL_DAY, Col(strings.COL_ADMIN, 6), Col(strings.COL_BRANCH, 6),
                       strings.COL_COUNT, strings.COL_POINTS, id="audit-per-day")  # fmt: skip
        yield Label("", id="audit-capped-title", classes="section")
        yield FitTable(strings.COL_NAME, Col(strings.COL_BRANCH, 6), strings.COL_RUN,
                       Col(strings.COL_DAYS, 8), id="audit-capped")  # fmt: skip
        yield Label(strings.AUDIT_BACKDATED, classes="section")
        yield FitTable(strings.COL_PUSHED, Col(strings.COL_NAME, 4), Col(strings.COL_BRANCH, 6),
                       Col(strings.COL_PAST_DAYS, 8), strings.COL_POINTS,
                       id="audit-backdated")  # fmt: skip
        yield Label(strings.AUDIT_RECENT, classes="section")
        yield FitTable(
            strings.COL_UPDATED, Col(strings.COL_ADMIN, 4), Col(strings.COL_KIND, 6),
            Col(strings.COL_TITLE, 8), Col(strings.COL_WHOM, 4), Col(strings.COL_POINTS_RULE, 6),
            strings.COL_POINTS, id="audit-recent",
        )  # fmt: skip
        yield Label(strings.AUDIT_ACCOUNTS, classes="section")
        yield FitTable(strings.COL_UPDATED, Col(strings.COL_ACTOR, 4), Col(strings.COL_ACCOUNT, 8),
                       strings.COL_CHANGE, Col(strings.COL_DETAIL, 10),
                       id="audit-accounts")  # fmt: skip

    def on_mount(self) -> None:
        self.load()

    def action_window(self) -> None:
        self.window = self.WINDOWS[(self.WINDOWS.index(self.window) + 1) % len(self.WINDOWS)]
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        window = self.window

        def show(audit: schemas.AuditOut) -> None:
            if window == self.window:
                self.show(audit)

        await self.app.fetch_fresh(lambda c: c.audit(window), show)

    def show(self, audit: schemas.AuditOut) -> None:
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
        refill(self.query_one("#audit-backdated", DataTable), [
            (f"{b.pushed_at.isoformat()}-{b.account_id}",
             (when(b.pushed_at), b.name, b.branch, "、".join(d[5:] for d in b.days), str(b.points)))
            for b in audit.backdated
        ])  # fmt: skip
        refill(self.query_one("#audit-recent", DataTable), [
            (str(n), (when(a.at), a.admin, f"{a.kind_name}·{a.action}", a.title, a.beneficiary,
                      a.rule, str(a.points)))
            for n, a in enumerate(audit.approvals)
        ])  # fmt: skip
        refill(self.query_one("#audit-accounts", DataTable), [
            (f"c{n}", (when(c.at), c.actor or strings.AUDIT_BY_CLI, c.account or c.org, c.action,
                       c.detail))
            for n, c in enumerate(audit.account_changes)
        ])  # fmt: skip
