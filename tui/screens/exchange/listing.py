"""经验交流's list: 已发布 for everyone, 本支部 for a branch admin, 待审核 for an upper org — the
views the server says this account has."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import TableScreen, row_detail
from tui.widgets.fit_table import Col


class ExchangeScreen(TableScreen):
    TITLE_TEXT = strings.EXCHANGE_TITLE
    TABLE_ID = "exchange-list"
    COLUMNS = (
        Col(strings.COL_TITLE, 8), Col(strings.COL_BRANCH, 6), strings.COL_STATE,
        strings.COL_LIKES, strings.COL_COMMENTS, strings.COL_UPDATED,
    )  # fmt: skip
    BINDINGS = [
        Binding("n", "write", "撰写"),
        *(Binding(str(n), f"view({n})", show=False) for n in range(1, 4)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "published"
        self.answer: schemas.ExchangeListOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="exchange-view", classes="hint")
        yield self.make_table()
        yield row_detail()
        yield Static("", id="exchange-help", classes="hint")

    def on_screen_resume(self) -> None:
        self.load()  # also the first show; again after the reader or the editor

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        view = self.view
        await self.app.fetch_fresh(lambda c: c.exchange_list(view), self.show)

    def show(self, answer: schemas.ExchangeListOut) -> None:
        if answer.view != self.view:
            return  # another view was chosen since
        self.answer = answer
        self.refill(
            [
                (str(p.id), (p.title, p.branch.name, p.state_name, str(p.likes), str(p.comments),
                             when(p.updated_at)))
                for p in answer.posts
            ]
        )  # fmt: skip
        views = " ".join(
            ("▶" if v == self.view else "") + f"{n} {strings.EXCHANGE_VIEWS[v]}"
            for n, v in enumerate(answer.views, 1)
        )
        self.query_one("#exchange-view", Static).update(views)
        help_text = strings.EXCHANGE_LIST_HELP.format(views=f"1–{len(answer.views)} 切换" if len(answer.views) > 1
                                                      else "")  # fmt: skip
        if answer.may_write:
            help_text += " · " + strings.EXCHANGE_WRITE_HINT
        if not answer.posts:
            help_text = strings.EXCHANGE_EMPTY[self.view] + " · " + help_text
        self.query_one("#exchange-help", Static).update(help_text.strip(" ·"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write":
            return self.answer is not None and self.answer.may_write
        return True

    def action_view(self, n: int) -> None:
        views = self.answer.views if self.answer else ["published"]
        if n <= len(views) and views[n - 1] != self.view:
            self.view = views[n - 1]
            self.load()

    @on(DataTable.RowSelected)
    def _open(self) -> None:
        from tui.screens.exchange.post import ExchangePostScreen

        key = self.cursor_key()
        if key is not None:
            self.app.push_screen(ExchangePostScreen(int(key)))

    def action_write(self) -> None:
        from tui.screens.exchange.editor import EditorScreen

        if self.answer is not None and self.answer.may_write:
            self.app.push_screen(EditorScreen(None))
