"""The article reader: body, comments, actions on keys, and the visible 30-second read indicator.

The client only starts and completes the read; the server times it with its own clock and
decides the points, which arrive here as a short notification.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
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
from tui.pending import waiting
from tui.widgets.prose import Prose
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from offline_cache.store import Mutation
    from tui.controllers.sync import Outcome
    from tui.protocol import AppLike

# Actions of the outbox that change what the article shows until the server has them.
SHOWN_PENDING = ("like", "unlike", "collect", "uncollect", "comment")
# Keys only an account can use: hidden from a visitor's footer.
MEMBER_ACTIONS = ("toggle", "share", "comment")


def with_pending(
    detail: schemas.ArticleDetail, queued: list[Mutation]
) -> tuple[schemas.ArticleDetail, set[str], list[Mutation]]:
    """The article as it will be once the server has the queued actions: (detail, the fields
    that wait for the server, the comments that wait). The server's answer is not changed."""
    shown = detail.model_copy()
    waits: set[str] = set()
    comments: list[Mutation] = []
    for m in queued:
        if m.kind == "comment":
            comments.append(m)
            continue
        field = "liked" if m.kind in ("like", "unlike") else "collected"
        count = "likes" if field == "liked" else "collects"
        on = not m.kind.startswith("un")
        if getattr(shown, field) != on:
            setattr(shown, field, on)
            setattr(shown, count, max(0, getattr(shown, count) + (1 if on else -1)))
        waits.add(field)
    return shown, waits, comments


class CommentBox(ModalScreen["Outcome | None"]):
    """The comment line. It sends the comment itself and closes only when the server took it
    (or it is queued offline): a refusal (too short, a repeat) stays in the box with the
    server's reason, and the text stays to be fixed."""

    DEFAULT_CSS = """
    CommentBox { align: center middle; }
    CommentBox > VerticalScroll { width: 70; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
    CommentBox #comment-error { color: $error; text-style: bold; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "取消")]

    def __init__(self, send: Callable[[str], Awaitable[Outcome]]) -> None:
        super().__init__()
        self.send = send

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(strings.COMMENT_PROMPT)
            yield Input(max_length=1000, id="comment-input", select_on_focus=False)
            yield Static("", id="comment-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.submit(event.value)

    @work(exclusive=True, group="comment")
    async def submit(self, body: str) -> None:
        box = self.query_one(Input)
        error = self.query_one("#comment-error", Static)
        box.disabled = True
        error.update(strings.COMMENT_SENDING)
        outcome = await self.send(body)
        if outcome.status in ("applied", "queued"):
            self.dismiss(outcome)
            return
        box.disabled = False
        box.focus()
        error.update("✗ " + outcome.message)


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
        self.detail: schemas.ArticleDetail | None = None  # as shown: the server's + what waits
        self.served: schemas.ArticleDetail | None = None  # the server's answer (maybe cached)
        self.waiting_shown = False  # something on screen is marked 待同步
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
            yield Prose("", id="article-body")
            yield Label("", id="comments-header", classes="screen-title")
            yield Static("", id="comments")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()
        self.watch(self.app, "pending", self._outbox_moved, init=False)  # type: ignore[arg-type]

    def _outbox_moved(self, _: int) -> None:
        # A sync answered what this article shows as 待同步: show the server's article again.
        if self.waiting_shown:
            self.refetch()

    @work(exclusive=True, group="refetch")
    async def refetch(self) -> None:
        detail = await self.app.fetch(lambda client: client.article(self.article_id))
        if detail is not None:
            await self.show(detail)

    def on_screen_suspend(self) -> None:
        # Only time on screen counts: pause while another screen covers the article.
        if self._timer is not None:
            self._timer.pause()

    def on_screen_resume(self) -> None:
        if self._timer is not None:
            self._timer.resume()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A visitor reads; liking, collecting, sharing and commenting need an account, and
        # all of them an article on screen (offline, one never cached is not there).
        if action in MEMBER_ACTIONS:
            return self.app.session.account is not None and self.detail is not None
        if action == "video":
            return self.detail is not None and bool(self.detail.videos)
        return True

    def not_cached(self) -> None:
        """Offline, and this terminal never kept the article (app.fetch calls this)."""
        self.query_one("#article-title", Label).update(strings.ARTICLE_NOT_CACHED)
        self.query_one("#read-line").display = False

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        """The article as cached at once, then the server's in place; the read starts once,
        on the server's answer (it says whether this read still counts)."""
        detail = await self.app.fetch_fresh(
            lambda client: client.article(self.article_id), self.show
        )
        if detail is None:
            return
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

    async def show(self, served: schemas.ArticleDetail) -> None:
        """The server's answer with this terminal's unsent actions on top, marked 待同步."""
        self.served = served
        queued = await waiting(
            self.app.session.outbox, SHOWN_PENDING, "article_id", self.article_id
        )
        detail, waits, comments = with_pending(served, queued)
        self.detail, self.waiting_shown = detail, bool(queued)
        self.refresh_bindings()  # its keys show once there is an article (and V with a video)
        published = when(detail.published_at)
        marks = []
        for field, mark, undone in (
            ("liked", strings.LIKED_MARK, strings.LIKE_UNDONE_MARK),
            ("collected", strings.COLLECTED_MARK, strings.COLLECT_UNDONE_MARK),
        ):
            on = getattr(detail, field)
            if field in waits:
                marks.append(strings.ARTICLE_META_PENDING.format(what=mark if on else undone))
            elif on:
                marks.append(mark)
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
        self.query_one("#article-body", Prose).update(detail.body)
        self.query_one("#comments-header", Label).update(
            strings.COMMENTS_HEADER.format(n=len(detail.comments) + len(comments))
        )
        me = self.app.session.account.display_name if self.app.session.account else ""
        lines = [f"{c.author}  {when_short(c.created_at)}\n  {c.body}" for c in detail.comments] + [
            f"{me}  {when_short(m.at)}  {strings.PENDING_MARK}\n  {m.args.get('body', '')}"
            for m in comments
        ]
        empty = strings.NO_COMMENTS if self.app.session.account else strings.NO_COMMENTS_VISITOR
        self.query_one("#comments", Static).update("\n".join(lines) or empty)

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

    @work(exclusive=True, group="action")
    async def action_share(self) -> None:
        if not self._need_login():
            await self._act("share", {"article_id": self.article_id})

    def action_comment(self) -> None:
        if self._need_login():
            return

        async def send(body: str) -> Outcome:
            note = f"《{self.detail.title}》" if self.detail else None
            return await self.app.mutate(
                "comment", {"article_id": self.article_id, "body": body}, note=note
            )

        def sent(outcome: Outcome | None) -> None:
            if outcome is not None:
                self.after_action(outcome)

        self.app.push_screen(CommentBox(send), sent)

    async def _act(self, kind: str, args: dict[str, object]) -> None:
        """Through the outbox: the server's answer when online, "saved here" when offline."""
        await self._after(
            await self.app.mutate(kind, args, f"《{self.detail.title}》" if self.detail else None)
        )

    @work(exclusive=True, group="action")
    async def after_action(self, outcome: Outcome) -> None:
        await self._after(outcome)

    async def _after(self, outcome: Outcome) -> None:
        """Say what became of the action; show the server's article again when it took it, or
        the queued action on the article as it was when it is waiting."""
        severity = "error" if outcome.status in ("rejected", "refused") else "information"
        self.app.notify(outcome.message, severity=severity, timeout=4)
        if outcome.status == "applied":
            detail = await self.app.fetch(lambda client: client.article(self.article_id))
            if detail is not None:
                await self.show(detail)
        elif self.served is not None:
            await self.show(self.served)
