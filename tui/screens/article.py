"""The article reader: body, comments, actions on keys, and the visible 30-second read indicator.

The client only starts and completes the read; the server times it with its own clock and
decides the points, which arrive here as a short notification.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, ProgressBar, Static

from contract import schemas
from tui import strings
from tui.format import when, when_short
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike


class CommentBox(ModalScreen[str | None]):
    DEFAULT_CSS = """
    CommentBox { align: center middle; }
    CommentBox > VerticalScroll { width: 70; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(strings.COMMENT_PROMPT)
            yield Input(max_length=1000, id="comment-input")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class ArticleScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("l", "toggle('like')", "点赞"),
        Binding("c", "toggle('collect')", "收藏"),
        Binding("s", "share", "分享"),
        Binding("m", "comment", "评论"),
        Binding("v", "video", "播放视频"),
    ]

    app: AppLike  # type: ignore[assignment]

    def __init__(self, article_id: int) -> None:
        super().__init__()
        self.article_id = article_id
        self.detail: schemas.ArticleDetail | None = None
        self.read_id: int | None = None
        self.required = 30
        self.seconds = 0
        self._timer = None
        self._read_began = ("", 0.0)  # client clock and monotonic time the read began

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with VerticalScroll(id="reader"):
            yield Label("", id="article-title", classes="screen-title")
            yield Static("", id="article-meta", classes="hint")
            with Horizontal(id="read-line"):
                yield ProgressBar(total=30, show_eta=False, show_percentage=False, id="read-bar")
                yield Static("", id="read-status")
            yield Static("", id="article-body")
            yield Label("", id="comments-header", classes="screen-title")
            yield Static("", id="comments")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def on_screen_suspend(self) -> None:
        # Only time on screen counts: pause while another screen covers the article.
        if self._timer is not None:
            self._timer.pause()

    def on_screen_resume(self) -> None:
        if self._timer is not None:
            self._timer.resume()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        detail = await self.app.fetch(lambda client: client.article(self.article_id))
        if detail is None:
            return
        self.show(detail)
        if self.app.session.account is None:
            self.query_one("#read-status", Static).update(strings.READ_VISITOR)
            self.query_one("#read-bar").display = False
        elif detail.read_done:
            self.query_one("#read-bar", ProgressBar).update(progress=self.required)
            self.query_one("#read-status", Static).update(strings.READ_COUNTED)
        else:
            self.query_one("#read-status", Static).update(strings.READ_WAITING)
            if self.app.connection == "online":
                started = await self.app.fetch(lambda client: client.start_read(self.article_id))
                if started is not None:  # the server times it; offline the terminal does
                    self.read_id, self.required = started.read_id, started.required_seconds
            self._read_began = (datetime.now(UTC).astimezone().isoformat(), time.monotonic())
            self.query_one("#read-bar", ProgressBar).update(total=self.required, progress=0)
            self._timer = self.set_interval(1.0, self._tick)

    def show(self, detail: schemas.ArticleDetail) -> None:
        self.detail = detail
        published = when(detail.published_at)
        marks = [
            m
            for m, on in (
                (strings.LIKED_MARK, detail.liked),
                (strings.COLLECTED_MARK, detail.collected),
            )
            if on
        ]
        meta = strings.ARTICLE_META.format(
            source=detail.source, published=published, likes=detail.likes, collects=detail.collects
        )
        self.query_one("#article-title", Label).update(detail.title)
        video_lines = [
            strings.ARTICLE_VIDEO.format(
                title=v.title, length=f"{v.seconds // 60:02d}:{v.seconds % 60:02d}"
            )
            for v in detail.videos
        ]
        self.query_one("#article-meta", Static).update(
            "\n".join([" · ".join([meta, *marks]), *video_lines])
        )
        self.query_one("#article-body", Static).update(detail.body)
        self.query_one("#comments-header", Label).update(
            strings.COMMENTS_HEADER.format(n=len(detail.comments))
        )
        lines = [f"{c.author}  {when_short(c.created_at)}\n  {c.body}" for c in detail.comments]
        self.query_one("#comments", Static).update("\n".join(lines) or strings.NO_COMMENTS)

    def action_video(self) -> None:
        from tui.screens.player import PlayerScreen

        if self.detail is not None and self.detail.videos:
            self.app.push_screen(PlayerScreen(self.detail.videos[0].id))

    def _tick(self) -> None:
        self.seconds += 1
        self.query_one("#read-bar", ProgressBar).update(progress=min(self.seconds, self.required))
        self.query_one("#read-status", Static).update(
            strings.READ_PROGRESS.format(done=min(self.seconds, self.required), need=self.required)
        )
        if self.seconds >= self.required and self._timer is not None:
            self._timer.stop()
            self._timer = None
            self.complete_read()

    @work(exclusive=True, group="read")
    async def complete_read(self) -> None:
        started_at, began = self._read_began
        outcome = await self.app.mutate(
            "read",
            {
                "article_id": self.article_id,
                "read_id": self.read_id,
                "started_at": started_at,
                "elapsed_s": round(time.monotonic() - began, 3),
            },
            note=f"《{self.detail.title}》" if self.detail else None,
        )
        status = strings.READ_COUNTED if outcome.status == "applied" else outcome.message
        self.query_one("#read-status", Static).update(status)
        if outcome.status == "applied":
            self.app.notify(outcome.message, timeout=4)

    def _need_login(self) -> bool:
        if self.app.session.account is None:
            self.app.notify(strings.NEED_LOGIN, severity="warning")
            return True
        return False

    @work(exclusive=True, group="action")
    async def action_toggle(self, action: str) -> None:
        if self._need_login() or self.detail is None:
            return
        on = not (self.detail.liked if action == "like" else self.detail.collected)
        await self._act(action if on else f"un{action}", {"article_id": self.article_id})
        if self.detail is not None and self.app.connection != "online":
            setattr(self.detail, "liked" if action == "like" else "collected", on)
            self.show(self.detail)

    @work(exclusive=True, group="action")
    async def action_share(self) -> None:
        if not self._need_login():
            await self._act("share", {"article_id": self.article_id})

    def action_comment(self) -> None:
        if self._need_login():
            return

        def submitted(body: str | None) -> None:
            if body and body.strip():
                self.send_comment(body)

        self.app.push_screen(CommentBox(), submitted)

    @work(exclusive=True, group="action")
    async def send_comment(self, body: str) -> None:
        await self._act("comment", {"article_id": self.article_id, "body": body})

    async def _act(self, kind: str, args: dict[str, object]) -> None:
        """Through the outbox: the server's answer when online, "saved here" when offline."""
        outcome = await self.app.mutate(
            kind, args, f"《{self.detail.title}》" if self.detail else None
        )
        severity = "error" if outcome.status in ("rejected", "refused") else "information"
        self.app.notify(outcome.message, severity=severity, timeout=4)
        if outcome.status == "applied":
            detail = await self.app.fetch(lambda client: client.article(self.article_id))
            if detail is not None:
                self.show(detail)
