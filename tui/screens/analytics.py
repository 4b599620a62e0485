"""数据分析示图 (党委, 党总支 admins): the figures of the daily job's last run for the admin's org
and, level by level, the orgs under it — the chosen metric's day and month, its trend (30 days
or 12 months, a plotext line), the orgs directly under it (their table, and a plotext bar chart
of the metric), the meeting types' completion (a table with bars) and every metric with a
sparkline. M changes the metric, P the period, T turns the charts into tables; Enter on an org
below drills into it, Esc (or Backspace) goes back up a level, then home.

plotext measures text by len(), so a Chinese label (two cells a character) would push its chart
out of line: the charts carry only digits (values, dates, the orgs' 序号) and the Chinese names
sit in the tables beside them, which FitTable cuts by display width.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.bar import Bar
from rich.color import Color
from rich.console import Console, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.renderables.sparkline import Sparkline
from textual.widgets import DataTable, Label, Static
from textual_plotext import PlotextPlot

from api_client import ApiError, ServerUnreachable, SessionExpired
from contract import schemas
from tui import strings
from tui.screens.base import PageScreen, row_detail, show_detail
from tui.widgets.fit_table import Cell, Col, FitTable

if TYPE_CHECKING:
    from api_client import GsdjClient

DEFAULT_METRIC = "study_points"  # what an upper org looks at first: its members' study
DAYS = 30
MONTHS = 12
MOST_BARS = 15  # more orgs below than this: the chart shows the largest, the table all
WIDE = 110  # from this width the table of the orgs below and its chart stand side by side
SPARK_COLOR = Color.parse("#3a7bd5")  # one colour: the heights say it all, also under NO_COLOR
BAR_CELLS = 12
BOXES = ("#an-trend-box", "#an-children-box", "#an-meetings-box", "#an-metrics-box")

Rows = list[tuple[str, tuple[Cell, ...]]]


def number(value: float | None, unit: str = "") -> str:
    """A figure as shown: whole numbers without decimals, a share with "%", a figure that is
    undefined (a share of none) as "—"."""
    if value is None:
        return strings.AN_NONE
    shown = f"{int(value)}" if float(value).is_integer() else f"{value:.1f}"
    if unit == "%":
        return f"{shown}%"
    return f"{shown} {unit}" if unit else shown


def _as_text(renderable: RenderableType, width: int) -> Text:
    """The first line of a Rich renderable (a sparkline, a bar) as a Text a table cell holds."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    line = console.render_lines(renderable, console.options.update_width(width), pad=False)[0]
    text = Text(no_wrap=True)
    for segment in line:
        text.append(segment.text, segment.style)
    return text


def sparkline(values: list[float | None]) -> Text:
    """Textual's sparkline of a series, one cell a period; the periods before the first figure
    stay blank (the figures began later). Empty below two figures: one would be a full bar that
    says nothing."""
    lead = next((i for i, v in enumerate(values) if v is not None), len(values))
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return Text("")
    spark = Sparkline(known, width=len(known), min_color=SPARK_COLOR, max_color=SPARK_COLOR)
    return Text.assemble(" " * lead, _as_text(spark, len(known)))


def share_bar(green: int, rows: int) -> Text:
    """Rich's bar of the green rows out of all, between marks (its length is the whole, also
    without colour), and the share in figures."""
    if rows == 0:
        return Text(strings.AN_NONE)
    bar = _as_text(Bar(rows, 0, green, width=BAR_CELLS, color="green"), BAR_CELLS)
    return Text.assemble("▕", bar, "▏", f" {round(100 * green / rows)}%")


def axis(values: list[float], percent: bool) -> tuple[float, list[float], list[str]]:
    """A chart's y axis from 0: its top (a little above the largest value, so that a line
    along it is not lost in the frame), three ticks and their labels (whole numbers where the
    values are)."""
    top = 100.0 if percent else max([*values, 0.0])
    if all(float(v).is_integer() for v in values):
        top = float(max(1, math.ceil(top)))
        ticks = sorted({0.0, float(round(top / 2)), top})
    else:
        ticks = [0.0, top / 2, top]
    return top * 1.05, ticks, [number(t) for t in ticks]


def periods(as_of: str, by_month: bool) -> list[str]:
    """The ISO days (or first days of months) a trend covers, oldest first, ending at `as_of`."""
    last = date.fromisoformat(as_of)
    if not by_month:
        return [(last - timedelta(days=n)).isoformat() for n in range(DAYS - 1, -1, -1)]
    index = last.year * 12 + last.month - 1
    return [
        date((index - n) // 12, (index - n) % 12 + 1, 1).isoformat()
        for n in range(MONTHS - 1, -1, -1)
    ]


def x_ticks(count: int, by_month: bool) -> list[int]:
    """Where the dates go under a trend of `count` periods: every week (or quarter) and the last."""
    last = count - 1
    step = 3 if by_month else 7
    where = sorted({*range(0, last, step), last})
    if len(where) > 2 and last - where[-2] <= step // 2:
        where.pop(-2)  # the last date would run into the one before
    return where


class AnalyticsScreen(PageScreen):
    TITLE_TEXT = strings.ANALYTICS_TITLE
    BINDINGS = [
        Binding("escape", "up", strings.AN_KEY_BACK),
        Binding("f1", "app.guide", strings.GUIDE_KEY_SHORT),
        Binding("m", "metric(1)", strings.AN_KEY_METRIC),
        Binding("M", "metric(-1)", strings.AN_KEY_METRIC_BACK, show=False),
        Binding("p", "period", strings.AN_KEY_PERIOD),
        Binding("t", "tables", strings.AN_KEY_TABLES),
        # Priority, so that the footer shows it over the table's own (hidden) Enter; it is
        # enabled only on the table of the orgs below (check_action).
        Binding("enter", "drill", strings.AN_KEY_DRILL, priority=True),
        Binding("backspace", "up", strings.AN_KEY_BACK, show=False),
        Binding("r", "refresh", strings.AN_KEY_REFRESH),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: schemas.AnalyticsOut | None = None
        self.metric = DEFAULT_METRIC
        self.by_month = False
        self.tables = False
        # The orgs drilled into, and the row each was chosen on (the cursor lands there again
        # coming back up); empty: the admin's own org.
        self.stack: list[int] = []
        self.came_from: list[str] = []
        self.landing: str | None = None
        self.focus_children = True  # a new org's table of the orgs below takes the focus once

    def body(self) -> ComposeResult:
        yield Static("", id="an-head", classes="hint")
        yield Static("", id="an-figure")
        with Vertical(id="an-trend-box"):
            yield Label("", id="an-trend-title", classes="an-section")
            yield PlotextPlot(id="an-trend")
            yield FitTable(strings.COL_DAY, "", id="an-trend-table")
            yield Static(strings.AN_TREND_EMPTY, id="an-trend-empty", classes="hint")
        with Vertical(id="an-children-box"):
            yield Label("", id="an-children-title", classes="an-section")
            # The table first: at 80×24 its first row, under the cursor, is on the first screen.
            with Horizontal(id="an-children-row"):
                with Vertical(id="an-children-side"):
                    yield FitTable(
                        strings.COL_NO, Col(strings.COL_ORG, 8), strings.COL_KIND,
                        strings.COL_AN_DAY, strings.COL_AN_MONTH, id="an-children",
                    )  # fmt: skip
                    yield row_detail("an-children-detail")
                yield PlotextPlot(id="an-children-chart")
        with Vertical(id="an-meetings-box"):
            yield Label("", id="an-meetings-title", classes="an-section")
            yield FitTable(
                Col(strings.COL_MEETING_TYPE, 6), strings.COL_MEETINGS_HELD,
                strings.COL_GREEN_ROWS, strings.COL_GREEN_SHARE, id="an-meetings",
            )  # fmt: skip
        with Vertical(id="an-metrics-box"):
            yield Label("", id="an-metrics-title", classes="an-section")
            yield FitTable(
                "", Col(strings.COL_METRIC, 6), strings.COL_AN_DAY, strings.COL_AN_MONTH, "",
                id="an-metrics",
            )  # fmt: skip

    def on_mount(self) -> None:
        self._boxes(False)
        self.load()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    def _boxes(self, shown: bool) -> None:
        for box in BOXES:
            self.query_one(box).display = shown

    # -- loading --------------------------------------------------------------------------------

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        org_id = self.stack[-1] if self.stack else None
        self.focus_children = True

        async def view_or_refusal(client: GsdjClient) -> schemas.AnalyticsOut | str:
            try:
                return await client.analytics(org_id)
            except (ServerUnreachable, SessionExpired):
                raise
            except ApiError as exc:
                # 403 (this account may not use 数据分析示图, or the org is out of its scope),
                # 404 (the org is gone): the server's own message, on the page.
                return exc.message

        shown = False

        def show(answer: schemas.AnalyticsOut | str) -> None:
            nonlocal shown
            shown = True
            self.show(answer)

        await self.app.fetch_fresh(view_or_refusal, show)
        if not shown and org_id is not None and self.stack and self.stack[-1] == org_id:
            # Offline and never seen here (the app said so): stay on the org shown.
            self.stack.pop()
            self.came_from.pop()

    def show(self, answer: schemas.AnalyticsOut | str) -> None:
        if isinstance(answer, str):
            self.view = None
            self.query_one("#an-head", Static).update(answer)
            self.query_one("#an-figure", Static).update("")
            self._boxes(False)
            self.refresh_bindings()
            return
        if self.stack and answer.org.id != self.stack[-1]:
            return  # the answer for an org the user has left meanwhile
        self.view = answer
        codes = [m.code for m in answer.metrics]
        if self.metric not in codes and codes:
            self.metric = codes[0]
        self.paint()

    # -- painting -------------------------------------------------------------------------------

    def paint(self) -> None:
        """Everything from the answer kept, for the metric, period and mode chosen: M, P and T
        repaint without asking the server again."""
        view = self.view
        if view is None:
            return
        self._head(view)
        metric = next((m for m in view.metrics if m.code == self.metric), None)
        self._boxes(view.as_of is not None and metric is not None)
        figure = self.query_one("#an-figure", Static)
        if view.as_of is None or metric is None:
            figure.update("")  # no run yet: the head says the server's message
            self.refresh_bindings()
            return
        figure.update(
            strings.AN_FIGURE.format(
                name=metric.name, day=number(view.day.get(metric.code), metric.unit),
                month=number(view.month.get(metric.code), metric.unit),
                n=view.metrics.index(metric) + 1, total=len(view.metrics),
            )
        )  # fmt: skip
        axis_periods = periods(view.as_of, self.by_month)
        self._trend(view, metric, axis_periods)
        self._children(view, metric)
        self._meetings(view)
        self._metrics(view, axis_periods)
        self.refresh_bindings()

    def _head(self, view: schemas.AnalyticsOut) -> None:
        """The org's path from the admin's own org down, and as of when (or why nothing yet)."""
        path = view.path
        account = self.app.session.account
        own = account.org.id if account is not None and account.org is not None else None
        ids = [o.id for o in path]
        if own in ids:
            path = path[ids.index(own) :]
        lines = [" › ".join(o.name for o in path) + f"({view.org.kind_name})"]
        if view.as_of is not None:
            lines.append(strings.AN_AS_OF.format(as_of=view.as_of))
        if view.message:
            lines.append(view.message)
        if self.stack:
            lines[-1] += "  " + strings.AN_BACK_HINT
        self.query_one("#an-head", Static).update("\n".join(lines))

    def _points(self, view: schemas.AnalyticsOut) -> dict[str, schemas.Figures]:
        return {p.period: p.values for p in (view.months if self.by_month else view.days)}

    def _period_label(self, iso: str) -> str:
        return iso[:7] if self.by_month else iso[5:]

    def _trend(
        self, view: schemas.AnalyticsOut, metric: schemas.MetricOut, axis_periods: list[str]
    ) -> None:
        title = strings.AN_TREND_MONTHS if self.by_month else strings.AN_TREND_DAYS
        self.query_one("#an-trend-title", Label).update(
            title.format(name=metric.name, unit=metric.unit)
        )
        points = self._points(view)
        known = [
            (i, p, value)
            for i, p in enumerate(axis_periods)
            if (value := points.get(p, {}).get(metric.code)) is not None
        ]
        self.query_one("#an-trend-empty").display = not known
        plot = self.query_one("#an-trend", PlotextPlot)
        table = self.query_one("#an-trend-table", FitTable)
        plot.display = bool(known) and not self.tables
        table.display = bool(known) and self.tables
        if self.tables:
            table.cols = [
                Col(strings.COL_MONTH if self.by_month else strings.COL_DAY),
                Col(f"{metric.name}({metric.unit})"),
            ]
            rows: Rows = [(p, (self._period_label(p), number(v))) for _, p, v in reversed(known)]
            table.fill(rows, focus=False)
            return
        plt = plot.plt
        plt.clear_figure()
        if known:
            xs = [float(i) for i, _, _ in known]
            ys = [float(v) for _, _, v in known]
            plt.plot(xs, ys, marker="hd")
            if len(known) < 3:
                plt.scatter(xs, ys, marker="●")  # a line of one or two points is hard to see
            top, ticks, labels = axis(ys, metric.unit == "%")
            plt.ylim(0, top)
            plt.yticks(ticks, labels)
        where = x_ticks(len(axis_periods), self.by_month)
        plt.xlim(0, len(axis_periods) - 1)
        plt.xticks([float(i) for i in where], [self._period_label(axis_periods[i]) for i in where])
        plot.refresh()

    def _child_value(self, child: schemas.StatOrg) -> float | None:
        return (child.month if self.by_month else child.day).get(self.metric)

    def _children(self, view: schemas.AnalyticsOut, metric: schemas.MetricOut) -> None:
        title = self.query_one("#an-children-title", Label)
        self.query_one("#an-children-row").display = bool(view.children)
        if not view.children:
            title.update(strings.AN_NO_CHILDREN.format(name=view.org.name))
            return
        period = strings.AN_PERIOD_MONTH if self.by_month else strings.AN_PERIOD_DAY
        numbered = list(enumerate(view.children, start=1))
        drawn = numbered
        note = strings.AN_CHART_NOTE
        if len(numbered) > MOST_BARS:
            drawn = sorted(numbered, key=lambda c: self._child_value(c[1]) or 0.0, reverse=True)
            drawn = sorted(drawn[:MOST_BARS], key=lambda c: c[0])
            note = strings.AN_CHART_NOTE_TOP.format(n=MOST_BARS)
        title.update(
            strings.AN_CHILDREN_TITLE.format(
                period=period, name=metric.name, note="" if self.tables else note
            )
        )
        table = self.query_one("#an-children", FitTable)
        unit = f"({metric.unit})"
        table.cols = [
            Col(strings.COL_NO), Col(strings.COL_ORG, 8), Col(strings.COL_KIND),
            Col(strings.COL_AN_DAY + unit), Col(strings.COL_AN_MONTH + unit),
        ]  # fmt: skip
        rows: Rows = [
            (str(c.org.id), (str(n), c.org.name, c.org.kind_name,
                             number(c.day.get(metric.code)), number(c.month.get(metric.code))))
            for n, c in numbered
        ]  # fmt: skip
        table.fill(rows, focus=self.focus_children)
        self.focus_children = False
        if self.landing is not None and self.landing in table.full:
            table.move_cursor(row=table.get_row_index(self.landing))
        self.landing = None
        self.update_detail()
        plot = self.query_one("#an-children-chart", PlotextPlot)
        plot.display = not self.tables
        if self.tables:
            return
        values = [self._child_value(c) or 0.0 for _, c in drawn]
        plt = plot.plt
        plt.clear_figure()
        plt.bar([str(n) for n, _ in drawn], values, width=0.5)
        top, ticks, labels = axis(values, metric.unit == "%")
        plt.ylim(0, top)
        plt.yticks(ticks, labels)
        plot.refresh()

    def _meetings(self, view: schemas.AnalyticsOut) -> None:
        self.query_one("#an-meetings-title", Label).update(
            strings.AN_MEETINGS_TITLE.format(as_of=view.as_of)
        )
        rows: Rows = [
            (m.type, (m.type_name, str(m.held), f"{m.green}/{m.rows}", share_bar(m.green, m.rows)))
            for m in view.meetings
        ]
        self.query_one("#an-meetings", FitTable).fill(rows, focus=False)

    def _metrics(self, view: schemas.AnalyticsOut, axis_periods: list[str]) -> None:
        spark = strings.AN_SPARK_MONTHS if self.by_month else strings.AN_SPARK_DAYS
        self.query_one("#an-metrics-title", Label).update(
            strings.AN_METRICS_TITLE.format(spark=spark)
        )
        table = self.query_one("#an-metrics", FitTable)
        table.cols = [Col(""), Col(strings.COL_METRIC, 6), Col(strings.COL_AN_DAY),
                      Col(strings.COL_AN_MONTH), Col(spark)]  # fmt: skip
        points = self._points(view)
        rows: Rows = []
        for m in view.metrics:
            current = m.code == self.metric
            series = [points.get(p, {}).get(m.code) for p in axis_periods]
            rows.append(
                (m.code, (strings.AN_CURRENT if current else "",
                          Text(m.name, style="bold") if current else m.name,
                          number(view.day.get(m.code), m.unit),
                          number(view.month.get(m.code), m.unit), sparkline(series)))
            )  # fmt: skip
        table.fill(rows, focus=False)

    def update_detail(self) -> None:
        show_detail(self, self.query_one("#an-children", FitTable), "an-children-detail")

    @on(DataTable.RowHighlighted, "#an-children")
    def _highlighted(self) -> None:
        self.update_detail()

    # -- keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill":
            tables = self.query("#an-children").results(FitTable)
            table = next(tables, None)
            return table is not None and table.has_focus and table.row_count > 0
        if action in ("metric", "period", "tables"):
            return self.view is not None and self.view.as_of is not None
        return True

    def action_metric(self, step: int) -> None:
        if self.view is None or not self.view.metrics:
            return
        codes = [m.code for m in self.view.metrics]
        self.metric = codes[(codes.index(self.metric) + step) % len(codes)]
        self.paint()

    def action_period(self) -> None:
        self.by_month = not self.by_month
        self.paint()

    def action_tables(self) -> None:
        self.tables = not self.tables
        self.paint()

    def action_drill(self) -> None:
        key = self.query_one("#an-children", FitTable).current_key()
        if key is None or self.view is None or not self.view.children:
            return
        self.stack.append(int(key))
        self.came_from.append(key)
        self.load()

    @on(DataTable.RowSelected, "#an-children")
    def _selected(self) -> None:
        self.action_drill()  # a click on the row under the cursor, as Enter

    async def action_up(self) -> None:
        if not self.stack:
            await self.app.run_action("app.home")
            return
        self.stack.pop()
        self.landing = self.came_from.pop()
        self.load()

    def action_refresh(self) -> None:
        self.load()
