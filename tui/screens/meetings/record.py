"""会议记录 / 党课总结: the record editor, with files loaded as text or uploaded as attachments."""

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


class RecordScreen(PageScreen):
    """The record (or the 党课 summary): typed in a TextArea or loaded from a file; files can
    also go up as attachments."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("ctrl+s", "save", "保存", priority=True),
        Binding("ctrl+l", "load_file", "载入文件", priority=True),
        Binding("ctrl+t", "attach", "上传附件", priority=True),
        # TextArea has no keys for the ends of the text; a sentence added must land at the end.
        Binding("ctrl+home", "to_start", "到开头", show=False, priority=True),
        Binding("ctrl+end", "to_end", "到末尾", show=False, priority=True),
    ]

    def __init__(self, meeting: schemas.MeetingOut, what: str) -> None:
        super().__init__()
        self.meeting = meeting
        self.what = what  # record or summary
        self.TITLE_TEXT = strings.RECORD_TITLE if what == "record" else strings.SUMMARY_TITLE

    def body(self) -> ComposeResult:
        yield Static(self.meeting.title, classes="hint")
        text = self.meeting.record_text if self.what == "record" else self.meeting.summary_text
        yield TextArea(text or "", id="record-editor", soft_wrap=True)
        with Horizontal(id="record-path-row"):
            yield Label(strings.RECORD_PATH)
            yield Input(id="record-path", placeholder="/home/user/会议记录.txt")
        yield Static(f"{strings.RECORD_HELP}\n{strings.RECORD_KEYS}", classes="hint")

    def on_mount(self) -> None:
        # Opens at the end of the text: what is typed next follows what is already there.
        self.action_to_end()

    def action_to_start(self) -> None:
        editor = self.query_one("#record-editor", TextArea)
        editor.move_cursor((0, 0))
        editor.focus()

    def action_to_end(self) -> None:
        editor = self.query_one("#record-editor", TextArea)
        editor.move_cursor(editor.document.end)
        editor.focus()

    def _path(self) -> Path | None:
        raw = self.query_one("#record-path", Input).value.strip()
        if not raw:
            self.app.notify(strings.FILE_NEED_PATH, severity="warning")
            return None
        return Path(raw).expanduser()

    async def _read(self) -> tuple[Path, bytes] | None:
        path = self._path()
        if path is None:
            return None
        content, problem = await read_file(path, limits.MAX_ATTACHMENT_BYTES)
        if content is None:
            self.app.notify(problem or "", severity="error")
            return None
        return path, content

    async def action_load_file(self) -> None:
        found = await self._read()
        if found is None:
            return
        path, content = found
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            self.app.notify(strings.FILE_NOT_TEXT, severity="error")
            return
        self.query_one("#record-editor", TextArea).load_text(text)
        self.app.notify(strings.RECORD_LOADED.format(name=path.name), timeout=3)

    async def action_attach(self) -> None:
        found = await self._read()
        if found is None:
            return
        path, content = found
        done = await self.app.fetch(lambda c: c.attach(self.meeting.id, path.name, content))
        if done is not None:
            self.app.notify(strings.RECORD_ATTACHED.format(name=done.name), timeout=3)

    async def action_save(self) -> None:
        text = self.query_one("#record-editor", TextArea).text
        done = await self.app.fetch(
            lambda c: c.meeting_step(self.meeting.id, self.what, {"text": text})
        )
        if done is not None:
            self.app.notify(done.message, timeout=3)
            self.app.pop_screen()
