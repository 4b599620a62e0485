"""党建地图 (省委组织部): Gansu's 14 市州 shaded by one figure of the daily job, with the list of
all 14 beside the map; arrows move between 市州, Enter opens a 市州's 党委 and their figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from api_client import ApiError
from contract import schemas
from tui import strings
from tui.screens.base import PageScreen, TableScreen, row_detail
from tui.widgets.fit_table import Col
from tui.widgets.gansu_map import GansuMap, Shading, figure, neighbour

if TYPE_CHECKING:
    from api_client import GsdjClient


def _or_refusal(request: Callable[[GsdjClient], object]) -> Callable[[GsdjClient], object]:
    """The answer, or the server's refusal (用户无该权限 …) to show on the page in its place."""

    async def ask(client: GsdjClient) -> object:
        try:
            return await request(client)  # type: ignore[misc]
        except ApiError as exc:
            if exc.status == 403:
                return exc.message
            raise

    return ask


def _grain_name(grain: str) -> str:
    return strings.MAP_DAY if grain == "day" else strings.MAP_MONTH


def _style(colour: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*colour)


def _figures(values: schemas.Figures, metrics: list[schemas.MetricOut], sep: str) -> str:
    return sep.join(f"{m.name} {figure(values.get(m.code), m.unit)}" for m in metrics)


class MapScreen(PageScreen):
    TITLE_TEXT = strings.MAP_TITLE
    # At 24 rows the title loses its margins: the map keeps two more rows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("escape", "app.home", strings.MAP_KEY_HOME),
        # Priority: the page's scroll container would take the arrows and Tab otherwise.
        Binding("left", "move(-1, 0)", strings.MAP_KEY_MOVE, key_display="←→↑↓", priority=True),
        Binding("right", "move(1, 0)", show=False, priority=True),
        Binding("up", "move(0, 1)", show=False, priority=True),
        Binding("down", "move(0, -1)", show=False, priority=True),
        Binding("tab", "cycle(1)", show=False, priority=True),
        Binding("shift+tab", "cycle(-1)", show=False, priority=True),
        Binding("m", "metric(1)", strings.MAP_KEY_METRIC),
        Binding("M", "metric(-1)", show=False),
        Binding("p", "grain", strings.MAP_KEY_GRAIN),
        Binding("enter", "drill", strings.MAP_KEY_DRILL),
        Binding("r", "refresh", strings.MAP_KEY_REFRESH),
        Binding("f1", "app.guide", strings.GUIDE_KEY_SHORT),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.answer: schemas.MapOut | None = None
        self.metric = 0  # index into the answer's metrics
        self.grain = "month"
        self.selected: str | None = None
        self.shading: Shading | None = None
        self._shape: tuple[object, ...] = ()  # what the side panel's height depends on

    def body(self) -> ComposeResult:
        yield Static(strings.LOADING, id="map-line", classes="hint")
        with Horizontal(id="map-body"):
            yield GansuMap(id="gansu-map")
            with Vertical(id="map-side"):
                yield Static("", id="map-list")
                # Under the list, every figure of the selected 市州: all of them at 40 rows,
                # the first few at 24.
                yield Static("", id="map-selected")

    def on_mount(self) -> None:
        self.query_one("#map-body").display = False
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(_or_refusal(lambda c: c.city_map()), self.show)

    def show(self, answer: schemas.MapOut | str) -> None:
        line = self.query_one("#map-line", Static)
        if isinstance(answer, str):
            line.update(answer)
            self.query_one("#map-body").display = False
            return
        self.answer = answer
        codes = [c.code for c in answer.cities]
        if self.selected not in codes:
            self.selected = codes[0] if codes else None
        self.metric = min(self.metric, max(0, len(answer.metrics) - 1))
        self.query_one("#map-body").display = True
        self.paint()

    def paint(self) -> None:
        answer = self.answer
        if answer is None or not answer.metrics:
            return
        metric = answer.metrics[self.metric]
        self.shading = self.query_one(GansuMap).show(
            answer.cities, metric, self.grain, self.selected
        )
        as_of = (
            strings.MAP_AS_OF.format(as_of=answer.as_of) if answer.as_of else answer.message or ""
        )
        line = strings.MAP_LINE.format(
            as_of=as_of, metric=metric.name, unit=metric.unit, grain=_grain_name(self.grain),
            n=self.metric + 1, count=len(answer.metrics),
        )  # fmt: skip
        # A key changes the words, never how many lines they take: no layout pass for it
        # (one was ~0.1 s at 120×40), only when a new answer may have changed that.
        shape = (len(answer.cities), len(answer.metrics), answer.as_of is None)
        layout, self._shape = shape != self._shape, shape
        self.query_one("#map-line", Static).update(line, layout=layout)
        self.query_one("#map-selected", Static).update(self._selected_text(), layout=layout)
        self.query_one("#map-list", Static).update(self._list_text(), layout=layout)

    def _city(self, code: str | None) -> schemas.CityStat | None:
        cities = self.answer.cities if self.answer else []
        return next((c for c in cities if c.code == code), None)

    def _selected_text(self) -> Text:
        """The selected 市州 and every figure of it, the map's metric first with its class."""
        city, s = self._city(self.selected), self.shading
        if city is None or s is None or self.answer is None:
            return Text("")
        mark, colour = s.mark(city.code)
        values = city.day if self.grain == "day" else city.month
        metrics = sorted(self.answer.metrics, key=lambda m: m.code != s.metric.code)
        lines = [Text(f"【{city.city}】", "bold")]
        for m in metrics:
            shown = m.code == s.metric.code
            lines.append(
                Text.assemble(
                    (mark, _style(colour)) if shown else " ", " ",
                    f"{m.name} {figure(values.get(m.code), m.unit)}",
                )
            )  # fmt: skip
        return Text("\n").join(lines)

    def _list_text(self) -> Text:
        s = self.shading
        if s is None or self.answer is None:
            return Text("")
        lines = []
        width = max(cell_len(c.city) for c in self.answer.cities)
        for city in self.answer.cities:
            mark, colour = s.mark(city.code)
            values = city.day if self.grain == "day" else city.month
            chosen = city.code == self.selected
            line = Text.assemble(
                "▶ " if chosen else "  ", (mark, _style(colour)), " ",
                (city.city, "bold reverse" if chosen else ""),
                " " * (width - cell_len(city.city) + 2),
                figure(values.get(s.metric.code), s.metric.unit),
            )  # fmt: skip
            lines.append(line)
        return Text("\n").join(lines)

    # -- keys ------------------------------------------------------------------------------

    def action_move(self, dx: int, dy: int) -> None:
        if self.selected is None:
            return
        found = neighbour(self.selected, dx, dy)
        if found is not None and self._city(found) is not None:
            self.selected = found
            self.paint()

    def action_cycle(self, step: int) -> None:
        if self.answer is None or not self.answer.cities:
            return
        codes = [c.code for c in self.answer.cities]
        i = codes.index(self.selected) if self.selected in codes else -step
        self.selected = codes[(i + step) % len(codes)]
        self.paint()

    def action_metric(self, step: int) -> None:
        if self.answer is None or not self.answer.metrics:
            return
        self.metric = (self.metric + step) % len(self.answer.metrics)
        self.paint()

    def action_grain(self) -> None:
        self.grain = "day" if self.grain == "month" else "month"
        self.paint()

    def action_refresh(self) -> None:
        self.load()

    def action_drill(self) -> None:
        city = self._city(self.selected)
        if city is None or self.answer is None:
            return
        self.app.push_screen(CityScreen(city, self.answer.metrics, self))

    def on_screen_resume(self) -> None:
        self.paint()  # the metric or grain may have changed on the 市州's screen


class CityScreen(TableScreen):
    """One 市州: its own figures and a table of its 党委 by the map's metric; m/M and p change
    them here and on the map; Esc goes back to the map."""

    TITLE_TEXT = strings.MAP_TITLE
    TABLE_ID = "committees"
    COLUMNS = (Col(strings.MAP_COL_COMMITTEE, 6), "", Col(strings.MAP_COL_ALL, 8))
    BINDINGS = [
        Binding("escape", "back", strings.MAP_KEY_BACK),
        Binding("m", "metric(1)", strings.MAP_KEY_METRIC),
        Binding("M", "metric(-1)", show=False),
        Binding("p", "grain", strings.MAP_KEY_GRAIN),
        Binding("r", "refresh", strings.MAP_KEY_REFRESH),
        Binding("f1", "app.guide", strings.GUIDE_KEY_SHORT),
    ]

    def __init__(
        self, city: schemas.CityStat, metrics: list[schemas.MetricOut], map_screen: MapScreen
    ) -> None:
        super().__init__()
        self.city = city
        self.metrics = metrics
        self.map_screen = map_screen  # holds the metric and grain both screens show
        self.answer: schemas.MapCityOut | None = None

    def body(self) -> ComposeResult:
        yield Static(strings.LOADING, id="city-line", classes="hint")
        yield Static("", id="city-figures")
        yield self.make_table()
        yield row_detail()

    def on_mount(self) -> None:
        self.query_one(".screen-title", Static).update(
            strings.MAP_CITY_TITLE.format(city=self.city.city)
        )
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        code = self.city.code
        await self.app.fetch_fresh(_or_refusal(lambda c: c.city_detail(code)), self.show)

    def show(self, answer: schemas.MapCityOut | str) -> None:
        if isinstance(answer, str):
            self.query_one("#city-line", Static).update(answer)
            self.table.display = False
            return
        self.answer = answer
        self.paint()

    def paint(self) -> None:
        answer = self.answer
        if answer is None or not self.metrics:
            return
        metric = self.metrics[self.map_screen.metric]
        grain = self.map_screen.grain

        def values(stat: schemas.CityStat | schemas.StatOrg) -> schemas.Figures:
            return stat.day if grain == "day" else stat.month

        as_of = strings.MAP_AS_OF.format(as_of=answer.as_of) if answer.as_of else ""
        self.query_one("#city-line", Static).update(
            strings.MAP_CITY_LINE.format(
                as_of=as_of, metric=metric.name, grain=_grain_name(grain),
                n=len(answer.committees),
            )
        )  # fmt: skip
        self.query_one("#city-figures", Static).update(
            strings.MAP_CITY_TOTAL.format(
                city=answer.city.city, figures=_figures(values(answer.city), self.metrics, " · ")
            )
        )
        table = self.table
        table.cols = [  # type: ignore[attr-defined]
            Col(strings.MAP_COL_COMMITTEE, 6),
            Col(f"{metric.name}({metric.unit})"),
            Col(strings.MAP_COL_ALL, 8),
        ]
        others = [m for m in self.metrics if m.code != metric.code]
        self.refill(
            [
                (
                    str(c.org.id),
                    (
                        c.org.name,
                        figure(values(c).get(metric.code), ""),
                        _figures(values(c), others, " · "),
                    ),
                )
                for c in answer.committees
            ]
        )
        if not answer.committees:
            self.query_one("#row-detail", Static).update(strings.MAP_NO_COMMITTEES)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_metric(self, step: int) -> None:
        if self.metrics:
            self.map_screen.metric = (self.map_screen.metric + step) % len(self.metrics)
            self.paint()

    def action_grain(self) -> None:
        self.map_screen.grain = "day" if self.map_screen.grain == "month" else "month"
        self.paint()

    def action_refresh(self) -> None:
        self.load()
