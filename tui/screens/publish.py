"""内容发布 (issue 16): a file path first (a publisher comes to publish a file: the cursor starts
there) that loads an article (.md), a paper (.xlsx, .csv, .toml) or a course (.toml with
[[videos]]) and publishes it (or saves a draft); under it the content the caller's org owns,
with its state in words (草稿, 已发布, 已撤回); the row under the cursor is withdrawn (after a
question that names it) or published again. The server checks everything; its refusal is shown
in place."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Awaitable
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.widgets import Input, Label, Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import TableScreen, row_detail
from tui.widgets.confirm import Confirm
from tui.widgets.fit_table import Col


def kind_of(path: Path, text: str | None) -> str | None:
    """Which kind of content a file holds, by its name (and a TOML's [[videos]])."""
    suffix = path.suffix.lower()
    if suffix == ".md":
        # A standard's header names its 领域 (学标对标, issue 18); an article's does not.
        head = (text or "").lstrip("\ufeff").replace("\r\n", "\n").split("\n")[:12]
        if (
            head
            and head[0].strip() == "---"
            and any(re.match(r"^\s*(领域|field)\s*[::]", x) for x in head[1:])
        ):
            return "standard"
        return "article"
    if suffix in (".xlsx", ".csv"):
        return "paper"
    if suffix == ".toml":
        return "course" if text is not None and "[[videos]]" in text else "paper"
    return None


class PathField(Input, inherit_bindings=False):
    """The path field without Input's Ctrl+W (delete the word before the cursor): here Ctrl+W
    is 撤回, from the field too, where the cursor starts; Ctrl+U still clears the field."""

    BINDINGS = [
        *ScrollableContainer.BINDINGS,
        *(b for b in Input.BINDINGS if not (isinstance(b, Binding) and b.key == "ctrl+w")),
    ]


class PublishScreen(TableScreen):
    DEFAULT_CSS = """
    PublishScreen #published { height: auto; max-height: 8; }
    PublishScreen #publish-message { height: auto; }
    """
    TITLE_TEXT = strings.PUBLISH_TITLE
    AUTO_FOCUS = "#publish-path"
    TABLE_ID = "published"
    COLUMNS = (
        strings.COL_KIND,
        Col(strings.COL_TITLE, 10),
        strings.COL_STATE,
        strings.COL_PUBLISHED,
    )
    BINDINGS = [
        Binding("ctrl+o", "send(False)", "发布"),
        Binding("ctrl+s", "send(True)", "存草稿"),
        Binding("ctrl+w", "withdraw", "撤回"),
        Binding("ctrl+r", "move('publish')", "重发"),
    ]

    rows: dict[str, schemas.PublishedOut] = {}  # noqa: RUF012 (replaced, never mutated)

    def body(self) -> ComposeResult:
        yield Label(strings.PUBLISH_PATH, classes="field-label")
        yield PathField(placeholder=strings.PUBLISH_PATH_PLACEHOLDER, id="publish-path")
        yield Static("", id="publish-message")
        yield self.make_table()
        yield row_detail()

    def on_mount(self) -> None:
        self.load()

    def say(self, message: str, *, error: bool) -> None:
        line = self.query_one("#publish-message", Static)
        line.update(message)
        line.set_class(error, "error")

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        got = await self.app.fetch(lambda c: c.published_mine())
        if got is None:
            return
        self.rows = {f"{p.kind}:{p.id}": p for p in got}
        self.refill(
            [
                (
                    key,
                    (
                        strings.PUBLISH_KINDS.get(p.kind, p.kind),
                        p.title,
                        p.state_name,
                        when(p.published_at) if p.published_at else "—",
                    ),
                )
                for key, p in self.rows.items()
            ],
            focus=False,  # the cursor stays where the publisher types (or chose a row)
        )
        if not got:
            self.say(strings.PUBLISH_EMPTY, error=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_send(False)

    @work(exclusive=True, group="publish")
    async def action_send(self, draft: bool) -> None:
        raw = self.query_one("#publish-path", Input).value.strip()
        if not raw:
            self.say(strings.PUBLISH_NO_PATH, error=True)
            return
        path = Path(raw).expanduser()
        if not await asyncio.to_thread(path.is_file):
            self.say(strings.PUBLISH_NO_FILE.format(path=raw), error=True)
            return
        try:
            data = await asyncio.to_thread(path.read_bytes)  # off the event loop
            text = None if path.suffix.lower() == ".xlsx" else data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            self.say(strings.PUBLISH_UNREADABLE.format(path=raw), error=True)
            return
        kind = kind_of(path, text)
        if kind is None:
            self.say(strings.PUBLISH_BAD_KIND.format(name=path.name), error=True)
            return
        if self.app.connection != "online":
            self.say(strings.PUBLISH_OFFLINE, error=True)
            return
        self.say(strings.PUBLISH_SENDING, error=False)
        client = self.app.session.client
        if kind == "standard":
            call = client.load_standard(text or "")
        elif kind == "article":
            call = client.publish_article(text or "", draft)
        elif kind == "course":
            call = client.publish_course(text or "", draft)
        elif text is None:
            encoded = base64.b64encode(data).decode()
            call = client.publish_paper(path.name, encoded, base64=True, draft=draft)
        else:
            call = client.publish_paper(path.name, text, base64=False, draft=draft)
        if await self._send(call):
            # Published: the field is emptied, so that Ctrl+O again does not publish it twice.
            self.query_one("#publish-path", Input).value = ""

    def action_withdraw(self) -> None:
        """撤回 asks first, naming what goes and saying that the points earned stay."""
        item = self.rows.get(self.cursor_key() or "")
        if item is None:
            self.say(strings.PUBLISH_NO_ROW, error=True)
            return
        if item.state == "withdrawn":  # nothing to lose: the server says it cannot, in place
            self.action_move("withdraw")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.action_move("withdraw")

        kind = strings.PUBLISH_KINDS.get(item.kind, item.kind)
        question = strings.PUBLISH_CONFIRM_WITHDRAW.format(kind=kind, title=item.title)
        self.app.push_screen(Confirm(question), answered)

    @work(exclusive=True, group="publish")
    async def action_move(self, action: str) -> None:
        item = self.rows.get(self.cursor_key() or "")
        if item is None:
            self.say(strings.PUBLISH_NO_ROW, error=True)
            return
        await self._send(self.app.session.client.publish_move(item.kind, item.id, action))

    async def _send(self, call: Awaitable[schemas.PublishedOut | schemas.StandardLoadOut]) -> bool:
        """One change to the server: its answer (or refusal, or the server gone) said in place,
        then the list again. True when the server took it."""
        from api_client import ApiError, ServerUnreachable

        try:
            out = await call
        except ServerUnreachable:
            self.app.went_offline()
            self.say(strings.PUBLISH_OFFLINE, error=True)
            return False
        except ApiError as exc:
            if exc.status == 401:
                self.app.handle_api_error(exc)
            else:
                self.say(exc.message, error=True)
            return False
        said = (
            out.message
            if isinstance(out, schemas.StandardLoadOut)
            else f"{out.message}:{out.title}"
        )
        self.say(said, error=False)
        self.load()
        return True
