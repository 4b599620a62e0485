"""排行榜 and 爱心榜: one tab per board the server offers this account, 本月 / 本年, paged,
with the user's own row (or their branch's) highlighted and always shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen
from tui.screens.export_dialog import ExportKey

if TYPE_CHECKING:
    from api_client import GsdjClient

PAGE_SIZE = 200  # well under the 1,000 rows a DataTable page should hold


class BoardsScreen(ExportKey, PageScreen):
    TITLE_TEXT = strings.BOARDS_TITLE
    BINDINGS = [
        Binding("b", "board(1)", strings.BOARD_KEY_NEXT_SHORT),
        Binding("B", "board(-1)", strings.BOARD_KEY_PREVIOUS, show=False),
        Binding("t", "period", "月/年"),
        # Short: with F9 in a kiosk's footer everything must fit 80 columns.
        Binding("n", "page(1)", "下页"),
        Binding("p", "page(-1)", "上页"),
        Binding("e", "export", strings.EXPORT_KEY),
        # 操作指南 in short here: with E for admins the footer must still fit 80 columns.
        Binding("f1", "app.guide", strings.GUIDE_KEY_SHORT),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = "month"
        self.page = 1
        self.pages = 1
        self.current: str | None = None
        self.codes: list[str] = []  # the tabs, in order

    def body(self) -> ComposeResult:
        # The tabs (TabbedContent #boards) are mounted before this once the boards are known.
        yield Static("", id="boards-message", classes="hint")

    def on_mount(self) -> None:
        self.load_boards()
        self.ask_export()

    @work(exclusive=True, group="boards")
    async def load_boards(self) -> None:
        """The boards this account may see and the page of the first, asked together once the
        first board is known (from the cached answer, when there is one)."""

        async def request(
            client: GsdjClient,
        ) -> tuple[list[schemas.BoardInfo], schemas.BoardPage | None]:
            code, period, page = self.current, self.period, self.page
            if code is None:
                boards = await client.boards()
                if not boards:
                    return boards, None
                code = boards[0].code
                return boards, await client.board(code, period, page, PAGE_SIZE)
            return await client.gather(client.boards(), client.board(code, period, page, PAGE_SIZE))

        await self.app.fetch_fresh(request, self.show_boards)

    async def show_boards(
        self, answer: tuple[list[schemas.BoardInfo], schemas.BoardPage | None]
    ) -> None:
        boards, first = answer
        if not boards:
            self.query_one("#boards-message", Static).update(strings.BOARD_NO_BOARDS)
            return
        codes = [b.code for b in boards]
        if codes != self.codes:
            if self.current not in codes:
                self.current, self.page = codes[0], 1
            tabs = TabbedContent(id="boards", initial=f"pane-{self.current}")
            for b in boards:
                table: DataTable[str] = DataTable(
                    id=f"table-{b.code}", cursor_type="row", zebra_stripes=True
                )
                table.add_columns(strings.COL_RANK, strings.COL_NAME, strings.COL_POINTS)
                # As `with TabbedContent(): yield TabPane(…)` does: the whole tab bar is
                # composed in one mount (a pane at a time cost a layout pass each).
                tabs.compose_add_child(
                    TabPane(b.name, Static("", classes="board-line"), table, id=f"pane-{b.code}")
                )
            await self.query("#boards").remove()
            message = self.query_one("#boards-message", Static)
            await message.parent.mount(tabs, before=message)  # type: ignore[union-attr]
            self.codes = codes
        if first is not None and self.wanted(first):
            self.show(first)
        else:
            self.load_page()  # the board shown is not the one asked for: ask for it

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        code = (event.pane.id or "").removeprefix("pane-")
        if code and code in self.codes and code != self.current:
            self.current, self.page = code, 1
            self.load_page()

    def action_board(self, step: int) -> None:
        """The next (or previous) board's tab, round the end: keys in the footer for what
        Tab / Shift+Tab on the tab bar also do."""
        if not self.codes or self.current is None:
            return
        index = (self.codes.index(self.current) + step) % len(self.codes)
        self.query_one(TabbedContent).active = f"pane-{self.codes[index]}"

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

        def show(result: schemas.BoardPage) -> None:
            if self.wanted(result):
                self.show(result)

        await self.app.fetch_fresh(lambda c: c.board(code, period, page, PAGE_SIZE), show)

    def wanted(self, result: schemas.BoardPage) -> bool:
        """Still the board, period and page asked for (the user may have moved meanwhile)."""
        return (result.board, result.period, result.page) == (self.current, self.period, self.page)

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
