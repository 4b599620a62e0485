"""数据分析示图 (issue 17) with Pilot on a real demo server with its weeks of history: a 党委 admin
sees its org's figures, trend, the orgs under it and the meeting types as the API answers them;
M / P / T change the metric, the period and charts into tables; Enter drills down a level and Esc
comes back to the same row; a 党支部 admin and a member get the server's refusal on the page;
offline, what was seen is shown from the cache; under NO_COLOR the charts still say it in
characters, and the Chinese names are in tables, aligned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual_plotext import PlotextPlot

from contract import schemas
from tests.conftest import login
from tests.servers import ServerProcess, start_server
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_layout import _footer, _lines, _shown_keys
from tui import strings
from tui.screens.analytics import AnalyticsScreen, number
from tui.screens.home import HomeScreen
from tui.widgets.fit_table import FitTable, plain

DENIED = "该用户没有权限登录此系统,请联系管理员"


@pytest.fixture(scope="module")
def history_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The demo with its two weeks of history (what `gsdj --demo` runs): trends to draw."""
    workdir = tmp_path_factory.mktemp("analytics-server")
    proc = start_server(workdir, f"sqlite:///{workdir / 'gsdj.sqlite3'}", extra=("--history",))
    yield proc
    proc.stop()


def _view(server: ServerProcess, user: str, org_id: int | None = None) -> schemas.AnalyticsOut:
    with server.client() as http:
        params = {"org_id": org_id} if org_id is not None else {}
        answer = http.get("/api/v1/analytics", headers=login(http, user), params=params)
        assert answer.status_code == 200, answer.text
        return schemas.AnalyticsOut.model_validate_json(answer.content)


def _text(screen: AnalyticsScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _rows(screen: AnalyticsScreen, selector: str) -> list[list[str]]:
    table = screen.query_one(selector, FitTable)
    return [[plain(c) for c in cells] for cells in table.full.values()]


def _plot(screen: AnalyticsScreen, selector: str) -> str:
    return "\n".join(_lines(screen.query_one(selector, PlotextPlot)))


async def _open(pilot: Pilot) -> AnalyticsScreen:
    """From home, by the shortcut's digit, as a user would."""
    codes = [b.shortcut_code for b in pilot.app.screen.query("#shortcuts Button")]  # type: ignore[attr-defined]
    await pilot.press(str(codes.index("analytics") + 1))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AnalyticsScreen)
    return screen


def _metric(view: schemas.AnalyticsOut, code: str) -> schemas.MetricOut:
    return next(m for m in view.metrics if m.code == code)


def _children_as_api(view: schemas.AnalyticsOut, code: str) -> list[list[str]]:
    return [
        [str(n), c.org.name, c.org.kind_name, number(c.day[code]), number(c.month[code])]
        for n, c in enumerate(view.children, start=1)
    ]


async def test_a_committee_sees_its_subtree_as_the_api_answers(
    history_server: ServerProcess,
) -> None:
    view = _view(history_server, "dw001")
    assert view.as_of is not None and view.children and len(view.days) >= 10
    app = make_app(history_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dw001")
        screen = await _open(pilot)
        head = _text(screen, "#an-head")
        assert view.org.name in head and strings.AN_AS_OF.format(as_of=view.as_of) in head
        study = _metric(view, "study_points")
        figure = _text(screen, "#an-figure")
        assert study.name in figure
        assert f"当日 {number(view.day['study_points'], study.unit)}" in figure
        assert f"本月 {number(view.month['study_points'], study.unit)}" in figure
        # The trend: a line over the last 30 days, dated at both ends.
        trend = _plot(screen, "#an-trend")
        assert view.as_of[5:] in trend and any(ch in trend for ch in "▀▄▖▗▘▝▚▞")
        # The orgs directly under it: the table has them as the API does, the chart their 序号.
        assert _rows(screen, "#an-children") == _children_as_api(view, "study_points")
        bars = _plot(screen, "#an-children-chart")
        assert "█" in bars
        assert all(str(n) in bars for n in range(1, len(view.children) + 1))
        meetings = _rows(screen, "#an-meetings")
        assert [r[:3] for r in meetings] == [
            [m.type_name, str(m.held), f"{m.green}/{m.rows}"] for m in view.meetings
        ]
        assert [r[3].rsplit(" ", 1)[-1] for r in meetings] == [_share(m) for m in view.meetings]
        # Every metric, the current one marked, with a sparkline of its days.
        metrics = _rows(screen, "#an-metrics")
        assert [r[1] for r in metrics] == [m.name for m in view.metrics]
        assert [r[0] for r in metrics].count(strings.AN_CURRENT) == 1
        assert metrics[[m.code for m in view.metrics].index("study_points")][0] == "▶"
        assert all(any(ch in r[4] for ch in "▁▂▃▄▅▆▇█") for r in metrics)
        # The keys whole in the footer at 80 columns, Enter among them on the table.
        assert screen.query_one("#an-children", FitTable).has_focus
        footer = _footer(app)
        for key in _shown_keys(screen):
            assert key in footer, (key, footer)
        assert strings.AN_KEY_DRILL in footer


def _share(m: schemas.StatMeeting) -> str:
    if not m.rows:
        return strings.AN_NONE
    return f"{round(100 * m.green / m.rows)}%"


async def test_metric_period_and_table_keys_change_what_is_drawn(
    history_server: ServerProcess,
) -> None:
    view = _view(history_server, "dw001")
    codes = [m.code for m in view.metrics]
    app = make_app(history_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "dw001")
        screen = await _open(pilot)
        before = _plot(screen, "#an-trend")
        await pilot.press("m")
        await pilot.pause()
        following = view.metrics[codes.index("study_points") + 1]
        assert following.name in _text(screen, "#an-figure")
        assert following.name in _text(screen, "#an-trend-title")
        assert _rows(screen, "#an-children") == _children_as_api(view, following.code)
        assert _plot(screen, "#an-trend") != before
        await pilot.press("M")
        await pilot.pause()
        assert _plot(screen, "#an-trend") == before
        # 12 months: the months on the axis, the orgs below compared by the month's figures.
        await pilot.press("p")
        await pilot.pause()
        assert "近12个月" in _text(screen, "#an-trend-title")
        assert view.months[-1].period[:7] in _plot(screen, "#an-trend")
        assert strings.AN_PERIOD_MONTH in _text(screen, "#an-children-title")
        await pilot.press("p")
        await pilot.pause()
        # T: the trend as a table of its days (newest first), the bar chart gone, and back.
        await pilot.press("t")
        await pilot.pause()
        assert not screen.query_one("#an-trend", PlotextPlot).display
        assert not screen.query_one("#an-children-chart", PlotextPlot).display
        assert screen.query_one("#an-trend-table", FitTable).display
        assert _rows(screen, "#an-trend-table") == [
            [p.period[5:], number(p.values["study_points"])] for p in reversed(view.days)
        ]
        assert _rows(screen, "#an-children") == _children_as_api(view, "study_points")
        await pilot.press("t")
        await pilot.pause()
        assert screen.query_one("#an-trend", PlotextPlot).display
        assert _plot(screen, "#an-trend") == before


async def test_enter_drills_into_an_org_below_and_esc_comes_back_to_its_row(
    history_server: ServerProcess,
) -> None:
    top = _view(history_server, "dw001")
    first = top.children[0]
    below = _view(history_server, "dw001", first.org.id)
    assert below.children, "dw001's first org below is a 党总支 with branches"
    branch = below.children[-1]
    app = make_app(history_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dw001")
        screen = await _open(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view is not None and screen.view.org.id == first.org.id
        head = _text(screen, "#an-head")
        assert f"{top.org.name} › {first.org.name}" in head and strings.AN_BACK_HINT in head
        assert _rows(screen, "#an-children") == _children_as_api(below, "study_points")
        assert f"当日 {number(below.day['study_points'], '分')}" in _text(screen, "#an-figure")
        for _ in below.children[:-1]:
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view is not None and screen.view.org.id == branch.org.id
        assert strings.AN_NO_CHILDREN.format(name=branch.org.name) in _text(
            screen, "#an-children-title"
        )
        await pilot.press("escape")
        await settle(pilot)
        assert screen.view is not None and screen.view.org.id == first.org.id
        table = screen.query_one("#an-children", FitTable)
        assert table.current_key() == str(branch.org.id)  # back on the row it came from
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.view is not None and screen.view.org.id == top.org.id
        assert strings.AN_BACK_HINT not in _text(screen, "#an-head")
        assert len(below.children) > 1 and table.current_key() == str(first.org.id)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("user", ["zb001", "dy001"])
async def test_a_branch_admin_or_a_member_reads_the_servers_refusal(
    history_server: ServerProcess, user: str
) -> None:
    with history_server.client() as http:
        h = login(http, user)
        answer = http.get("/api/v1/analytics", headers=h)
        assert answer.status_code == 403 and answer.json()["message"] == DENIED
        codes = [s["code"] for s in http.get("/api/v1/me/shortcuts", headers=h).json()["items"]]
    assert "analytics" not in codes
    app = make_app(history_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, user)
        app.clear_notifications()
        await app.run_action("open('analytics')")  # as a palette would, were it offered
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AnalyticsScreen)
        assert _text(screen, "#an-head") == DENIED
        assert not screen.query_one("#an-trend-box").display
        assert not screen.query_one("#an-children-box").display
        assert not app._notifications  # said on the page, not as an error toast
        for key in ("m", "p", "t", "enter"):
            await pilot.press(key)
        await settle(pilot)
        assert _text(screen, "#an-head") == DENIED


async def test_offline_the_cached_view_is_shown_and_drills_where_it_was_seen(
    tmp_path: Path,
) -> None:
    server = start_server(tmp_path / "server", f"sqlite:///{tmp_path / 'gsdj.sqlite3'}")
    view = _view(server, "dw001")
    first = view.children[0]
    app = make_app(server.url)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await log_in(pilot, "dw001")
            screen = await _open(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await app.action_home()
            await settle(pilot)

            server.stop()

            screen = await _open(pilot)
            assert app.connection == "offline"
            assert strings.DATA_AGE.split("{")[0] in _text(screen, "#age")
            assert _rows(screen, "#an-children") == _children_as_api(view, "study_points")
            assert view.org.name in _text(screen, "#an-head")
            await pilot.press("enter")  # seen before: from the cache
            await settle(pilot)
            assert screen.view is not None and screen.view.org.id == first.org.id
            await pilot.press("enter")  # never seen on this terminal: it says so, stays
            await settle(pilot)
            assert screen.stack == [first.org.id]
            assert screen.view.org.id == first.org.id
            assert strings.NOT_CACHED in _text(screen, "#not-cached")
    finally:
        server.stop()


async def test_without_colour_the_charts_still_speak_and_chinese_lines_up(
    history_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(history_server.url)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dw001")
        screen = await _open(pilot)
        # Shapes, marks and figures, not colours: a line, bars, the current metric's ▶, the
        # share of green rows in a bar between marks and in figures.
        assert any(ch in _plot(screen, "#an-trend") for ch in "▀▄▖▗▘▝▚▞")
        assert "█" in _plot(screen, "#an-children-chart")
        meetings = screen.query_one("#an-meetings", FitTable)
        shares = [plain(cells[3]) for cells in meetings.full.values()]
        assert all(s == strings.AN_NONE or (s.startswith("▕") and s.endswith("%")) for s in shares)
        # Chinese names in the tables: each row's columns start at the same display column.
        table = screen.query_one("#an-children", FitTable)
        lines = [line for line in _lines(table) if line.strip()]
        starts = [_column_starts(line) for line in lines[: 1 + table.row_count]]
        assert len({tuple(s[:3]) for s in starts}) == 1, lines
        assert all(cell_len(line) <= table.size.width for line in lines)


def _column_starts(line: str) -> list[int]:
    """The display columns where the cells of a rendered table line begin (after 2+ spaces)."""
    starts, width, gap = [], 0, 2
    for ch in line:
        if ch != " " and gap >= 2:
            starts.append(width)
        gap = gap + 1 if ch == " " else 0
        width += cell_len(ch)
    return starts


def test_number_shows_whole_figures_shares_and_the_undefined() -> None:
    assert number(36.0, "分") == "36 分"
    assert number(2.4, "分") == "2.4 分"
    assert number(22.7, "%") == "22.7%"
    assert number(None, "%") == strings.AN_NONE
    assert number(0.0) == "0"
