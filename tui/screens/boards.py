"""排行榜 and 爱心榜: one tab per board the server offers this account, 本月 / 本年, paged,
with the user's own row (or their branch's) highlighted and always shown."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen

PAGE_SIZE = 200  # well under the 1,000 rows a DataTable page should hold


class BoardsScreen(PageScreen):
    TITLE_TEXT = strings.BOARDS_TITLE
    BINDINGS = [
        Binding("t", "period", "本月/本年"),
        Binding("n", "page(1)", "下一页"),
        Binding("p", "page(-1)", "上一页"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = "month"
        self.page = 1
        self.pages = 1
        self.current: str | None = None

    def body(self) -> ComposeResult:
        yield TabbedContent(id="boards")
        yield Static("", id="boards-message", classes="hint")

    def on_mount(self) -> None:
        self.load_boards()

    @work(exclusive=True, group="boards")
    async def load_boards(self) -> None:
        boards = await self.app.fetch(lambda client: client.boards())
        if boards is None:
            return
        if not boards:
            self.query_one("#boards-message", Static).update(strings.BOARD_NO_BOARDS)
            return
        tabs = self.query_one(TabbedContent)
        for b in boards:
            table: DataTable[str] = DataTable(
                id=f"table-{b.code}", cursor_type="row", zebra_stripes=True
            )
            table.add_columns(strings.COL_RANK, strings.COL_NAME, strings.COL_POINTS)
            await tabs.add_pane(
                TabPane(b.name, Static("", classes="board-line"), table, id=f"pane-{b.code}")
            )
        self.current = boards[0].code
        tabs.active = f"pane-{self.current}"
        self.load_page()

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        code = (event.pane.id or "").removeprefix("pane-")
        if code and code != self.current:
            self.current, self.page = code, 1
            self.load_page()

    def action_period(self) -> None:
        self.period = "year" if self.period == "month" else "month"
        self.page = 1
        self.load_page()

    def action_page(self, step: int) -> None:
        page = min(max(1, self.page + step), self.pages)
        if page != self.page:
            self.page = page
            self.load_page()

    @work(exclusive=True, group="page")
    async def load_page(self) -> None:
        code, period, page = self.current, self.period, self.page
        if code is None:
            return
        result = await self.app.fetch(lambda client: client.board(code, period, page, PAGE_SIZE))
        if result is not None and code == self.current:
            self.show(result)

    def show(self, result: schemas.BoardPage) -> None:
        pane = self.query_one(f"#pane-{result.board}", TabPane)
        line = pane.query_one(".board-line", Static)
        table = pane.query_one(DataTable)
        table.clear()
        self.pages = max(1, -(-result.total // result.size))
        if result.as_of is None or result.scope is None:
            line.update(strings.BOARD_NOT_YET)
            return
        period_name = strings.PERIOD_MONTH if result.period == "month" else strings.PERIOD_YEAR
        text = strings.BOARD_LINE.format(
            scope=result.scope.name,
            period=period_name,
            as_of=result.as_of,
            page=result.page,
            pages=self.pages,
        )
        if result.me is not None:
            mine = (
                strings.BOARD_ME if result.board.startswith("member") else strings.BOARD_ME_BRANCH
            )
            text += "\n" + mine.format(rank=result.me.rank, points=result.me.points)
        line.update(text)
        own_row = None
        for i, row in enumerate(result.rows):
            style = "bold reverse" if row.is_me else ""
            name = f"★ {row.name}" if row.is_me else row.name
            table.add_row(
                *(Text(v, style=style) for v in (str(row.rank), name, str(row.points))),
                key=str(row.subject_id),
            )
            if row.is_me:
                own_row = i
        if own_row is not None:
            table.move_cursor(row=own_row)
        table.focus()
