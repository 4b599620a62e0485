"""学习中心: the courses (all, or 我的课程), a course's videos, and the way into the player.

Everyone may watch (SPEC §2). Only the accounts the server says may join (`can_enrol`: members and
branch accounts) see J and M and earn; everyone else is told plainly that watching earns nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from contract import schemas
from tui import strings
from tui.format import clock
from tui.screens.base import TableScreen

if TYPE_CHECKING:
    from tui.protocol import AppLike


def percent(done: float, total: float) -> int:
    return int(done * 100 // total) if total else 0


async def toggle_enrolment(
    screen: StudyScreen | CourseScreen, course: schemas.CourseOut | None
) -> None:
    """J: join the course, or take it out of 我的课程; then show the server's answer."""
    if course is None or screen.app.session.account is None:
        return
    outcome = await screen.app.mutate(
        "enrol", {"course_id": course.id, "on": not course.enrolled}, course.title
    )
    bad = outcome.status in ("rejected", "refused")
    screen.notify(outcome.message, severity="error" if bad else "information", timeout=3)
    if outcome.status == "queued":
        course.enrolled = not course.enrolled  # as it will be once synced
    screen.reload()


def who_earns_nothing(app: AppLike) -> str:
    """The line for a visitor or an account that may not join courses."""
    return strings.STUDY_VISITOR if app.session.account is None else strings.STUDY_EARNS_NOTHING


class StudyScreen(TableScreen):
    TITLE_TEXT = strings.STUDY_TITLE
    TABLE_ID = "course-list"
    COLUMNS = (
        strings.COL_COURSE,
        strings.COL_VIDEOS,
        strings.COL_LENGTH,
        strings.COL_WATCHED,
        strings.COL_STATE,
    )
    BINDINGS = [
        Binding("j", "enrol", "加入/移出课程"),
        Binding("m", "mine", "我的课程/全部"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.only_mine = False
        self.courses: dict[str, schemas.CourseOut] = {}
        self.can_enrol = False  # the server's word, with the list

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("enrol", "mine"):
            return self.can_enrol  # not offered to those who may not join (nor in the footer)
        return True

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield Static("", id="course-help", classes="hint")

    def on_screen_resume(self) -> None:
        self.load()  # also the first show; watched time changes in the player

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        mine = self.only_mine

        def show(courses: list[schemas.CourseOut]) -> None:
            if mine == self.only_mine:
                self.show(courses)

        await self.app.fetch_fresh(lambda c: c.my_courses() if mine else c.courses(), show)

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """After joining or leaving: the server's answer alone (the cached one is older)."""
        mine = self.only_mine
        courses = await self.app.fetch(lambda c: c.my_courses() if mine else c.courses())
        if courses is not None and mine == self.only_mine:
            self.show(courses)

    def show(self, courses: list[schemas.CourseOut]) -> None:
        mine = self.only_mine
        self.query_one(".screen-title", Static).update(
            strings.MY_COURSES_TITLE if mine else strings.STUDY_TITLE
        )
        self.courses = {str(c.id): c for c in courses}
        if courses or not mine:
            self.can_enrol = any(c.can_enrol for c in courses)
            self.refresh_bindings()
        self.refill(
            [
                (
                    str(c.id),
                    (
                        c.title,
                        str(c.videos),
                        clock(c.seconds),
                        f"{percent(c.covered_seconds, c.seconds)}%",
                        strings.ENROLLED_MARK if c.enrolled else "",
                    ),
                )
                for c in courses
            ],
        )
        empty = strings.NO_MY_COURSES if mine else strings.NO_COURSES
        help_line = (
            strings.COURSE_HELP
            if self.can_enrol
            else f"{strings.COURSE_OPEN_ONLY}\n{who_earns_nothing(self.app)}"
        )
        self.query_one("#course-help", Static).update(help_line if courses else empty)

    def _current(self) -> schemas.CourseOut | None:
        return self.courses.get(self.cursor_key() or "")

    @on(DataTable.RowSelected, "#course-list")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(CourseScreen(int(event.row_key.value or 0)))

    def action_mine(self) -> None:
        self.only_mine = not self.only_mine
        self.load()

    @work(exclusive=True, group="enrol")
    async def action_enrol(self) -> None:
        await toggle_enrolment(self, self._current())


class CourseScreen(TableScreen):
    TABLE_ID = "video-list"
    COLUMNS = (
        strings.COL_NO,
        strings.COL_TITLE,
        strings.COL_LENGTH,
        strings.COL_WATCHED,
        strings.COL_POSITION,
    )
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("j", "enrol", "加入/移出课程"),
    ]

    app: AppLike  # type: ignore[assignment]

    def __init__(self, course_id: int) -> None:
        super().__init__()
        self.course_id = course_id
        self.course: schemas.CourseDetail | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enrol":
            return self.course is not None and self.course.can_enrol
        return True

    def body(self) -> ComposeResult:
        yield Static("", id="course-meta", classes="hint")
        yield self.make_table()
        yield Static(strings.COURSE_VIDEOS_HELP, id="course-videos-help", classes="hint")

    def on_screen_resume(self) -> None:
        self.load()  # also the first show; watched time changes in the player

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.course(self.course_id), self.show)

    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """After joining or leaving: the server's answer alone (the cached one is older)."""
        course = await self.app.fetch(lambda c: c.course(self.course_id))
        if course is not None:
            self.show(course)

    def show(self, course: schemas.CourseDetail) -> None:
        self.course = course
        self.refresh_bindings()
        self.query_one("#course-videos-help", Static).update(
            strings.COURSE_VIDEOS_HELP
            if course.can_enrol
            else f"{strings.VIDEO_PLAY_ONLY}\n{who_earns_nothing(self.app)}"
        )
        self.query_one(".screen-title", Static).update(course.title)
        self.query_one("#course-meta", Static).update(
            course.summary
            + "\n"
            + strings.COURSE_META.format(
                videos=course.videos,
                length=clock(course.seconds),
                watched=clock(course.covered_seconds),
                percent=percent(course.covered_seconds, course.seconds),
                state=(
                    strings.COURSE_STATE_IN
                    if course.enrolled
                    else strings.COURSE_STATE_OUT
                    if course.can_enrol
                    else strings.COURSE_STATE_OPEN  # J is not theirs: no "press J" here
                ),
            )
        )
        self.refill(
            [
                (
                    str(v.id),
                    (
                        str(n),
                        v.title,
                        clock(v.seconds),
                        f"{percent(v.covered_seconds, v.seconds)}%",
                        clock(v.position_seconds),
                    ),
                )
                for n, v in enumerate(course.items, 1)
            ],
        )

    @on(DataTable.RowSelected, "#video-list")
    def _play(self, event: DataTable.RowSelected) -> None:
        from tui.screens.player import PlayerScreen

        if self.course is None:
            return
        if self.course.can_enrol and not self.course.enrolled:
            self.notify(strings.ENROL_FIRST, severity="warning")
            return
        self.app.push_screen(PlayerScreen(int(event.row_key.value or 0), self.course.title))

    @work(exclusive=True, group="enrol")
    async def action_enrol(self) -> None:
        await toggle_enrolment(self, self.course)
