"""The branch admin's 经验交流 editor: title and text, saved as a draft (or the edit of a draft or
a returned post), and files uploaded as attachments, as with a meeting record."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static, TextArea

from contract import limits, schemas
from tui import strings
from tui.files import read_file
from tui.screens.base import PageScreen


class EditorScreen(PageScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("ctrl+t", "attach", "上传附件", priority=True),
    ]

    def __init__(self, post: schemas.ExchangeOut | None) -> None:
        super().__init__()
        self.post = post
        self.TITLE_TEXT = strings.EDITOR_EDIT_TITLE if post else strings.EDITOR_NEW_TITLE

    def body(self) -> ComposeResult:
        with Horizontal(classes="editor-row"):
            yield Label(strings.EDITOR_TITLE_LABEL)
            yield Input(self.post.title if self.post else "", id="editor-title", max_length=100)
        yield TextArea(self.post.body if self.post else "", id="editor-body", soft_wrap=True)
        with Horizontal(classes="editor-row"):
            yield Label(strings.EDITOR_PATH_LABEL)
            yield Input(id="editor-path", placeholder="/home/user/经验材料.docx")
        yield Static("", id="editor-attachments", classes="hint")
        yield Static(strings.EDITOR_HELP, classes="hint")

    def on_mount(self) -> None:
        self._list_attachments()
        self.query_one("#editor-title", Input).focus()

    def _list_attachments(self) -> None:
        names = [a.name for a in self.post.attachments] if self.post else []
        self.query_one("#editor-attachments", Static).update(
            strings.EDITOR_ATTACHMENTS.format(names="、".join(names)) if names else ""
        )

    async def _save(self) -> bool:
        title = self.query_one("#editor-title", Input).value
        text = self.query_one("#editor-body", TextArea).text
        post_id = self.post.id if self.post else None
        done = await self.app.fetch(lambda c: c.exchange_write(post_id, title, text))
        if done is None:
            return False
        self.post = done.post
        self.TITLE_TEXT = strings.EDITOR_EDIT_TITLE
        self.app.notify(done.message, timeout=3)
        return True

    async def action_save(self) -> None:
        if await self._save():
            self.app.pop_screen()

    async def action_attach(self) -> None:
        raw = self.query_one("#editor-path", Input).value.strip()
        if not raw:
            self.app.notify(strings.FILE_NEED_PATH, severity="warning")
            return
        path = Path(raw).expanduser()
        content, problem = await read_file(path, limits.MAX_ATTACHMENT_BYTES)
        if content is None:
            self.app.notify(problem or "", severity="error")
            return
        # A new post is saved first: an attachment belongs to a post the server has.
        if self.post is None and not await self._save():
            return
        assert self.post is not None
        post_id = self.post.id
        done = await self.app.fetch(lambda c: c.exchange_attach(post_id, path.name, content))
        if done is None:
            return
        self.app.notify(strings.EDITOR_ATTACHED.format(name=done.name), timeout=3)
        self.post = self.post.model_copy(update={"attachments": [*self.post.attachments, done]})
        self.query_one("#editor-path", Input).value = ""
        self._list_attachments()
