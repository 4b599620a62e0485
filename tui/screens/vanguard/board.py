"""先锋模范: the tabs (心愿树, 微捐赠, 随手拍, the admin's 待审核) with one list each."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen, cursor_key, refill, row_detail, show_detail
from tui.screens.vanguard.actions import KEYS, pick, take
from tui.screens.vanguard.item import ItemScreen
from tui.screens.vanguard.post import PostScreen
from tui.widgets.fit_table import Cell, Col, FitTable


class VanguardScreen(PageScreen):
    TITLE_TEXT = strings.VANGUARD_TITLE
    AUTO_FOCUS = "#list-wish"  # where the rows put it: no second focus (and footer) change
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
        # The tabs are known from the account: composed with the screen, in one mount (a pane
        # added at a time cost a layout pass each).
        with TabbedContent(id="vanguard-tabs"):
            for kind in self.tabs:
                # A long title or name is cut with "…" (shown whole under the list), never
                # wrapped. The queue names whom an approval pays (a wish's claimer), not just
                # the poster.
                columns: list[Col | str] = [
                    Col(strings.COL_TITLE, 8), strings.COL_STATE,
                    Col(strings.COL_PAYEE if kind == "queue" else strings.COL_POSTER, 4),
                ]  # fmt: skip
                if kind == "queue":
                    columns = [strings.COL_KIND, *columns]
                if kind == "wish":
                    columns += [Col(strings.COL_CLAIMER, 4), Col(strings.COL_BRANCH, 6)]
                with TabPane(strings.VANGUARD_TABS[kind], id=f"pane-{kind}"):
                    yield FitTable(*columns, strings.COL_UPDATED, id=f"list-{kind}")
        yield row_detail()
        yield Static("", id="vanguard-help", classes="hint")

    def on_screen_resume(self) -> None:
        self.load()  # also the first show

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        self.tab = (event.pane.id or "pane-wish").removeprefix("pane-")
        self._help()
        self.load()

    def action_show_tab(self, n: int) -> None:
        if n <= len(self.tabs):
            self.query_one(TabbedContent).active = f"pane-{self.tabs[n - 1]}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A visitor browses: nothing to post (the key would do nothing).
        if action == "post":
            return self.app.session.account is not None
        return True

    def _help(self) -> None:
        account = self.app.session.account
        if account is None:
            text = strings.VANGUARD_VISITOR_HELP
        elif account.kind not in ("member", "branch_admin"):
            # Claiming is a member's of the branch (the server's rule): not offered in words.
            text = strings.VANGUARD_BROWSE_HELP
        else:
            tabs = " ".join(f"{n} {strings.VANGUARD_TABS[k]}" for n, k in enumerate(self.tabs, 1))
            text = f"{tabs} · {strings.VANGUARD_HELP[self.tab]}"
        self.query_one("#vanguard-help", Static).update(text)

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        kind = self.tab
        await self.app.fetch_fresh(
            lambda c: c.vanguard_items(kind), lambda rows: self.show(kind, rows)
        )

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """After an action: the server's list alone (the cached one is from before it)."""
        kind = self.tab
        rows = await self.app.fetch(lambda c: c.vanguard_items(kind))
        if rows is not None:
            self.show(kind, rows)

    def show(self, kind: str, rows: list[schemas.VanguardItemOut]) -> None:
        self.items[kind] = {str(i.id): i for i in rows}

        def cells(i: schemas.VanguardItemOut) -> tuple[Cell, ...]:
            out: list[Cell] = [i.title, i.state_name, i.poster]
            if kind == "queue":
                out = [i.kind_name, i.title, i.state_name, i.payee or i.poster]
            if kind == "wish":
                out += [i.claimer or "", i.branch.name]
            return (*out, when(i.updated_at))

        table = self.query_one(f"#list-{kind}", DataTable)
        refill(table, [(str(i.id), cells(i)) for i in rows])
        if kind != self.tab:
            return  # another tab since: its line and help are that tab's
        show_detail(self, table)
        self._help()
        if not rows:
            self.query_one("#vanguard-help", Static).update(strings.VANGUARD_EMPTY)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        show_detail(self, event.data_table)

    def _current(self) -> schemas.VanguardItemOut | None:
        key = cursor_key(self.query_one(f"#list-{self.tab}", DataTable))
        return self.items.get(self.tab, {}).get(key or "")

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        item = self._current()
        if item is not None:
            self.app.push_screen(ItemScreen(item.kind, item.id))

    def action_act(self, key: str) -> None:
        item = self._current()
        action = pick(item, key) if item else None
        if item is not None and action is not None:
            # In a worker: a member's action waits for the server (or its timeout).
            self.run_worker(take(self.app, item, action, self.reload), group="act")

    def action_post(self) -> None:
        if self.tab in ("wish", "donation", "snapshot") and self.app.session.account is not None:
            self.app.push_screen(PostScreen(self.tab))
