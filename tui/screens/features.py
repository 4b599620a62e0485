"""功能权限: which subsystems and modules this account may use, as the server decides."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult

from contract import schemas
from tui import strings
from tui.screens.base import TableScreen


class FeaturesScreen(TableScreen):
    TITLE_TEXT = strings.FEATURES_TITLE
    TABLE_ID = "features"
    COLUMNS = (strings.COL_FEATURE, strings.COL_ACCESS, strings.COL_REASON)

    def body(self) -> ComposeResult:
        yield self.make_table()

    def on_mount(self) -> None:
        self.table.loading = True
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda client: client.features(), self.show)

    def show(self, features: list[schemas.FeatureAccess]) -> None:
        self.refill(
            [
                (
                    f.code,
                    (
                        f.name,
                        strings.ALLOWED if f.allowed else strings.NOT_ALLOWED,
                        f.message or "",
                    ),
                )
                for f in features
            ]
        )
        self.table.loading = False
