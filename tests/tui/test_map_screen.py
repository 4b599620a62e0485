"""党建地图 in the terminal (issue 17, item 4) on the real demo server: the province admin sees
the 14 市州 shaded as the server's figures say, moves between them with the arrows and Tab,
switches the metric and the grain, drills into a 市州's 党委 and comes back; a 党委 admin reads
the server's refusal; without colour the classes are still there, as characters.

The demo's figures grow as other helpers spread it over the 14 市州: everything is compared with
the server's answer, never with fixed numbers."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Static

from contract import schemas
from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.gansu_map import CityScreen, MapScreen
from tui.widgets.gansu_map import (
    MARKS,
    NO_DATA_MARK,
    MapCanvas,
    MapLegend,
    figure,
    neighbour,
    place_labels,
    raster,
)


def _api(server: ServerProcess, user: str, path: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    with server.client() as http:
        answer = http.get(f"/api/v1{path}", headers=login(http, user))
        return answer.status_code, answer.json()


def _map(server: ServerProcess) -> schemas.MapOut:
    status, body = _api(server, "sw001", "/map")
    assert status == 200, body
    return schemas.MapOut.model_validate(body)


def _text(screen: MapScreen | CityScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _list_lines(screen: MapScreen) -> list[str]:
    return _text(screen, "#map-list").split("\n")


def _drawn_marks(screen: MapScreen) -> dict[str, set[str]]:
    """What each 市州's cells show on the map, outside the names laid over it."""
    canvas = screen.query_one(MapCanvas)
    drawing = canvas.drawing()
    rows = [[ch for ch in line for _ in range(cell_len(ch))] for line in drawing.plain.split("\n")]  # type: ignore[union-attr]
    r = raster(*canvas.map_size())
    assert screen.shading is not None
    labels = place_labels(r, screen.shading.names, screen.selected)
    named = {(x, lb.row) for lb in labels for x in range(lb.col, lb.col + cell_len(lb.text))}
    return {
        code: {rows[y][x] for x, y in cells if (x, y) not in named}
        for code, cells in r.cells.items()
    }


def _check_shading(screen: MapScreen, answer: schemas.MapOut, metric: int, grain: str) -> None:
    """Every 市州 on the map and in the list as the server's figure of that metric and grain
    says: its cells show the mark of the legend class holding its figure (无数据: ·), and a
    higher figure never has a lower class."""
    m = answer.metrics[metric]
    s = screen.shading
    assert s is not None and s.metric == m and s.grain == grain
    drawn = _drawn_marks(screen)
    assert len(drawn) == 14
    lines = _list_lines(screen)
    assert len(lines) == 14
    legend = " ".join(li.plain for li in screen.query_one(MapLegend).lines(200))
    order = {mark: i for i, mark in enumerate(MARKS)}
    seen: list[tuple[float, int]] = []
    for city, line in zip(answer.cities, lines, strict=True):
        value = (city.day if grain == "day" else city.month).get(m.code)
        assert city.city in line and line.endswith(figure(value, m.unit)), (city.city, line)
        marks = drawn[city.code]
        assert len(marks) <= 1, (city.city, marks)
        mark = marks.pop() if marks else s.mark(city.code)[0]  # a 市州 hidden under its name
        assert f" {mark} {city.city}" in line or line.startswith(f"▶ {mark}")
        if value is None:
            assert mark == NO_DATA_MARK and "· 无数据" in legend
            continue
        shade = next(sh for sh in s.shades if sh.mark == mark)
        assert shade.low <= value <= shade.high, (city.city, value, shade)
        assert f"{mark} {shade.label(m.unit, s.whole)}" in legend
        seen.append((value, order[mark]))
    seen.sort()
    assert [i for _, i in seen] == sorted(i for _, i in seen)


async def _open_map(pilot, user: str = "sw001") -> MapScreen:  # type: ignore[no-untyped-def]
    await log_in(pilot, user)
    await pilot.app.run_action("open('map')")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MapScreen)
    return screen


async def _settled_map(pilot, server: ServerProcess) -> schemas.MapOut:  # type: ignore[no-untyped-def]
    """The server's answer once the screen shows it: an earlier test's clock may have the
    server's daily job finish (new figures) just after the screen loaded; then R asks again."""
    answer = _map(server)
    for _ in range(5):
        await pilot.press("r")
        await settle(pilot)
        again = _map(server)
        if again == answer:
            return answer
        answer = again
    return answer


async def test_the_province_sees_the_14_cities_shaded_as_the_server_says(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_map(pilot)
        answer = await _settled_map(pilot, sqlite_server)
        assert answer.as_of is not None and len(answer.cities) == 14
        assert answer.as_of in _text(screen, "#map-line")
        _check_shading(screen, answer, 0, "month")
        # Each 市州 that has figures at all has some shown (the demo has 兰州 and 陇南 at least).
        assert any(c.month.get(answer.metrics[0].code) for c in answer.cities)
        # The selected 市州 is named in 【】 on the map and its figures are listed beside it.
        first = answer.cities[0]
        assert screen.selected == first.code
        assert "【兰州】" in screen.query_one(MapCanvas).drawing().plain  # type: ignore[union-attr]
        side = _text(screen, "#map-selected")
        assert f"【{first.city}】" in side
        for m in answer.metrics:
            assert m.name in side


async def test_arrows_tab_metric_and_grain(sqlite_server: ServerProcess) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_map(pilot)
        answer = _map(sqlite_server)
        codes = [c.code for c in answer.cities]
        start = screen.selected
        assert start == codes[0]
        await pilot.press("right")
        east = neighbour(start, 1, 0)
        assert east is not None and screen.selected == east
        line = _list_lines(screen)[codes.index(east)]
        assert line.startswith("▶ ")
        await pilot.press("left")
        assert screen.selected == neighbour(east, -1, 0)
        await pilot.press("tab", "tab")
        assert screen.selected == codes[(codes.index(neighbour(east, -1, 0)) + 2) % 14]  # type: ignore[arg-type]
        await pilot.press("shift+tab")
        here = screen.selected
        assert here == codes[(codes.index(neighbour(east, -1, 0)) + 1) % 14]  # type: ignore[arg-type]

        await pilot.press("m")
        assert "指标 2/" in _text(screen, "#map-line")
        assert answer.metrics[1].name in _text(screen, "#map-line")
        _check_shading(screen, answer, 1, "month")
        await pilot.press("M", "M")
        assert answer.metrics[-1].name in _text(screen, "#map-line")
        _check_shading(screen, answer, len(answer.metrics) - 1, "month")
        await pilot.press("m", "p")
        assert "当日" in _text(screen, "#map-line")
        _check_shading(screen, answer, 0, "day")
        assert screen.selected == here  # the selection stays through all of it
        # Every key the map needs is in the footer at 80 columns.
        footer = app.screen._compositor.render_strips()[-1].text
        for key in ("选市州", "指标", "日/月", "党委", "刷新", "返回"):
            assert key in footer, footer


async def test_enter_lists_the_citys_committees_and_esc_goes_back(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_map(pilot)
        answer = _map(sqlite_server)
        codes = [c.code for c in answer.cities]
        lannan = next(c for c in answer.cities if c.city == "陇南市")
        for _ in range(codes.index(lannan.code)):
            await pilot.press("tab")
        assert screen.selected == lannan.code
        await pilot.press("enter")
        await settle(pilot)
        city = app.screen
        assert isinstance(city, CityScreen)
        status, body = _api(sqlite_server, "sw001", f"/map/{lannan.code}")
        assert status == 200
        detail = schemas.MapCityOut.model_validate(body)
        assert detail.committees  # the demo has 党委 in 陇南
        metric = answer.metrics[0]
        rows = [
            [str(cell) for cell in city.table.get_row_at(i)] for i in range(city.table.row_count)
        ]
        assert [r[0] for r in rows] == [c.org.name for c in detail.committees]
        assert [r[1] for r in rows] == [
            figure(c.month.get(metric.code), "") for c in detail.committees
        ]
        assert "陇南市" in str(city.query_one(".screen-title", Static).render())
        total = _text(city, "#city-figures")
        assert total.startswith("陇南市合计:")
        assert f"{metric.name} {figure(detail.city.month.get(metric.code), metric.unit)}" in total
        await pilot.press("p")  # the grain changes here and on the map
        assert [str(city.table.get_row_at(i)[1]) for i in range(city.table.row_count)] == [
            figure(c.day.get(metric.code), "") for c in detail.committees
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and screen.selected == lannan.code
        assert "当日" in _text(screen, "#map-line")


async def test_a_committee_admin_reads_the_servers_refusal(sqlite_server: ServerProcess) -> None:
    status, body = _api(sqlite_server, "dw001", "/map")
    assert status == 403
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_map(pilot, "dw001")
        assert (
            _text(screen, "#map-line") == body["message"] == "该用户没有权限登录此系统,请联系管理员"
        )
        assert not screen.query_one("#map-body").display
        await pilot.press("enter", "m", "right")  # nothing to move or open
        assert app.screen is screen


async def test_without_colour_the_classes_are_characters(
    sqlite_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_map(pilot)
        assert app.no_color
        answer = _map(sqlite_server)
        _check_shading(screen, answer, 0, "month")
        # On the screen as painted (colour filtered out): each class's character on the map
        # and in the legend, the list marking each 市州 and the selected one by ▶.
        painted = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert screen.shading is not None
        for shade in screen.shading.shades:
            assert shade.mark in painted
        legend = screen.query_one(MapLegend)
        region = Region(0, 0, legend.size.width, legend.size.height)
        shown = " ".join(s.text for s in legend.render_lines(region))
        for mark, _, text in screen.shading.legend():
            assert f"{mark} {text}" in shown
        assert "▶" in painted and "【兰州" in painted
