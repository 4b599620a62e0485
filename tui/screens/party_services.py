"""党群服务 (no login needed, SPEC §2): the 心愿树 (先锋模范's, opened here), the service
information and the sites — the 党建站群 and the 14 市州 — from the server's data. An address
opens in the system browser when there is one (tui.browser), else it is shown to copy."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from contract import schemas
from tui import browser, strings
from tui.screens.base import TableScreen
from tui.widgets.address import AddressDialog
from tui.widgets.fit_table import Col

# Entries that open a screen of this terminal instead of an address.
IN_TERMINAL = {"wish_tree": "vanguard"}


class PartyServicesScreen(TableScreen):
    # The list leaves room at 80×24 for the highlighted entry in full under it.
    DEFAULT_CSS = """
    PartyServicesScreen #services { height: auto; max-height: 12; }
    PartyServicesScreen #services-detail {
        height: auto; margin-top: 1; padding: 0 1; border-left: thick $accent;
    }
    """
    TITLE_TEXT = strings.PARTY_SERVICES_TITLE
    TABLE_ID = "services"
    COLUMNS = (strings.COL_SERVICE_GROUP, Col(strings.COL_NAME, 8), Col(strings.COL_ADDRESS, 10))

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, schemas.PartyServiceOut] = {}

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield Static("", id="services-detail", markup=False)
        yield Static(strings.PARTY_SERVICES_HELP, classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.party_services(), self.show)

    def show(self, answer: schemas.PartyServicesOut) -> None:
        self.entries = {e.code: e for e in answer.entries}
        self.refill(
            [
                (e.code, (e.group, e.name,
                          strings.PARTY_SERVICES_WISH if e.code in IN_TERMINAL
                          else e.address or ""))
                for e in answer.entries
            ]
        )  # fmt: skip
        self._detail(self.cursor_key())

    @on(DataTable.RowHighlighted, "#services")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.row_key.value)

    def _detail(self, key: str | None) -> None:
        entry = self.entries.get(key or "")
        text = ""
        if entry is not None:
            text = f"{entry.name}\n{entry.text}" + (f"\n{entry.address}" if entry.address else "")
        self.query_one("#services-detail", Static).update(text)

    @on(DataTable.RowSelected, "#services")
    async def _open(self, event: DataTable.RowSelected) -> None:
        entry = self.entries.get(event.row_key.value or "")
        if entry is None:
            return
        if entry.code in IN_TERMINAL:
            await self.app.run_action(f"open('{IN_TERMINAL[entry.code]}')")
            return
        if entry.address is None:
            return
        if self.app.is_web or browser.available():
            # Under textual-serve the page's own browser opens it (Textual's web driver).
            self.app.open_url(entry.address)
            self.app.notify(strings.PARTY_OPENED.format(name=entry.name), timeout=3)
        else:
            self.app.push_screen(AddressDialog(entry.name, entry.address))
