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
from tui.widgets.ask import in_worker
from tui.widgets.choose import Choose
from tui.widgets.confirm import Confirm


class EditorScreen(PageScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("ctrl+t", "attach", "上传附件", priority=True),
        Binding("ctrl+g", "remove_attachment", "删除附件", priority=True),
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_attachment":
            return self.post is not None and bool(self.post.attachments)
        return True

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
        self.refresh_bindings()

    def action_remove_attachment(self) -> None:
        """Ctrl+G (Ctrl+D deletes a character in the text): which attachment (when there
        are several), asked again (Y / N), then gone."""
        post = self.post
        if post is None or not post.attachments:
            return
        names = {a.id: a.name for a in post.attachments}

        async def remove(attachment_id: int) -> None:
            async def answered(yes: bool | None) -> None:
                if not yes or self.post is None:
                    return
                post_id = self.post.id
                done = await self.app.fetch(
                    lambda c: c.exchange_remove_attachment(post_id, attachment_id)
                )
                if done is None:
                    return
                self.app.notify(done.message, timeout=3)
                self.post = self.post.model_copy(update={"attachments": done.post.attachments})
                self._list_attachments()
                self.refresh_bindings()

            question = strings.EDITOR_ASK_REMOVE.format(name=names[attachment_id])
            self.app.push_screen(Confirm(question), in_worker(self.app, answered))

        if len(names) == 1:
            self.app.run_worker(remove(next(iter(names))), group="dialog-answer")
            return

        async def chosen(key: str | None) -> None:
            if key:
                await remove(int(key))

        choices = [(str(i), n) for i, n in names.items()]
        self.app.push_screen(
            Choose(strings.EDITOR_WHICH_ATTACHMENT, choices), in_worker(self.app, chosen)
        )
