"""党建大屏 (省委组织部): the dashboard an activity room's screen or TV shows unattended.

Its panels follow one another on their own (`CYCLE_SECONDS`): 全省概况 in large digits, the trends
of 30 days and 12 months (textual-plotext), the 市州 ranked by 督办达标率 with bars, the map of
the 市州 shaded by it (党建地图's `GansuMap`), the meeting types. Every `REFRESH_SECONDS` it asks the server again through the app's client; when the server
is gone the last answer stays on screen with 连接中断 and the time it was fetched, while the app's
probe looks for the server, and the screen asks again as soon as it is back. No key is needed to
keep it going (Space and ←/→ step by hand). The panels are built once and only switched and
refilled, so hours of cycling do not grow the memory (tests/tui/test_big_screen.py).

Started as 展室模式 (`gsdj --kiosk --big-screen`) it is locked: leaving it takes the kiosk's PIN
(`app.ask_kiosk_pin`, the rule Ctrl+Q follows), nothing else opens from it (`kiosk_locked`, read
by the app's `check_action`), and the idle logout waits while it is up (`UNATTENDED`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Digits, Footer, Label, Static
from textual_plotext import PlotextPlot

from contract import schemas
from tui import strings
from tui.format import when_short
from tui.widgets.fit_table import Col, FitTable
from tui.widgets.gansu_map import GansuMap
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from api_client import GsdjClient
    from tui.protocol import AppLike

PANELS = tuple(strings.BIG_PANELS)  # in the order they are shown
BLOCKS = " ▏▎▍▌▋▊▉"  # eighths of a cell, for the bars' ends


def number(value: float | None, unit: str = "") -> str:
    """A figure as the large digits show it: thousands separated, shares with one decimal,
    "--" where the server says there is none (a share of no branches)."""
    if value is None:
        return "--"
    if unit == "%" or value != int(value):
        return f"{value:,.1f}"
    return f"{int(value):,}"


def bar(share: float | None, width: int) -> Text:
    """A share (0–100) as a bar of `width` cells and its figure: full cells, an eighth-cell end
    and ░ for the rest, so its length reads without colour."""
    if share is None:
        return Text(strings.BIG_NO_SHARE, style="dim")
    eighths = round(max(0.0, min(share, 100.0)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    filled = "█" * full + (BLOCKS[part] if part else "")
    text = Text(filled, style="bold green")
    text.append("░" * (width - len(filled)), style="dim")
    text.append(f" {share:5.1f}%")
    return text


async def _refused_or(client: GsdjClient) -> schemas.BigScreenOut | str:
    """The request: the big screen's figures, or the server's refusal as text to show."""
    from api_client import ApiError

    try:
        return await client.big_screen()
    except ApiError as exc:
        if exc.status == 403:
            return exc.message  # 用户无该权限 and the like: said on the screen, once
        raise


def _board(id: str, *cols: Col | str) -> FitTable:
    """A table to be read from across the room, not worked in: no cursor, nothing to focus."""
    table = FitTable(*cols, id=id)
    table.cursor_type = "none"
    table.can_focus = False
    table.add_class("big-table")
    return table


class Figure(Vertical):
    """One key figure: its name, the value in large digits, a line of context."""

    DEFAULT_CSS = """
    Figure { border: round $accent; height: auto; padding: 0 1; }
    Figure > .figure-name { width: 100%; text-align: center; text-style: bold; }
    Figure > Digits { width: 100%; text-align: center; color: $accent; }
    Figure > .figure-note { width: 100%; text-align: center; color: $text-muted; }
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.name_label = Label("", classes="figure-name")
        self.digits = Digits("--")
        self.note = Label("", classes="figure-note")

    def compose(self) -> ComposeResult:
        yield self.name_label
        yield self.digits
        yield self.note

    def show(self, name: str, value: str, note: str) -> None:
        self.name_label.update(name)
        self.digits.update(value)
        self.note.update(note)


class Trend(Vertical):
    """One trend: a title above a plotext chart of one series (bars or a line)."""

    DEFAULT_CSS = """
    Trend { width: 1fr; height: 1fr; padding: 0 1; }
    Trend > Label { width: 100%; text-align: center; text-style: bold; }
    Trend > PlotextPlot { height: 1fr; }
    """

    def __init__(self, title: str, kind: Literal["bar", "line"], *, id: str) -> None:
        super().__init__(id=id)
        self.title = title
        self.kind = kind
        self.plot = PlotextPlot()

    def compose(self) -> ComposeResult:
        yield Label(self.title)
        yield self.plot

    def show(self, labels: list[str], values: list[float | None]) -> None:
        """Draw the series again on the same plot (the widget is reused, never remounted)."""
        plot = self.plot
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.frame(False)
        points = [(i, v) for i, v in enumerate(values, start=1) if v is not None]
        if points:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            if self.kind == "bar":
                plt.bar(xs, ys, width=0.6, marker="hd")
            else:
                plt.plot(xs, ys, marker="hd")
            step = max(1, len(labels) // 4)
            ticks = list(range(1, len(labels) + 1, step))
            plt.xticks(ticks, [labels[t - 1] for t in ticks])
            low = min(0.0, min(ys))
            high = max(ys)
            plt.ylim(low, high * 1.1 if high > 0 else 1.0)
        else:
            plt.text(strings.BIG_NO_SERIES, 1, 0)
        plot.refresh()


class BigScreen(Screen[None]):
    TITLE_TEXT = strings.BIG_SCREEN_TITLE
    # The kiosk's idle logout waits while this screen is up: it is meant to run unattended.
    UNATTENDED: ClassVar[bool] = True
    CYCLE_SECONDS: ClassVar[float] = 15.0  # one panel to the next
    REFRESH_SECONDS: ClassVar[float] = 300.0  # ask the server again
    # When an answer arrived (for 已刷新 and 连接中断's "fetched at"); tests fix it.
    clock: Callable[[], float] = staticmethod(time.time)

    BINDINGS = [
        Binding("space,right", "step(1)", strings.BIG_NEXT, key_display="空格/→"),
        Binding("left", "step(-1)", strings.BIG_PREV, key_display="←"),
        # One Esc, two meanings: home, or — locked in a kiosk — the PIN first (check_action).
        Binding("escape", "leave", strings.BIG_LEAVE_KIOSK),
        Binding("escape", "app.home", "返回首页"),
        Binding("f1", "app.guide", "操作指南"),
    ]

    DEFAULT_CSS = """
    BigScreen #big-top { height: 1; padding: 0 1; }
    BigScreen #big-title { width: 1fr; text-style: bold; color: $accent; }
    BigScreen #big-pager { width: auto; text-style: bold; }
    BigScreen #big-status { height: 1; padding: 0 1; color: $text-muted;
                            text-wrap: nowrap; text-overflow: ellipsis; }
    BigScreen #big-status.offline { color: $error; text-style: bold; }
    BigScreen #big-refused { padding: 1 2; text-style: bold; color: $error; display: none; }
    BigScreen.-refused #big-refused { display: block; }
    BigScreen.-refused #big-panels { display: none; }
    BigScreen #big-panels { height: 1fr; }
    BigScreen #overview { padding: 0 1; align: center middle; }
    BigScreen #figures { grid-size: 2 2; grid-gutter: 1 2; grid-rows: auto; height: auto; }
    BigScreen #vanguard-line { width: 100%; text-align: center; height: 1; margin-top: 1; }
    BigScreen #days, BigScreen #months, BigScreen #map { height: 1fr; }
    BigScreen #big-map { margin: 0 1; }
    BigScreen .big-table { height: 1fr; margin: 0 1; }
    """

    app: AppLike  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.shown: schemas.BigScreenOut | None = None  # the data on screen now
        self.fetched_at: float | None = None  # when it was fetched (Unix time)
        self.refused: str | None = None  # the server's refusal, shown instead of the panels
        self.panel = 0
        self.cycle_timer: Timer | None = None
        self.refresh_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with Horizontal(id="big-top"):
            yield Label(strings.BIG_SCREEN_TITLE, id="big-title")
            yield Label("", id="big-pager")
        yield Static(strings.BIG_LOADING, id="big-status", markup=False)
        yield Static("", id="big-refused", markup=False)
        with ContentSwitcher(id="big-panels", initial=PANELS[0]):
            with Vertical(id="overview"):
                with Grid(id="figures"):
                    for code in ("members", "active", "green_share", "study_points"):
                        yield Figure(id=f"figure-{code}")
                yield Label("", id="vanguard-line")
            with Horizontal(id="days"):
                yield Trend(strings.BIG_CHART_ACTIVE, "line", id="trend-active")
                yield Trend(strings.BIG_CHART_POINTS_DAY, "bar", id="trend-points-day")
            with Horizontal(id="months"):
                yield Trend(strings.BIG_CHART_POINTS_MONTH, "bar", id="trend-points-month")
                yield Trend(strings.BIG_CHART_GREEN, "line", id="trend-green")
            with Vertical(id="ranking"):
                yield _board(
                    "ranking-table", strings.COL_RANK, Col(strings.BIG_COL_CITY, 4),
                    strings.BIG_COL_GREEN_SHARE, strings.BIG_COL_MEMBERS,
                    strings.BIG_COL_ACTIVE_DAY, strings.BIG_COL_ACTIVE_WEEK,
                )  # fmt: skip
            with Vertical(id="map"):
                yield GansuMap(id="big-map")
            with Vertical(id="meetings"):
                yield _board(
                    "meetings-table", Col(strings.BIG_COL_MEETING_TYPE, 6), strings.COL_HELD,
                    strings.BIG_COL_GREEN_ROWS, strings.BIG_COL_GREEN_RATE,
                )  # fmt: skip
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.cycle_timer = self.set_interval(self.CYCLE_SECONDS, self.next_panel, name="cycle")
        self.refresh_timer = self.set_interval(self.REFRESH_SECONDS, self.reload, name="refresh")
        self.watch(self.app, "connection", self._connection_changed, init=False)
        self._show_pager()
        # After the first paint: a cached answer comes at once, before the panels' own parts
        # (the map's canvas) would be there to take it.
        self.call_after_refresh(self.load)

    # -- the data ------------------------------------------------------------------------------

    @work(exclusive=True, group="big-screen")
    async def load(self) -> None:
        """The first paint: what this terminal cached last time, then the server's answer."""
        answer = await self.app.fetch_fresh(_refused_or, self.show)
        if isinstance(answer, schemas.BigScreenOut):
            self._fetched()  # the server's answer, even when it is the cached one again
        self._update_status()

    @work(exclusive=True, group="big-screen")
    async def reload(self) -> None:
        """The refresh timer's tick: ask again; a new answer refills the panels in place."""
        answer = await self.app.fetch(_refused_or)
        if answer is not None and answer != self.shown:
            self.show(answer)
        elif answer is not None:
            self._fetched()
        self._update_status()

    def _connection_changed(self, state: str) -> None:
        self._update_status()
        if state == "online" and self.refused is None:
            self.reload()  # the server is back: fresh data now, not at the next tick

    def _fetched(self) -> None:
        age = self.app.data_age  # set by fetch: the fetch time of a cached answer
        self.fetched_at = age if age is not None else self.clock()

    def show(self, answer: schemas.BigScreenOut | str) -> None:
        if isinstance(answer, str):
            self.refused = answer
            self.add_class("-refused")
            self.query_one("#big-refused", Static).update(answer)
            for timer in (self.cycle_timer, self.refresh_timer):
                if timer is not None:
                    timer.stop()  # nothing to cycle, and the answer will not change by asking
            self.refresh_bindings()  # not locked: Esc leads home without a PIN
            return
        self.shown = answer
        self._fetched()
        units = {m.code: m.unit for m in answer.metrics}
        names = {m.code: m.name for m in answer.metrics}
        day, month = answer.day, answer.month

        def label(code: str, suffix: str = "") -> str:
            inner = "·".join(x for x in (units.get(code, ""), suffix) if x)
            return f"{names.get(code, code)}({inner})" if inner else names.get(code, code)

        def n(figures: schemas.Figures, code: str) -> str:
            return number(figures.get(code), units.get(code, ""))

        self.query_one("#figure-members", Figure).show(
            label("members"), n(day, "members"),
            strings.BIG_NOTE_MEMBERS.format(branches=n(day, "branches")),
        )  # fmt: skip
        self.query_one("#figure-active", Figure).show(
            label("active", strings.BIG_DAY_SUFFIX), n(day, "active"),
            strings.BIG_NOTE_ACTIVE.format(week=n(day, "active_week"), month=n(month, "active")),
        )  # fmt: skip
        self.query_one("#figure-green_share", Figure).show(
            label("green_share"), n(day, "green_share"), strings.BIG_NOTE_GREEN
        )
        self.query_one("#figure-study_points", Figure).show(
            label("study_points", strings.BIG_DAY_SUFFIX), n(day, "study_points"),
            strings.BIG_NOTE_POINTS.format(
                month=n(month, "study_points"), per=n(month, "study_per_member")
            ),
        )  # fmt: skip
        self.query_one("#vanguard-line", Label).update(
            strings.BIG_VANGUARD.format(
                **{code: n(month, code) for code in ("wishes", "donations", "snapshots")}
            )
        )
        day_labels = [p.period[5:] for p in answer.days]  # "12-02"
        month_labels = [p.period[:7] for p in answer.months]  # "2026-12"
        self.query_one("#trend-active", Trend).show(
            day_labels, [p.values.get("active") for p in answer.days]
        )
        self.query_one("#trend-points-day", Trend).show(
            day_labels, [p.values.get("study_points") for p in answer.days]
        )
        self.query_one("#trend-points-month", Trend).show(
            month_labels, [p.values.get("study_points") for p in answer.months]
        )
        self.query_one("#trend-green", Trend).show(
            month_labels, [p.values.get("green_share") for p in answer.months]
        )
        self._fill_tables()
        share = next((m for m in answer.metrics if m.code == "green_share"), None)
        if share is not None:
            self.query_one(GansuMap).show(answer.cities, share, "day", None)
        self._update_status()

    def _bar_width(self) -> int:
        return 30 if self.size.width >= 110 else 16

    def _fill_tables(self) -> None:
        answer = self.shown
        if answer is None:
            return
        width = self._bar_width()
        rows = []
        rank = 0
        for city in answer.cities:  # the server's order: best 督办达标率 first
            share = city.day.get("green_share")
            rank += share is not None
            rows.append(
                (
                    city.code,
                    (
                        str(rank) if share is not None else "—", city.city, bar(share, width),
                        number(city.day.get("members")), number(city.day.get("active")),
                        number(city.day.get("active_week")),
                    ),
                )
            )  # fmt: skip
        self.query_one("#ranking-table", FitTable).fill(rows, focus=False)
        meetings = []
        for m in answer.meetings:
            share = 100.0 * m.green / m.rows if m.rows else None
            meetings.append(
                (m.type, (m.type_name, str(m.held), f"{m.green}/{m.rows}", bar(share, width)))
            )
        self.query_one("#meetings-table", FitTable).fill(meetings, focus=False)

    def on_resize(self) -> None:
        self._fill_tables()  # the bars follow the width

    def not_cached(self) -> None:
        """Offline and never fetched here (the app calls this): say so where the date goes."""
        self._update_status()

    def _update_status(self) -> None:
        status = self.query_one("#big-status", Static)
        offline = self.app.connection == "offline"
        status.set_class(offline, "offline")
        when = when_short(self.fetched_at)
        if offline:
            status.update(
                strings.BIG_OFFLINE.format(when=when) if when else strings.BIG_OFFLINE_NEVER
            )
        elif self.shown is not None and self.shown.as_of is None:
            status.update(self.shown.message or "")
        elif self.shown is not None:
            status.update(
                strings.BIG_AS_OF.format(
                    as_of=self.shown.as_of, when=when,
                    minutes=round(self.REFRESH_SECONDS / 60) or 1,
                )
            )  # fmt: skip

    # -- the panels ----------------------------------------------------------------------------

    def next_panel(self) -> None:
        """The cycle timer's tick: the next panel (after the last, the first)."""
        self._go((self.panel + 1) % len(PANELS))

    def action_step(self, by: int) -> None:
        self._go((self.panel + by) % len(PANELS))
        if self.cycle_timer is not None:
            self.cycle_timer.reset()  # a panel chosen by hand stays its whole turn

    def _go(self, index: int) -> None:
        if self.refused is not None:
            return
        self.panel = index
        self.query_one(ContentSwitcher).current = PANELS[index]
        self._show_pager()

    def _show_pager(self) -> None:
        marks = "".join("●" if i == self.panel else "○" for i in range(len(PANELS)))
        pager = strings.BIG_PAGER.format(n=self.panel + 1, total=len(PANELS))
        self.query_one("#big-pager", Label).update(f"{pager} {marks}")
        title = f"{strings.BIG_SCREEN_TITLE} · {strings.BIG_PANELS[PANELS[self.panel]]}"
        self.query_one("#big-title", Label).update(title)

    def on_screen_suspend(self) -> None:
        for timer in (self.cycle_timer, self.refresh_timer):
            if timer is not None:
                timer.pause()  # another screen is on top (操作指南): nothing to show meanwhile

    def on_screen_resume(self) -> None:
        if self.refused is None:
            for timer in (self.cycle_timer, self.refresh_timer):
                if timer is not None:
                    timer.resume()

    # -- leaving -------------------------------------------------------------------------------

    @property
    def kiosk_locked(self) -> bool:
        """Started as 展室模式 and showing the figures: leaving takes the PIN and nothing else
        opens from here (the app's check_action reads this)."""
        return self.app.kiosk is not None and self.refused is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc's other meaning and F1 are the app's actions: its check_action hides them while
        # this screen is locked.
        if action == "leave":
            return self.kiosk_locked
        if action == "step":
            return self.refused is None
        return True

    def action_leave(self) -> None:
        """展室模式: Esc asks the kiosk's PIN (the rule Ctrl+Q follows), then goes home."""
        self.app.ask_kiosk_pin(
            lambda: self.app.run_worker(self.app.action_home()), strings.BIG_PIN_ASK
        )
