"""One 经验交流 post: its text, attachments, likes and comments, the review history (for the
branch and its upper org) and the keys of what the server says this account may do now."""

from __future__ import annotations

import asyncio
import base64
import tempfile
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from contract import schemas
from tui import strings
from tui.format import when
from tui.screens.base import PageScreen
from tui.widgets.ask import AskText, in_worker
from tui.widgets.choose import Choose
from tui.widgets.confirm import Confirm

# key → the server's action it takes (shown only while the post's `actions` has it)
KEYS = {
    "e": "edit",
    "b": "submit",
    "a": "approve",
    "r": "reject",
    "w": "withdraw",
    "l": "like",
    "c": "comment",
}
_ACTION_OF = {f"key_{k}": a for k, a in KEYS.items()}


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.0f} KiB"


class ExchangePostScreen(PageScreen):
    DEFAULT_CSS = """
    ExchangePostScreen #exchange-body { margin: 1 0; }
    ExchangePostScreen #exchange-comments { margin-top: 1; }
    """
    TITLE_TEXT = strings.EXCHANGE_TITLE
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        *(
            Binding(k, f"key_{k}", strings.EXCHANGE_KEYS[a].split(" ", 1)[1])
            for k, a in KEYS.items()
        ),
        Binding("o", "open_attachment", "打开附件"),
    ]

    def __init__(self, post_id: int) -> None:
        super().__init__()
        self.post_id = post_id
        self.post: schemas.ExchangeOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="exchange-head")
        yield Static("", id="exchange-meta", classes="hint")
        yield Static("", id="exchange-body")
        yield Static("", id="exchange-extra", classes="hint")
        yield Static("", id="exchange-comments")

    def on_screen_resume(self) -> None:
        self.load()  # the first show, and after the editor

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.exchange_post(self.post_id), self.show)

    def show(self, post: schemas.ExchangeOut) -> None:
        self.post = post
        self.query_one("#exchange-head", Static).update(Text(post.title, style="bold"))
        meta = strings.EXCHANGE_META.format(
            branch=post.branch.name, state=post.state_name, round=post.round, likes=post.likes,
            comments=post.comments,
        )  # fmt: skip
        if post.published_at:
            meta += strings.EXCHANGE_PUBLISHED_AT.format(when=when(post.published_at))
        if post.liked:
            meta += strings.EXCHANGE_LIKED_MARK
        self.query_one("#exchange-meta", Static).update(meta)
        body = Text(post.body)
        if post.reason and post.state == "rejected":
            body.append("\n" + strings.EXCHANGE_REASON_LINE.format(reason=post.reason), style="red")
        self.query_one("#exchange-body", Static).update(body)
        extra: list[str] = []
        if post.attachments:
            extra.append(strings.EXCHANGE_ATTACHMENTS)
            extra += [
                strings.EXCHANGE_ATTACHMENT_LINE.format(n=n, name=a.name, size=_size(a.size))
                for n, a in enumerate(post.attachments, 1)
            ]
        if post.history:
            extra.append(strings.EXCHANGE_HISTORY)
            for e in post.history:
                line = strings.EXCHANGE_HISTORY_LINE.format(
                    when=when(e.at), round=e.round, name=e.name, actor=e.actor
                )
                # A 退回's reason; the text as submitted stays out of the way (it is above).
                if e.action == "reject" and e.note:
                    line += f"  {e.note}"
                extra.append(line)
        self.query_one("#exchange-extra", Static).update(Text("\n".join(extra)))
        comments = [strings.EXCHANGE_COMMENTS_HEAD.format(n=post.comments)]
        comments += [
            strings.EXCHANGE_COMMENT_LINE.format(when=when(c.created_at), author=c.author,
                                                 body=c.body)
            for c in post.comment_list
        ] or [strings.EXCHANGE_NO_COMMENTS]  # fmt: skip
        self.query_one("#exchange-comments", Static).update(
            Text("\n".join(comments)) if post.state == "published" or post.comment_list else ""
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ACTION_OF:
            return self.post is not None and _ACTION_OF[action] in self.post.actions
        if action == "open_attachment":
            return self.post is not None and bool(self.post.attachments)
        return True

    async def _send(self, action: str, reason: str | None = None) -> None:
        done = await self.app.fetch(lambda c: c.exchange_act(self.post_id, action, reason))
        if done is not None:
            self.app.notify(done.message, timeout=4)
            self.show(done.post)

    def _ask(self, action: str) -> None:
        post = self.post
        if post is None or action not in post.actions:
            return
        if action in post.needs_reason:

            async def reason(text: str | None) -> None:
                if text and text.strip():
                    await self._send(action, text)

            self.app.push_screen(AskText(strings.ASK_EXCHANGE_REASON, max_length=500),
                                 in_worker(self.app, reason))  # fmt: skip
            return

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self._send(action)

        question = strings.CONFIRM_EXCHANGE.format(
            action=post.action_names.get(action, action), title=post.title
        )
        self.app.push_screen(Confirm(question), in_worker(self.app, confirmed))

    def action_key_b(self) -> None:
        self._ask("submit")

    def action_key_a(self) -> None:
        self._ask("approve")

    def action_key_r(self) -> None:
        self._ask("reject")

    def action_key_w(self) -> None:
        self._ask("withdraw")

    def action_key_e(self) -> None:
        from tui.screens.exchange.editor import EditorScreen

        if self.post is not None and "edit" in self.post.actions:
            self.app.push_screen(EditorScreen(self.post))

    async def action_key_l(self) -> None:
        post = self.post
        if post is None or "like" not in post.actions:
            return
        done = await self.app.fetch(lambda c: c.exchange_like(self.post_id, not post.liked))
        if done is not None:
            self.app.notify(done.message, timeout=3)
            self.show(done.post)

    def action_key_c(self) -> None:
        """评论 in 党建资讯's comment box: a refusal (too short, a repeat) stays in the box with
        the server's reason, and the text stays to be fixed."""
        from api_client import ApiError
        from tui.controllers.sync import Outcome
        from tui.screens.article import CommentBox

        if self.post is None or "comment" not in self.post.actions:
            return

        async def send(text: str) -> Outcome:
            async def request(c):  # type: ignore[no-untyped-def]
                try:
                    return await c.exchange_comment(self.post_id, text)
                except ApiError as exc:
                    if exc.status in (409, 422, 429):
                        return exc.message  # said in the box
                    raise

            done = await self.app.fetch(request)
            if isinstance(done, str):
                return Outcome("rejected", done)
            if done is not None:
                self.app.notify(done.message, timeout=3)
                self.show(done.post)
            return Outcome("applied", done.message if done is not None else "")

        self.app.push_screen(CommentBox(send))

    def action_open_attachment(self) -> None:
        post = self.post
        if post is None or not post.attachments:
            return
        if len(post.attachments) == 1:
            self.run_worker(self._open(post.attachments[0].id), group="attachment")
            return
        choices = [(str(a.id), a.name) for a in post.attachments]

        async def chosen(key: str | None) -> None:
            if key:
                await self._open(int(key))

        self.app.push_screen(Choose(strings.EXCHANGE_ATTACHMENTS, choices),
                             in_worker(self.app, chosen))  # fmt: skip

    async def _open(self, attachment_id: int) -> None:
        """Save the file under the temporary directory and hand it to the system (the path is
        said either way: over SSH nothing opens)."""
        got = await self.app.fetch(lambda c: c.exchange_attachment(self.post_id, attachment_id))
        if got is None:
            return
        folder = Path(tempfile.gettempdir()) / f"gsdj-exchange-{self.post_id}"
        path = folder / Path(got.name).name

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(got.content_base64))

        await asyncio.to_thread(write)
        self.app.notify(strings.ATTACHMENT_SAVED.format(path=path), timeout=6)
        self.app.open_url(path.as_uri())
