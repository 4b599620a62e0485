"""党建资讯: columns, a paged article list, and the third-party platforms. Open to visitors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen, refill, row_detail, show_detail
from tui.widgets.fit_table import Col, FitTable

if TYPE_CHECKING:
    from api_client import GsdjClient

PAGE_SIZE = 20


class NewsScreen(PageScreen):
    TITLE_TEXT = strings.NEWS_TITLE
    AUTO_FOCUS = "#news-list"  # where the rows put it: no second focus (and footer) change
    RELOAD_WHEN_ONLINE = True
    BINDINGS = [
        Binding("n", "page(1)", "下一页"),
        Binding("p", "page(-1)", "上一页"),
        Binding("x", "third_party", "第三方平台"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.column: int | None = None
        self.page = 1
        self.pages = 1
        self.columns: list[schemas.ColumnOut] | None = None  # as shown

    def body(self) -> ComposeResult:
        with Horizontal(id="news"):
            yield OptionList(id="news-columns")
            with Vertical(id="news-right"):
                # The time never gives way (at 80 columns it was pushed off the right edge and
                # only the title and the source showed); the title and the source are cut with
                # "…" and the row under the cursor is whole under the list.
                yield FitTable(
                    Col(strings.COL_TITLE, 12), Col(strings.COL_SOURCE, 4),
                    strings.COL_PUBLISHED, id="news-list",
                )  # fmt: skip
                yield row_detail()
                yield Static("", id="news-page", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="open")
    async def load(self) -> None:
        """The columns and the first page, asked together: cached first, then the server's."""
        column, page = self.column, self.page

        async def both(
            client: GsdjClient,
        ) -> tuple[list[schemas.ColumnOut], schemas.ArticlePage]:
            return await client.gather(client.columns(), client.articles(column, page, PAGE_SIZE))

        def show(answer: tuple[list[schemas.ColumnOut], schemas.ArticlePage]) -> None:
            self.show_columns(answer[0])
            if (column, page) == (self.column, self.page):  # not since moved to another page
                self.show_page(answer[1])

        await self.app.fetch_fresh(both, show)

    @work(exclusive=True, group="articles")
    async def load_page(self) -> None:
        column, page = self.column, self.page
        await self.app.fetch_fresh(
            lambda client: client.articles(column, page, PAGE_SIZE), self.show_page
        )

    def show_columns(self, columns: list[schemas.ColumnOut]) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        options = self.query_one("#news-columns", OptionList)
        options.set_options(
            [
                Option(strings.ALL_COLUMNS, id="all"),
                *(Option(f"{c.name}({c.articles})", id=str(c.id)) for c in columns),
            ]
        )
        ids = [None, *(c.id for c in columns)]
        options.highlighted = ids.index(self.column) if self.column in ids else 0

    def show_page(self, result: schemas.ArticlePage) -> None:
        self.pages = max(1, -(-result.total // PAGE_SIZE))
        table = self.query_one("#news-list", DataTable)
        refill(
            table, [(str(a.id), (a.title, a.source, when(a.published_at))) for a in result.items]
        )
        show_detail(self, table)
        status = strings.PAGE_LINE.format(page=self.page, pages=self.pages, total=result.total)
        self.query_one("#news-page", Static).update(status if result.items else strings.NO_ARTICLES)

    @on(OptionList.OptionHighlighted, "#news-columns")
    def _column(self, event: OptionList.OptionHighlighted) -> None:
        column = None if event.option.id == "all" else int(event.option.id or 0)
        if column != self.column:
            self.column, self.page = column, 1
            self.load_page()

    @on(DataTable.RowHighlighted, "#news-list")
    def _detail(self, event: DataTable.RowHighlighted) -> None:
        show_detail(self, event.data_table)

    @on(DataTable.RowSelected, "#news-list")
    def _open(self, event: DataTable.RowSelected) -> None:
        from tui.screens.article import ArticleScreen

        self.app.push_screen(ArticleScreen(int(event.row_key.value or 0)))

    def action_page(self, step: int) -> None:
        page = min(max(1, self.page + step), self.pages)
        if page != self.page:
            self.page = page
            self.load_page()

    def action_third_party(self) -> None:
        from tui.screens.third_party import ThirdPartyScreen

        self.app.push_screen(ThirdPartyScreen())
