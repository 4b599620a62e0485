"""第三方学习平台: a jump to one of them is recorded (and earns points) before the link is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from contract import schemas
from tui import strings
from tui.widgets.fit_table import clip

if TYPE_CHECKING:
    from tui.protocol import AppLike


class ThirdPartyScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    ThirdPartyScreen { align: center middle; }
    ThirdPartyScreen > Vertical {
        width: 76; max-width: 100%; height: auto; border: thick $accent; background: $surface;
        padding: 0 1;
    }
    ThirdPartyScreen OptionList { height: auto; max-height: 12; }
    """
    BINDINGS = [Binding("escape", "dismiss", "关闭")]

    app: AppLike  # type: ignore[assignment]

    urls: dict[str, str] = {}
    names: dict[str, str] = {}  # noqa: RUF012 (replaced, never mutated): what 同步 calls a visit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(strings.THIRD_PARTY_TITLE)
            yield OptionList(id="links")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda client: client.third_party(), self.show)

    def show(self, links: list[schemas.ThirdPartyLink]) -> None:
        self.urls = {link.code: link.url for link in links}
        self.names = {link.code: link.name for link in links}
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        # Names padded by display width so the addresses line up; a line never wraps (cut "…").
        name_width = max((cell_len(link.name) for link in links), default=0)
        room = min(76, self.app.size.width) - 2 - 2 - 2 - 2  # border, padding, scrollbar, gap
        options.set_options(
            [
                Option(
                    clip(
                        f"{link.name}{' ' * (name_width - cell_len(link.name))}  {link.url}", room
                    ),
                    id=link.code,
                )
                for link in links
            ]
        )
        options.highlighted = min(highlighted or 0, len(links) - 1) if links else None
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.visit(event.option.id or "")

    @work(exclusive=True)
    async def visit(self, code: str) -> None:
        if self.app.session.account is None:
            self.app.notify(strings.NEED_LOGIN, severity="warning")
            return
        outcome = await self.app.mutate("third_party", {"code": code}, self.names.get(code))
        if outcome.status in ("rejected", "refused"):
            self.app.notify(outcome.message, severity="error")
            return
        url = outcome.result.get("url") or self.urls.get(code, "")
        self.app.notify(f"{outcome.message}\n{strings.LINK_OPENED.format(url=url)}", timeout=6)
        self.dismiss()
