"""One 先锋模范 item: text, contact, image, state, history and the keys it offers."""

from __future__ import annotations

import asyncio
import base64
import tempfile
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen
from tui.screens.vanguard.actions import KEYS, pick, take


class ItemScreen(PageScreen):
    """One item: its text, contact (inside the branch), image, state, history and its keys."""

    TITLE_TEXT = strings.VANGUARD_TITLE
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("o", "image", "查看图片"),
        *(Binding(k, f"act('{k}')", show=False) for k in KEYS),
    ]

    def __init__(self, kind: str, item_id: int) -> None:
        super().__init__()
        self.kind, self.item_id = kind, item_id
        self.item: schemas.VanguardItemOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="item-head")
        yield Static("", id="item-meta", classes="hint")
        yield Static("", id="item-body")
        yield Static("", id="item-keys", classes="hint")
        yield Label("", id="item-history", classes="hint")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        item = await self.app.fetch(lambda c: c.vanguard_item(self.kind, self.item_id))
        if item is None:
            return
        self.item = item
        self.query_one("#item-head", Static).update(Text(item.title, style="bold"))
        claimer = strings.VANGUARD_CLAIMER.format(claimer=item.claimer) if item.claimer else ""
        self.query_one("#item-meta", Static).update(
            strings.VANGUARD_META.format(
                kind=item.kind_name,
                state=item.state_name,
                branch=item.branch.name,
                poster=item.poster,
                claimer=claimer,
            )  # fmt: skip
        )
        body = Text(item.body)
        if item.contact:
            body.append("\n" + strings.VANGUARD_CONTACT.format(contact=item.contact))
        if item.reason:
            body.append("\n" + strings.VANGUARD_REASON_LINE.format(reason=item.reason), style="red")
        if item.image_type:
            body.append("\n" + strings.VANGUARD_IMAGE.format(type=item.image_type), style="dim")
        self.query_one("#item-body", Static).update(body)
        keys = [strings.VANGUARD_KEYS[a] for a in item.actions]
        self.query_one("#item-keys", Static).update(" · ".join(keys))
        history = "\n".join(f"{when(e.at)}  {e.name}  {e.actor}" + (f"  {e.note}" if e.note else "")
                            for e in item.history)  # fmt: skip
        self.query_one("#item-history", Label).update(history)

    def action_act(self, key: str) -> None:
        action = pick(self.item, key) if self.item else None
        if self.item is not None and action is not None:
            # In a worker: a member's action waits for the server (or its timeout).
            self.run_worker(take(self.app, self.item, action, self.load), group="act")

    async def action_image(self) -> None:
        """Save the 随手拍 image to a file and hand it to the system viewer (the path is shown)."""
        if self.item is None or not self.item.image_type:
            return
        got = await self.app.fetch(lambda c: c.snapshot_image(self.item_id))
        if got is None:
            return
        suffix = "." + got.image_type.split("/")[-1]
        path = Path(tempfile.gettempdir()) / f"gsdj-snapshot-{self.item_id}{suffix}"
        await asyncio.to_thread(path.write_bytes, base64.b64decode(got.content_base64))
        self.app.notify(strings.VANGUARD_IMAGE_SAVED.format(path=path), timeout=6)
        self.app.open_url(path.as_uri())
