"""What a person sees at 80×24 (issue 14): multi-selects say what is ticked in a mark and a count,
tables cut long Chinese text by display width with "…" and show it whole under the table, the
columns that matter (时间, 当前环节, 我的反馈) are never cut, the upper org's queue names the
branch and its path, dialogs wrap, the keys a screen shows are whole in its footer, the record
editor opens at the end, and the 先锋模范 toast and queue name whom the points go to.

On the shared demo server: 城关社区党支部's admin zb004 (members dy037–dy046, 2029-05), the 东关村 branch (zb005)
for 先锋模范 as tests/tui/test_vanguard.py, 党总支 zzz001 for the review queue."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Region
from textual.widgets import DataTable, OptionList, SelectionList, TextArea

from contract import schemas
from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_meetings import _api
from tests.tui.test_player_and_exams import _notes, set_clock
from tests.tui.test_snapshots import MAIN_SCREENS
from tui import strings
from tui.format import when
from tui.screens.meetings.listing import MeetingsScreen
from tui.screens.meetings.mine import MyMeetingsScreen
from tui.screens.meetings.picker import AttendeePicker
from tui.screens.meetings.record import RecordScreen
from tui.screens.meetings.timeline import MeetingScreen
from tui.screens.player import PlayerScreen
from tui.screens.registry import SCREENS
from tui.screens.third_party import ThirdPartyScreen
from tui.screens.vanguard.board import VanguardScreen
from tui.widgets.confirm import Confirm
from tui.widgets.fit_table import Col, FitTable, clip, fit_widths

LONG = "学习贯彻党的二十届四中全会精神暨全面从严治党主体责任专题组织生活会"
LONG_WISH = "为社区独居老人更换老旧电线并安装烟雾报警器和应急照明灯具"


def _lines(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """The widget as painted: one string per line."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text for strip in widget.render_lines(region)]


def _marks(options) -> list[str]:  # type: ignore[no-untyped-def]
    """The mark each visible row of a multi-select starts with (inside the list's border)."""
    rows = [line.strip("▊▎▔▁ ") for line in _lines(options)]
    return [row[:3] for row in rows if "(" in row]


def _footer(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen._compositor.render_strips()[-1].text


def _shown_keys(screen) -> list[str]:  # type: ignore[no-untyped-def]
    """The descriptions of the screen's own keys that its footer is meant to show now."""
    return [
        b.binding.description
        for b in screen.active_bindings.values()
        if b.node is screen and b.binding.show and b.enabled
    ]


def _cell(table: DataTable, row: int, col: int) -> str:  # type: ignore[type-arg]
    cell = table.get_row_at(row)[col]
    return cell.plain if isinstance(cell, Text) else str(cell)


def test_every_registry_screen_is_snapshotted_at_both_sizes() -> None:
    extra = {"login", "home", "player", "exam_question", "timeline", "record_editor", "sync",
             "notices", "confirm"}  # fmt: skip
    assert {s.code for s in SCREENS} | extra <= set(MAIN_SCREENS)


def test_cells_are_cut_by_display_width_with_an_ellipsis() -> None:
    cut = clip(LONG, 11)
    assert isinstance(cut, Text) and cut.plain.endswith("…") and cell_len(cut.plain) <= 11
    assert clip("短标题", 11) == "短标题"
    # Only the columns that may shrink give way, the widest first; the time stays whole.
    cols = [Col("会议", 8), Col("时间"), Col("说明", 6)]
    rows = [(LONG, "01-08 09:00", "等待党员反馈,已反馈参加 1/3 人")]
    widths = fit_widths(cols, rows, 40)
    assert sum(widths) <= 40 and widths[1] == cell_len("01-08 09:00")
    assert widths[0] >= 8 and widths[2] >= 6


def _meeting(server: ServerProcess, title: str) -> tuple[int, list[int]]:
    """A 支部党员大会 of zb004 notified to its members; the first attends, the second asks for
    leave with a long reason."""
    with server.client() as http:
        h = login(http, "zb004")
        body = {"type": "general", "title": title, "place": "机关五楼党员活动室",
                "starts_at": "2029-05-10T15:00:00+08:00"}  # fmt: skip
        mid = http.post("/api/v1/meetings", headers=h, json=body).json()["meeting"]["id"]
        ids = [c["account_id"] for c in http.get(
            f"/api/v1/meetings/{mid}/candidates", headers=h).json()]  # fmt: skip
    return mid, ids


async def test_picker_marks_every_row_and_counts_the_ticked(sqlite_server: ServerProcess) -> None:
    set_clock(sqlite_server, "2029-05-06T09:00:00+08:00")
    mid, ids = _meeting(sqlite_server, "五月支部党员大会")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb004")
        await app.push_screen(MeetingScreen(mid))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, AttendeePicker)
        options = picker.query_one(SelectionList)
        count = picker.query_one("#picker-count")
        n = len(ids)
        assert str(count.render()) == f"已选 0/{n} 人"
        assert _marks(options) == ["[ ]"] * min(n, len(_marks(options))) and _marks(options)
        assert options.has_focus, picker.app.focused
        await pilot.press("space")
        await pilot.pause()
        assert str(count.render()) == f"已选 1/{n} 人"
        assert _marks(options)[:2] == ["[✓]", "[ ]"]
        await pilot.press("a")
        await pilot.pause()
        assert str(count.render()) == f"已选 {n}/{n} 人"
        assert set(_marks(options)) == {"[✓]"}


async def test_meeting_lists_keep_time_node_and_answer_whole_at_80_columns(
    sqlite_server: ServerProcess,
) -> None:
    set_clock(sqlite_server, "2029-05-06T09:00:00+08:00")
    mid, ids = _meeting(sqlite_server, LONG)
    with sqlite_server.client() as http:
        h = login(http, "zb004")
        assert http.post(f"/api/v1/meetings/{mid}/notify", headers=h,
                         json={"account_ids": ids}).is_success  # fmt: skip
        members = http.get(f"/api/v1/meetings/{mid}", headers=h).json()["attendees"]
    # Whose answer is "请假(long reason)": find the member's username from the demo's numbering.
    member_id = members[0]["account_id"]
    username = next(
        u for u in (f"dy{n:03d}" for n in range(37, 47))
        if _api(sqlite_server, u, "GET", "/me")["id"] == member_id
    )  # fmt: skip
    _api(sqlite_server, username, "POST", f"/meetings/{mid}/feedback",
         json={"answer": "leave", "reason": "外出参加市委党校中青年干部培训班学习"})  # fmt: skip
    starts = when(schemas.MeetingOut.model_validate(
        _api(sqlite_server, "zb004", "GET", f"/meetings/{mid}")).starts_at)  # fmt: skip

    admin = make_app(sqlite_server.url)
    async with admin.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb004")
        await admin.run_action("open('meetings')")
        await settle(pilot)
        screen = admin.screen
        assert isinstance(screen, MeetingsScreen)
        table = screen.query_one("#meeting-list", FitTable)
        row = table.get_row_index(str(mid))
        table.move_cursor(row=row)
        await pilot.pause()
        labels = [c.label for c in table.cols]
        time_col, node_col = labels.index(strings.COL_MEETING_TIME), labels.index(strings.COL_NODE)
        assert _cell(table, row, time_col) == starts  # "05-10 15:00", not "15:0"
        assert _cell(table, row, node_col) == table.full[str(mid)][node_col].plain  # type: ignore[union-attr]
        title = _cell(table, row, labels.index(strings.COL_MEETING))
        assert title.endswith("…") and title != LONG
        # Nothing sticks out of the table, and what was cut is whole under it.
        assert all(cell_len(line) <= table.size.width for line in _lines(table))
        detail = str(screen.query_one("#row-detail").render())
        assert LONG in detail

    member = make_app(sqlite_server.url)
    async with member.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, username)
        await member.run_action("open('my_meetings')")
        await settle(pilot)
        screen = member.screen
        assert isinstance(screen, MyMeetingsScreen)
        table = screen.query_one("#my-meetings", FitTable)
        row = table.get_row_index(str(mid))
        table.move_cursor(row=row)
        await pilot.pause()
        labels = [c.label for c in table.cols]
        assert _cell(table, row, labels.index(strings.COL_MEETING_TIME)) == starts
        assert _cell(table, row, labels.index(strings.COL_MY_ANSWER)).startswith("请假")
        detail = str(screen.query_one("#row-detail").render())
        assert "外出参加市委党校中青年干部培训班学习" in detail


async def test_the_review_queue_names_the_branch_and_its_path(
    sqlite_server: ServerProcess,
) -> None:
    rows = _api(sqlite_server, "zzz001", "GET", "/meetings", params={"state": "review"})
    assert rows, "the demo's zb001 has a meeting waiting for its 党总支"
    path = rows[0]["branch_path"]
    assert path.endswith(" › " + rows[0]["branch"]["name"])
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zzz001")
        await app.run_action("open('meetings')")
        await settle(pilot)
        table = app.screen.query_one("#meeting-list", FitTable)
        assert table.cols[0].label == strings.COL_BRANCH
        table.move_cursor(row=0)
        await pilot.pause()
        shown = _cell(table, 0, 0)
        branch = rows[0]["branch"]["name"]
        assert shown == branch or shown.rstrip("… ") in branch
        assert str(app.screen.query_one("#row-detail").render()).startswith(path)
        # The reviewer opens it and reads the record in its own pane: V brings it into view.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        pane = app.screen.query_one("#record-pane")
        await pilot.press("v")
        await pilot.pause()
        assert pane.has_focus
        assert pane.region.height >= 3 and pane.region.bottom <= 24 - 1  # above the footer


async def test_confirm_and_ask_dialogs_wrap_their_text(sqlite_server: ServerProcess) -> None:
    question = strings.CONFIRM_APPROVE.format(title=LONG)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(Confirm(question))
        await pilot.pause()
        label = app.screen.query_one("#question")
        lines = _lines(label)
        assert len(lines) >= 2
        assert "".join(line.rstrip() for line in lines) == question.replace("\n", "")


async def test_footer_shows_the_keys_of_each_screen_whole_at_80_columns(
    sqlite_server: ServerProcess,
) -> None:
    """The player's 保存进度 first of all (it earns the points); every key a screen marks as
    shown is whole in its footer at 80 columns."""
    set_clock(sqlite_server, "2029-05-06T09:00:00+08:00")
    mid, _ = _meeting(sqlite_server, "六月支部党员大会")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb004")
        screens = [
            lambda: app.push_screen(MeetingScreen(mid)),
            lambda: app.run_action("open('meetings')"),
            lambda: app.run_action("open('vanguard')"),
        ]
        for open_screen in screens:
            await open_screen()
            await settle(pilot)
            keys = _shown_keys(app.screen)
            assert keys
            footer = _footer(app)
            for key in keys:
                assert key in footer, (type(app.screen).__name__, key, footer)
            if isinstance(app.screen, MeetingScreen):
                meeting = app.screen.meeting
                assert meeting is not None
                for pushed in (AttendeePicker(meeting), RecordScreen(meeting, "record")):
                    await app.push_screen(pushed)
                    await settle(pilot)
                    footer = _footer(app)
                    for key in _shown_keys(app.screen):
                        assert key in footer, (type(app.screen).__name__, key, footer)
                    app.pop_screen()
                    await settle(pilot)
            await app.run_action("home")
            await settle(pilot)

    member = make_app(sqlite_server.url)
    async with member.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy002")
        await member.push_screen(PlayerScreen(4))
        await settle(pilot)
        footer = _footer(member)
        assert "保存进度" in footer and "播放/暂停" in footer and "返回" in footer
        for key in _shown_keys(member.screen):
            assert key in footer, key


def _all_shown_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every key the footer is meant to show now: the screen's, its widgets' and the app's
    (Ctrl+Q 退出程序 above all)."""
    return [
        b.binding.description
        for b in app.screen.active_bindings.values()
        if b.binding.show and b.enabled
    ]


async def test_every_screens_footer_is_whole_at_80_columns_quit_and_palette_too(
    sqlite_server: ServerProcess,
) -> None:
    """Every screen of the registry, as the account its picture is taken with (and the branch
    admin for 我的支部 and 账号管理, whose keys are all on), at 80×24: each key the footer
    shows is whole, ^q 退出程序 and ^p 命令 included (they were cut behind a long row of
    screen keys)."""
    by_user: dict[str, list[str]] = {}
    for entry in SCREENS:
        # A visitor's screen (党群服务: its picture is taken from the login screen) shows the
        # same keys to an account.
        user = MAIN_SCREENS[entry.code][0] or "dy002"
        by_user.setdefault(user, []).append(entry.code)
    by_user.setdefault("zb001", []).extend(["branch", "accounts"])
    for user, codes in by_user.items():
        app = make_app(sqlite_server.url)
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, user)
            for code in codes:
                await app.run_action(f"open('{code}')")
                await settle(pilot)
                keys = _all_shown_keys(app)
                assert "退出程序" in keys, (code, keys)
                footer = _footer(app)
                for key in keys:
                    assert key in footer, (user, code, key, footer)
                assert footer.rstrip().endswith("^p 命令"), (user, code, footer)
                await app.run_action("home")
                await settle(pilot)


async def test_every_audit_section_is_reached_by_key_at_80x24(sqlite_server: ServerProcess) -> None:
    """审核记录's five sections do not fit 80×24: the cursor starts in the first (it ended in
    the last, out of sight, so the keys moved nothing one could see), and 1–5 (in the
    footer) or Tab bring each section, its title with it, onto the page."""
    from textual.containers import VerticalScroll

    from tui.screens.vanguard.audit import AuditScreen

    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "sw001")
        await app.run_action("open('audit')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        page = screen.query_one(VerticalScroll).region
        tables = list(screen.query(FitTable))
        assert len(tables) == 5 and "1–5 跳到各部分" in _footer(app)

        def on_page(table: FitTable) -> bool:
            title = table.parent.query_one(".section")  # type: ignore[union-attr]
            return page.y <= title.region.y and table.region.y < page.bottom

        assert app.focused is tables[0] and on_page(tables[0])
        for n in (5, 3, 4, 2, 1):
            await pilot.press(str(n))
            await pilot.pause()
            assert app.focused is tables[n - 1] and on_page(tables[n - 1]), n
        for n in range(2, 6):
            await pilot.press("tab")
            await pilot.pause()
            assert app.focused is tables[n - 1] and on_page(tables[n - 1]), n


async def test_news_shows_title_source_and_time_at_80_columns(sqlite_server: ServerProcess) -> None:
    """党建资讯's list at 80×24: the 发布时间 column is on the screen whole (it was pushed off
    the right edge: only the title and the source showed); a cut title is whole under it."""
    import re

    from tui.screens.news import NewsScreen

    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy001")
        await app.run_action("open('news')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewsScreen)
        table = screen.query_one("#news-list", DataTable)
        lines = _lines(table)
        assert strings.COL_PUBLISHED in lines[0] and strings.COL_SOURCE in lines[0]
        assert table.row_count and re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", lines[1]), lines[1]
        assert table.region.right <= 80 and all(
            cell_len(line) <= table.size.width for line in lines
        )
        assert isinstance(table, FitTable)
        cut = next((k for k, cells in table.full.items() if table.detail(k)), None)
        if cut is not None:  # the long title of that row, whole under the list
            table.move_cursor(row=table.get_row_index(cut))
            await pilot.pause()
            assert str(table.full[cut][0]) in str(screen.query_one("#row-detail").render())


async def test_record_editor_opens_at_the_end_and_goes_to_either_end(
    sqlite_server: ServerProcess,
) -> None:
    set_clock(sqlite_server, "2029-05-06T09:00:00+08:00")
    mid, _ = _meeting(sqlite_server, "七月支部党员大会")
    meeting = schemas.MeetingOut.model_validate(
        _api(sqlite_server, "zb004", "GET", f"/meetings/{mid}")
    ).model_copy(update={"record_text": "一、传达文件精神。\n二、讨论发言。"})
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "zb004")
        await app.push_screen(RecordScreen(meeting, "record"))
        await settle(pilot)
        editor = app.screen.query_one(TextArea)
        assert editor.has_focus and editor.cursor_location == editor.document.end
        await pilot.press(*"三")
        assert editor.text.endswith("二、讨论发言。三")
        await pilot.press("ctrl+home", "零")
        assert editor.text.startswith("零一、")
        await pilot.press("ctrl+end", "四")
        assert editor.text.endswith("三四")


async def test_third_party_links_line_up_and_never_wrap(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy002")
        await app.push_screen(ThirdPartyScreen())
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        prompts = [
            str(getattr(options.get_option_at_index(i).prompt, "plain", options.get_option_at_index(i).prompt))
            for i in range(options.option_count)
        ]  # fmt: skip
        assert len(prompts) >= 2
        starts = {cell_len(p[: p.index("http")]) for p in prompts if "http" in p}
        assert len(starts) == 1, prompts
        assert options.virtual_size.height == options.option_count  # one line each


async def test_long_wish_titles_are_cut_and_keep_the_columns_aligned(
    sqlite_server: ServerProcess,
) -> None:
    set_clock(sqlite_server, "2028-07-01T10:00:00+08:00")
    with sqlite_server.client() as http:
        h = login(http, "dy049")
        for title in (LONG_WISH, "修水管"):
            body = {"title": title, "body": "说明", "contact": "13700000001"}
            assert http.post("/api/v1/wishes", headers=h, json=body).is_success
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy049")
        await app.run_action("open('vanguard')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VanguardScreen)
        table = screen.query_one("#list-wish", FitTable)
        titles = [table.full[k][0] for k in table.full]
        row = titles.index(LONG_WISH)
        table.move_cursor(row=row)
        await pilot.pause()
        shown = _cell(table, row, 0)
        assert shown.endswith("…") and cell_len(shown) <= table.widths[0]
        assert LONG_WISH in str(screen.query_one("#row-detail").render())
        # Every row is as wide as the header: nothing shifted the last column.
        lines = _lines(table)[: table.row_count + 1]
        assert len({cell_len(line) for line in lines}) == 1


async def test_approval_toast_and_queue_name_whom_the_points_go_to(
    sqlite_server: ServerProcess,
) -> None:
    """A wish claimed and fulfilled by dy050: the queue shows dy050 (not the poster dy049), and
    the admin's toast says dy050 earned 心愿完成."""
    set_clock(sqlite_server, "2028-07-02T10:00:00+08:00")
    with sqlite_server.client() as http:
        poster, claimer = login(http, "dy049"), login(http, "dy050")
        body = {"title": "陪老党员去医院复查", "body": "说明", "contact": "13700000002"}
        wish = http.post("/api/v1/wishes", headers=poster, json=body).json()["item"]
        for action in ("claim", "fulfil"):
            assert http.post(f"/api/v1/wishes/{wish['id']}/{action}", headers=claimer).is_success
        claimer_name = http.get("/api/v1/me", headers=claimer).json()["display_name"]
        poster_name = http.get("/api/v1/me", headers=poster).json()["display_name"]
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await log_in(pilot, "zb005")
        await app.run_action("open('vanguard')")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#list-queue", FitTable)
        labels = [c.label for c in table.cols]
        assert strings.COL_PAYEE in labels
        row = table.get_row_index(str(wish["id"]))
        assert _cell(table, row, labels.index(strings.COL_PAYEE)) == claimer_name
        table.move_cursor(row=row)
        await pilot.pause()
        await pilot.press("a", "y")
        await settle(pilot)
        note = _notes(app)[-1]
        assert f"{claimer_name}:心愿完成 +10 积分" in note and poster_name not in note


async def test_shortcut_editor_counts_what_is_chosen(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy051")
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        chosen, limit = len(screen.chosen), screen.max_items  # type: ignore[attr-defined]
        count = screen.query_one("#edit-count")
        assert str(count.render()) == f"已选 {chosen}/{limit} 项"
        await pilot.press("space")  # the first row: a chosen shortcut, removed
        await pilot.pause()
        assert str(count.render()) == f"已选 {chosen - 1}/{limit} 项"
        assert "[ ]" in str(screen.query_one(OptionList).get_option_at_index(chosen - 1).prompt)
