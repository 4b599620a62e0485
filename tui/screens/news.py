"""党建资讯: columns, a paged article list, and the third-party platforms. Open to visitors."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from tui import strings
from tui.format import when
from tui.screens.base import PageScreen

PAGE_SIZE = 20


class NewsScreen(PageScreen):
    TITLE_TEXT = strings.NEWS_TITLE
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

    def body(self) -> ComposeResult:
        with Horizontal(id="news"):
            yield OptionList(id="news-columns")
            with Vertical(id="news-right"):
                table: DataTable[str] = DataTable(
                    id="news-list", cursor_type="row", zebra_stripes=True
                )
                table.add_columns(strings.COL_TITLE, strings.COL_SOURCE, strings.COL_PUBLISHED)
                yield table
                yield Static("", id="news-page", classes="hint")

    def on_mount(self) -> None:
        self.load_columns()
        self.load_page()

    @work(exclusive=True, group="columns")
    async def load_columns(self) -> None:
        columns = await self.app.fetch(lambda client: client.columns())
        if columns is None:
            return
        options = self.query_one("#news-columns", OptionList)
        options.add_option(Option(strings.ALL_COLUMNS, id="all"))
        for c in columns:
            options.add_option(Option(f"{c.name}({c.articles})", id=str(c.id)))
        options.highlighted = 0

    @work(exclusive=True, group="articles")
    async def load_page(self) -> None:
        column, page = self.column, self.page
        result = await self.app.fetch(lambda client: client.articles(column, page, PAGE_SIZE))
        if result is None:
            return
        self.pages = max(1, -(-result.total // PAGE_SIZE))
        table = self.query_one("#news-list", DataTable)
        table.clear()
        for a in result.items:
            published = when(a.published_at)
            table.add_row(a.title, a.source, published, key=str(a.id))
        status = strings.PAGE_LINE.format(page=self.page, pages=self.pages, total=result.total)
        self.query_one("#news-page", Static).update(status if result.items else strings.NO_ARTICLES)
        table.focus()

    @on(OptionList.OptionHighlighted, "#news-columns")
    def _column(self, event: OptionList.OptionHighlighted) -> None:
        column = None if event.option.id == "all" else int(event.option.id or 0)
        if column != self.column:
            self.column, self.page = column, 1
            self.load_page()

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
