"""TableScreen: one table per list screen, refilled in place with the cursor kept on its line."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tui.screens.base import TableScreen
from tui.screens.compliance import ComplianceScreen
from tui.screens.exams import ExamsScreen
from tui.screens.features import FeaturesScreen
from tui.screens.meetings.listing import MeetingsScreen
from tui.screens.meetings.mine import MyMeetingsScreen
from tui.screens.notices import NoticesScreen
from tui.screens.study import CourseScreen, StudyScreen


class Rows(TableScreen):
    TITLE_TEXT = "测试"
    TABLE_ID = "rows"
    COLUMNS = ("名称", "说明")

    def body(self) -> ComposeResult:
        yield self.make_table()


class Bare(App[None]):
    who = ""  # what the status header watches on the real app
    connection = "online"
    pending = 0
    data_age = None
    kiosk_countdown = None
    unread = 0


async def test_refill_keeps_the_cursor_and_reads_its_key() -> None:
    app = Bare()
    async with app.run_test() as pilot:
        screen = Rows()
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.cursor_key() is None  # empty
        assert [str(c.label) for c in screen.table.columns.values()] == ["名称", "说明"]
        screen.refill([(str(n), (f"第{n}行", "")) for n in range(5)])
        screen.table.move_cursor(row=3)
        assert screen.cursor_key() == "3"
        screen.refill([(str(n), (f"新{n}行", "")) for n in range(10, 15)])
        assert screen.cursor_key() == "13"  # the same line, new rows
        screen.refill([("a", ("一", "")), ("b", ("二", ""))])
        assert screen.cursor_key() == "b"  # the last line when the table got shorter
        await pilot.pause()
        assert screen.table.has_focus


def test_the_list_screens_share_it() -> None:
    screens = (ComplianceScreen, ExamsScreen, FeaturesScreen, MeetingsScreen, MyMeetingsScreen,
               NoticesScreen, StudyScreen, CourseScreen)  # fmt: skip
    assert all(issubclass(s, TableScreen) and s.COLUMNS for s in screens)
    assert len({s.TABLE_ID for s in screens}) == len(screens)
