"""搜索 (issue 18): one box over everything this account may read — the server's groups
(党建资讯, 学标对标, 经验交流, 课程, 视频: `GET /api/v1/search`, already scoped by the server) and
the 操作指南, searched here in the client. Ctrl+F from every screen, or the palette.

Results come as you type: each change waits DEBOUNCE_SECONDS, one search runs at a time (a newer
one cancels the older: an exclusive worker), and an answer is shown only if it is still the
answer to what the box holds, so an older query never paints over a newer one. Offline the
server's groups are not asked for: the dialog says so and still searches the guide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from api_client import ApiError, ServerUnreachable
from tui import strings
from tui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from contract import schemas
    from tui.protocol import AppLike

DEBOUNCE_SECONDS = 0.2
MAX_QUERY = 40  # the server refuses longer (server.domain.search.MAX_QUERY)
MAX_GROUP = 50  # a group opened whole: the server's most (server.domain.search.MAX_LIMIT)


@dataclass(frozen=True)
class Hit:
    """A line the user may open: what it opens (`opens`, as the server's kinds say, or
    "guide"), the id, the course of a video, or the guide's heading."""

    opens: str
    id: int = 0
    parent_id: int | None = None
    heading: str = ""
    section: str | None = None


def guide_sections() -> list[tuple[str, str]]:
    """(heading, text) of every part of the 操作指南, as the guide screen shows it."""
    from tui.screens.guide import guide_text

    out: list[tuple[str, str]] = []
    for part in guide_text().split("\n## "):
        heading, _, body = part.removeprefix("## ").partition("\n")
        out.append((heading.strip(), body))
    return out


def search_guide(query: str) -> list[tuple[str, str]]:
    """(heading, the line that holds the query) of each guide section that holds it."""
    needle = " ".join(query.split()).lower()
    if not needle:
        return []
    found: list[tuple[str, str]] = []
    for heading, body in guide_sections():
        if needle in heading.lower():
            found.append((heading, heading))
            continue
        line = next((x for x in body.splitlines() if needle in x.lower()), None)
        if line is not None:
            found.append((heading, _plain(line)))
    return found


def _plain(line: str) -> str:
    """A guide line as plain text: no Markdown marks; a table row's cells joined by ·."""
    text = line.replace("**", "").replace("`", "").strip()
    if text.startswith("|"):
        text = " · ".join(c.strip() for c in text.strip("|").split("|") if c.strip())
    text = text.lstrip("-").strip()
    return text[:60] + ("…" if len(text) > 60 else "")


def _openers() -> dict[str, Callable[[AppLike, Hit], None]]:
    """What each kind of result opens (the server's `opens`); a kind this terminal has no
    screen for (a newer server's) says so instead."""

    def article(app: AppLike, hit: Hit) -> None:
        from tui.screens.article import ArticleScreen

        app.push_screen(ArticleScreen(hit.id))

    def course(app: AppLike, hit: Hit) -> None:
        from tui.screens.study import CourseScreen

        app.push_screen(CourseScreen(hit.id))

    def video(app: AppLike, hit: Hit) -> None:
        # Its course: the page that joins it (我的课程) and plays it, as 学习中心 does.
        if hit.parent_id is not None:
            course(app, Hit("course", hit.parent_id))

    def guide(app: AppLike, hit: Hit) -> None:
        from tui.screens.guide import GuideScreen

        app.push_screen(GuideScreen(hit.heading))

    def standard(app: AppLike, hit: Hit) -> None:
        # 学标对标 on the item's field (the server's `section`) with the cursor on the item.
        from tui.screens.standards import StandardsItemScreen

        app.push_screen(StandardsItemScreen(hit.section, hit.id))

    def exchange(app: AppLike, hit: Hit) -> None:
        from tui.screens.exchange.post import ExchangePostScreen

        app.push_screen(ExchangePostScreen(hit.id))

    return {
        "article": article, "course": course, "video": video, "guide": guide,
        "standard": standard, "exchange": exchange,
    }  # fmt: skip


class SearchDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    SearchDialog { align: center top; }
    SearchDialog > Vertical {
        width: 100; max-width: 100%; height: 1fr;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    SearchDialog #search-status { color: $text-muted; height: auto; }
    SearchDialog OptionList { height: 1fr; border: none; padding: 0; }
    SearchDialog #search-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", "关闭"),
        Binding("down", "move(1)", "下一条", show=False, priority=True),
        Binding("up", "move(-1)", "上一条", show=False, priority=True),
        Binding("pagedown", "move(5)", show=False, priority=True),
        Binding("pageup", "move(-5)", show=False, priority=True),
    ]

    app: AppLike  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, Hit] = {}
        self._timer: Timer | None = None
        self.shown_query = ""  # the query whose results the list shows (tests wait on it)
        # What the list shows, kept to draw it again when a group is opened whole.
        self._answer: schemas.SearchOut | None = None
        self._guide: list[tuple[str, str]] = []
        self._status = ""
        self._whole: dict[str, schemas.SearchGroup] = {}  # kind → its group asked whole

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(strings.SEARCH_TITLE, classes="screen-title")
            yield Input(placeholder=strings.SEARCH_PLACEHOLDER, max_length=MAX_QUERY, id="q")
            yield Label(strings.SEARCH_START, id="search-status")
            yield ResultList(id="search-results")
            yield Label(strings.SEARCH_KEYS, id="search-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @property
    def query_text(self) -> str:
        return " ".join(self.query_one(Input).value.split())

    @on(Input.Changed, "#q")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._run)

    def _run(self) -> None:
        self._timer = None
        self.find(self.query_text)

    @work(exclusive=True, group="search")
    async def find(self, query: str) -> None:
        """One search; a newer one cancels it (exclusive), and its answer is dropped unless
        the box still holds its query."""
        if not query:
            self._show(query, None, [], strings.SEARCH_START)
            return
        guide = search_guide(query)
        answer: schemas.SearchOut | None = None
        status = ""
        if self.app.connection == "offline":
            status = strings.SEARCH_OFFLINE
        else:
            try:
                answer = await self.app.session.client.search(query)
            except ServerUnreachable:
                self.app.went_offline()
                status = strings.SEARCH_OFFLINE
            except ApiError as exc:
                status = exc.message
        if query != self.query_text:
            return  # typed on meanwhile: the newer query's answer comes next
        self._show(query, answer, guide, status)

    def _show(
        self,
        query: str,
        answer: schemas.SearchOut | None,
        guide: list[tuple[str, str]],
        status: str,
        at: str | None = None,
    ) -> None:
        """Draw the groups of `answer` (a group opened whole drawn whole) and the guide's, with
        the cursor on line `at` or the first line."""
        if query != self.shown_query:
            self._whole = {}
        self._answer, self._guide, self._status = answer, guide, status
        results = self.query_one(ResultList)
        results.clear_lines()
        self.hits = {}
        total = 0
        options: list[Option] = []
        groups = [self._whole.get(g.kind, g) for g in (answer.groups if answer else []) if g.count]
        for g in groups:
            count = f"{g.count}+" if g.more else str(g.count)
            options.append(results.heading(strings.SEARCH_GROUP.format(name=g.name, n=count)))
            for item in g.items:
                key = f"{g.kind}-{item.id}"
                self.hits[key] = Hit(item.opens, item.id, item.parent_id, section=item.section)
                options.append(results.line(key, item.title, item.snippet))
            if g.kind in self._whole:
                if g.more or g.count > len(g.items):
                    only = strings.SEARCH_ONLY_NEWEST.format(n=len(g.items))
                    options.append(results.heading(only))
            elif g.more or g.count > len(g.items):
                key = f"more-{g.kind}"
                self.hits[key] = Hit("more", heading=g.kind)
                options.append(results.line(key, strings.SEARCH_MORE.format(name=g.name)))
            total += g.count
        if guide:
            options.append(results.heading(strings.SEARCH_GUIDE_GROUP.format(n=len(guide))))
            for n, (heading, line) in enumerate(guide):
                key = f"guide-{n}"
                self.hits[key] = Hit("guide", heading=heading)
                options.append(results.line(key, heading, line))
            total += len(guide)
        results.add_options(options)
        if self.hits:
            keys = [o.id for o in options if o.id is not None and o.id in self.hits]
            results.highlighted = results.get_option_index(at if at in keys else keys[0])
            results.mark()
        if not status and query:
            status = strings.SEARCH_FOUND.format(n=total) if total else strings.SEARCH_NONE
        self.query_one("#search-status", Label).update(status)
        self.shown_query = query

    def action_move(self, step: int) -> None:
        self.query_one(ResultList).move(step)

    @on(Input.Submitted, "#q")
    def _submitted(self) -> None:
        self.open_highlighted()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open_highlighted(event.option.id)

    def open_highlighted(self, key: str | None = None) -> None:
        if key is None:
            key = self.query_one(ResultList).key_at_cursor()
        hit = self.hits.get(key or "")
        if hit is None:
            return
        if hit.opens == "more":
            self.open_group(self.shown_query, hit.heading)
            return
        opener = _openers().get(hit.opens)
        if opener is None:
            self.app.notify(strings.SEARCH_CANNOT_OPEN, severity="warning")
            return
        self.dismiss(None)
        opener(self.app, hit)

    @work(exclusive=True, group="search")
    async def open_group(self, query: str, kind: str) -> None:
        """A group whole (its newest MAX_GROUP), the cursor on its first line not shown before."""
        try:
            answer = await self.app.session.client.search(query, kinds=kind, limit=MAX_GROUP)
        except ServerUnreachable:
            self.app.went_offline()
            self.query_one("#search-status", Label).update(strings.SEARCH_OFFLINE)
            return
        except ApiError as exc:
            self.query_one("#search-status", Label).update(exc.message)
            return
        if query != self.query_text or query != self.shown_query:
            return
        group = next((g for g in answer.groups if g.kind == kind), None)
        if group is None:
            return
        shown = {i.id for g in (self._answer.groups if self._answer else []) if g.kind == kind
                 for i in g.items}  # fmt: skip
        first = next((i for i in group.items if i.id not in shown), None)
        self._whole[kind] = group
        at = f"{kind}-{first.id}" if first is not None else None
        self._show(query, self._answer, self._guide, self._status, at=at)

    def action_close(self) -> None:
        self.dismiss(None)
