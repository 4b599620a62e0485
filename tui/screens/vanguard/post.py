"""发布: a wish, a donation or a 随手拍 (with an image by path), through the outbox."""

from __future__ import annotations

import base64
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from contract.limits import MAX_IMAGE_BYTES, image_type
from tui import strings
from tui.files import read_file
from tui.screens.base import PageScreen


class PostScreen(PageScreen):
    """发布: title and text; a contact for wishes (and the branch, for the public); an image file
    for 随手拍. Goes through the outbox, so it works offline."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "取消"),
        Binding("ctrl+s", "send", "发布", priority=True),
    ]

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.TITLE_TEXT = strings.VANGUARD_POST_TITLE.format(kind=strings.VANGUARD_TABS[kind])

    def body(self) -> ComposeResult:
        with Vertical(id="post-form"):
            yield Label(strings.FORM_VTITLE)
            yield Input(max_length=100, id="post-title")
            yield Label(strings.FORM_BODY)
            yield TextArea(id="post-body", soft_wrap=True)
            if self.kind == "wish":
                yield Label(strings.FORM_CONTACT)
                yield Input(max_length=100, id="post-contact")
                yield Label(strings.FORM_BRANCH, id="post-branch-label")
                yield Select[int]([], id="post-branch", prompt=strings.FORM_BRANCH)
            if self.kind == "snapshot":
                yield Label(strings.FORM_IMAGE)
                yield Input(id="post-image", placeholder="/home/user/照片.jpg")
        yield Static("", id="post-error", classes="error")
        yield Static(strings.VANGUARD_FORM_HELP, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#post-title", Input).focus()
        if self.kind == "wish":
            public = (
                self.app.session.account is not None and self.app.session.account.kind == "public"
            )
            for selector in ("#post-branch", "#post-branch-label"):
                self.query_one(selector).display = public
            if public:
                self.load_branches()

    @work(exclusive=True, group="load")
    async def load_branches(self) -> None:
        branches = await self.app.fetch(lambda c: c.vanguard_branches())
        if branches is not None:
            self.query_one("#post-branch", Select).set_options([(b.name, b.id) for b in branches])

    def _error(self, message: str) -> None:
        self.query_one("#post-error", Static).update(message)

    async def action_send(self) -> None:
        title = self.query_one("#post-title", Input).value.strip()
        body = self.query_one("#post-body", TextArea).text.strip()
        if not title or not body:
            self._error(strings.VANGUARD_NEED)
            return
        args: dict[str, object] = {"kind": self.kind, "title": title, "body": body}
        if self.kind == "wish":
            args["contact"] = self.query_one("#post-contact", Input).value.strip() or None
            if self.query_one("#post-branch").display:
                branch = self.query_one("#post-branch", Select).value
                if not isinstance(branch, int):
                    self._error(strings.VANGUARD_NEED_BRANCH)
                    return
                args["branch_id"] = branch
        if self.kind == "snapshot":
            raw = self.query_one("#post-image", Input).value.strip()
            if raw:
                image = await self._image(Path(raw).expanduser())
                if image is None:
                    return
                args["image_base64"] = base64.b64encode(image).decode()
        outcome = await self.app.mutate("vanguard_post", args)
        if outcome.status in ("rejected", "refused"):
            self._error(outcome.message)
            return
        self.app.notify(outcome.message, timeout=4)
        self.app.pop_screen()

    async def _image(self, path: Path) -> bytes | None:
        content, problem = await read_file(path, MAX_IMAGE_BYTES)
        if content is not None and image_type(content) is None:
            problem = strings.IMAGE_NOT_IMAGE
        if problem is not None:
            self._error(problem)
            return None
        return content
