"""审核记录: the upper org's audit of points-bearing approvals, in sections. At 80×24 they do not
all fit: each table keeps to a few rows and scrolls itself, the cursor starts in the first, and
the number keys (1–5, shown in the footer) or Tab go to a section, brought up the page as far
as it goes."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen, refill
from tui.widgets.fit_table import Col, FitTable


def _title(n: int, title: str) -> str:
    """A section's title with the number key that goes to it."""
    return strings.AUDIT_SECTION.format(n=n, title=title)


class AuditScreen(PageScreen):
    """审核记录 for a 党委, 党总支 or the province: approvals per admin per day, members hitting
    three or more daily caps on three or more days in a row, offline pushes whose points went
    to earlier days, and every points-bearing approval."""

    DEFAULT_CSS = """
    AuditScreen .audit-section { height: auto; }
    AuditScreen .audit-section FitTable { height: auto; max-height: 10; }
    """
    TITLE_TEXT = strings.AUDIT_TITLE
    AUTO_FOCUS = "#audit-per-day"
    SECTIONS = 5
    BINDINGS = [
        Binding("t", "window", "7/30/90 天"),
        Binding("1", "section(1)", strings.AUDIT_SECTIONS_KEY, key_display=f"1–{SECTIONS}"),
        *(Binding(str(n), f"section({n})", show=False) for n in range(2, SECTIONS + 1)),
    ]
    WINDOWS = (30, 90, 7)

    def __init__(self) -> None:
        super().__init__()
        self.window = 30

    def body(self) -> ComposeResult:
        yield Static("", id="audit-window", classes="hint")
        with Vertical(classes="audit-section"):
            yield Label(_title(1, strings.AUDIT_PER_DAY), classes="section")
            yield FitTable(strings.COL_DAY, Col(strings.COL_ADMIN, 6), Col(strings.COL_BRANCH, 6),
                           strings.COL_COUNT, strings.COL_POINTS, id="audit-per-day")  # fmt: skip
        with Vertical(classes="audit-section"):
            yield Label("", id="audit-capped-title", classes="section")
            yield FitTable(strings.COL_NAME, Col(strings.COL_BRANCH, 6), strings.COL_RUN,
                           Col(strings.COL_DAYS, 8), id="audit-capped")  # fmt: skip
        with Vertical(classes="audit-section"):
            yield Label(_title(3, strings.AUDIT_BACKDATED), classes="section")
            yield FitTable(strings.COL_PUSHED, Col(strings.COL_NAME, 4),
                           Col(strings.COL_BRANCH, 6), Col(strings.COL_PAST_DAYS, 8),
                           strings.COL_POINTS, id="audit-backdated")  # fmt: skip
        with Vertical(classes="audit-section"):
            yield Label(_title(4, strings.AUDIT_RECENT), classes="section")
            yield FitTable(
                strings.COL_UPDATED, Col(strings.COL_ADMIN, 4), Col(strings.COL_KIND, 6),
                Col(strings.COL_TITLE, 8), Col(strings.COL_WHOM, 4),
                Col(strings.COL_POINTS_RULE, 6), strings.COL_POINTS, id="audit-recent",
            )  # fmt: skip
        with Vertical(classes="audit-section"):
            yield Label(_title(5, strings.AUDIT_ACCOUNTS), classes="section")
            yield FitTable(strings.COL_UPDATED, Col(strings.COL_ACTOR, 4),
                           Col(strings.COL_ACCOUNT, 8), strings.COL_CHANGE,
                           Col(strings.COL_DETAIL, 10), id="audit-accounts")  # fmt: skip

    def on_mount(self) -> None:
        self.load()

    def action_section(self, n: int) -> None:
        self.query(FitTable)[n - 1].focus()

    @on(events.DescendantFocus)
    def _bring_section_up(self, event: events.DescendantFocus) -> None:
        """A section's table takes the cursor: the section, title first, goes up the page as
        far as it scrolls (scrolled just into view, the table would hide its title)."""
        if isinstance(event.widget, FitTable) and isinstance(event.widget.parent, Vertical):
            section = event.widget.parent
            self.query_one(VerticalScroll).scroll_to_widget(section, top=True, animate=False)

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
            _title(2, strings.AUDIT_CAPPED.format(days=audit.min_days, caps=audit.min_caps))
        )
        # Filled without taking the cursor: it stays in the section it is in (the first at
        # first); each table's refill used to take it, so it ended in the last, out of sight.
        refill(self.query_one("#audit-per-day", DataTable), [
            (f"{r.day}-{n}", (r.day, r.admin, r.branch, str(r.approvals), str(r.points)))
            for n, r in enumerate(audit.per_admin_day)
        ], focus=False)  # fmt: skip
        refill(self.query_one("#audit-capped", DataTable), [
            (str(c.account_id), (c.name, c.branch, str(c.longest_run), "、".join(d[5:] for d in c.days)))
            for c in audit.capped
        ], focus=False)  # fmt: skip
        refill(self.query_one("#audit-backdated", DataTable), [
            (f"{b.pushed_at.isoformat()}-{b.account_id}",
             (when(b.pushed_at), b.name, b.branch, "、".join(d[5:] for d in b.days), str(b.points)))
            for b in audit.backdated
        ], focus=False)  # fmt: skip
        refill(self.query_one("#audit-recent", DataTable), [
            (str(n), (when(a.at), a.admin, f"{a.kind_name}·{a.action}", a.title, a.beneficiary,
                      a.rule, str(a.points)))
            for n, a in enumerate(audit.approvals)
        ], focus=False)  # fmt: skip
        refill(self.query_one("#audit-accounts", DataTable), [
            (f"c{n}", (when(c.at), c.actor or strings.AUDIT_BY_CLI, c.account or c.org, c.action,
                       c.detail))
            for n, c in enumerate(audit.account_changes)
        ], focus=False)  # fmt: skip
