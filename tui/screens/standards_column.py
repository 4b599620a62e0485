"""标准化专栏: the articles and standards items the province picked, in its order. Enter opens an
article, or 学标对标 on an item's field with the cursor on it (its text is under the table too). The 省委组织部 admin (the server's `may_curate`)
adds an article it published (A), removes an entry (D) and moves one up or down ([ / ])."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from contract import schemas
from tui import strings
from tui.screens.base import TableScreen, row_detail
from tui.widgets.ask import in_worker
from tui.widgets.choose import Choose
from tui.widgets.confirm import Confirm
from tui.widgets.fit_table import Col


class StandardsColumnScreen(TableScreen):
    TITLE_TEXT = strings.STANDARDS_COLUMN_TITLE
    TABLE_ID = "column-entries"
    DEFAULT_CSS = """
    StandardsColumnScreen #column-entries { height: auto; max-height: 60vh; }
    """
    COLUMNS = ("#", strings.COL_KIND, Col(strings.COL_TITLE, 8), Col(strings.COL_FROM, 6))
    BINDINGS = [
        Binding("a", "add", "加入文章"),
        Binding("d", "remove", "移出"),
        Binding("left_square_bracket", "move(-1)", "上移"),
        Binding("right_square_bracket", "move(1)", "下移"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.column: schemas.StandardsColumnOut | None = None
        self.entries: dict[str, schemas.StandardsColumnEntryOut] = {}

    def body(self) -> ComposeResult:
        yield Static("", id="column-empty", classes="hint")
        yield self.make_table()
        yield row_detail()

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "remove", "move"):
            return self.column is not None and self.column.may_curate
        return True

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.standards_column(), self.show)

    def show(self, col: schemas.StandardsColumnOut) -> None:
        self.column = col
        self.entries = {str(e.id): e for e in col.entries}
        self.query_one("#column-empty", Static).update("" if col.entries else strings.COLUMN_EMPTY)
        kinds = {"article": strings.COLUMN_KIND_ARTICLE, "item": strings.COLUMN_KIND_ITEM}
        self.refill(
            [
                (str(e.id), (str(n), kinds.get(e.kind, e.kind), e.title, e.detail))
                for n, e in enumerate(col.entries, 1)
            ]
        )
        self.refresh_bindings()

    def update_detail(self) -> None:
        found = self.query("#row-detail")
        entry = self.entries.get(self.cursor_key() or "")
        if found and entry is not None:
            text = f"{entry.detail} {entry.title}:{entry.text}" if entry.kind == "item" else ""
            found.first(Static).update(text or f"{entry.title}({entry.detail})")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        entry = self.entries.get(event.row_key.value or "")
        if entry is not None and entry.article_id is not None:
            from tui.screens.article import ArticleScreen

            self.app.push_screen(ArticleScreen(entry.article_id))
        elif entry is not None and entry.item_id is not None:
            from tui.screens.standards import StandardsItemScreen

            self.app.push_screen(StandardsItemScreen(entry.field, entry.item_id))

    async def _apply(self, call, note: str) -> None:  # type: ignore[no-untyped-def]
        answer = await self.app.fetch(call)
        if answer is not None:
            self.show(answer)
            self.notify(note)

    def action_add(self) -> None:
        async def pick() -> None:
            mine = await self.app.fetch(lambda c: c.published_mine())
            if mine is None:
                return
            taken = {e.article_id for e in self.entries.values()}
            choices = [
                (str(p.id), p.title)
                for p in mine
                if p.kind == "article" and p.state == "published" and p.id not in taken
            ]

            async def chosen(key: str | None) -> None:
                if key is not None:
                    await self._apply(
                        lambda c: c.column_add(article_id=int(key)), strings.STD_ADDED
                    )

            self.app.push_screen(
                Choose(strings.COLUMN_ASK_ARTICLE, choices), in_worker(self.app, chosen)
            )

        self.app.run_worker(pick(), group="dialog-answer")

    def action_remove(self) -> None:
        key = self.cursor_key()
        entry = self.entries.get(key or "")
        if key is None or entry is None:
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._apply(lambda c: c.column_remove(int(key)), strings.COLUMN_REMOVED)

        self.app.push_screen(
            Confirm(strings.COLUMN_ASK_REMOVE.format(title=entry.title)),
            in_worker(self.app, answered),
        )

    def action_move(self, step: int) -> None:
        key = self.cursor_key()
        if key is None:
            return
        order = list(self.entries)
        position = order.index(key) + 1 + step
        if not 1 <= position <= len(order):
            return

        async def move() -> None:
            await self._apply(lambda c: c.column_move(int(key), position), strings.COLUMN_MOVED)
            self.table.move_cursor(row=position - 1)

        self.app.run_worker(move(), group="dialog-answer")
