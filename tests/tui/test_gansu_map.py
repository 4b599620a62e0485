"""The 党建地图 widget (tui/widgets/gansu_map.py): every 市州 gets cells at every size, classes
hold their figures, the drawing shows each 市州's class by its character, and the arrows find
the neighbour a user expects."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from contract import schemas
from tui.maps import gansu
from tui.widgets.gansu_map import (
    MARKS,
    NO_DATA_MARK,
    GansuMap,
    MapCanvas,
    MapLegend,
    fit,
    neighbour,
    place_labels,
    raster,
    shading,
    short_name,
)

NAMES = ("兰州市", "嘉峪关市", "金昌市", "白银市", "天水市", "武威市", "张掖市", "平凉市", "酒泉市",
         "庆阳市", "定西市", "陇南市", "临夏回族自治州", "甘南藏族自治州")  # fmt: skip
CODE = dict(zip(NAMES, sorted(gansu()), strict=True))
MEMBERS = schemas.MetricOut(code="members", name="党员人数", unit="人")
SHARE = schemas.MetricOut(code="green_share", name="督办达标率", unit="%")


def cities(values: dict[str, float | None], code: str = "members") -> list[schemas.CityStat]:
    return [
        schemas.CityStat(city=n, code=CODE[n], day={code: values.get(n)}, month={code: None})
        for n in NAMES
    ]


def cell_rows(text: str) -> list[list[str]]:
    """Each line of a drawing as its terminal cells (a Chinese character fills two)."""
    return [[ch for ch in line for _ in range(cell_len(ch))] for line in text.split("\n")]


@pytest.mark.parametrize("size", [(45, 18), (80, 31), (116, 33), (24, 9)])
def test_every_city_owns_cells_at_every_size(size: tuple[int, int]) -> None:
    r = raster(*fit(*size))
    assert (r.width, r.height) == fit(*size) and r.width <= size[0] and r.height <= size[1]
    assert set(r.cells) == set(CODE.values())
    for code, cells in r.cells.items():
        assert cells, code
        assert all(r.owner[y][x] == code for x, y in cells)
    assert sum(len(c) for c in r.cells.values()) == sum(o is not None for li in r.owner for o in li)


def test_equal_intervals_hold_their_figures_and_none_is_no_data() -> None:
    values: dict[str, float | None] = {n: float(i * 3) for i, n in enumerate(NAMES)}
    values["酒泉市"] = None
    s = shading(cities(values), MEMBERS, "day")
    assert [sh.mark for sh in s.shades] == list(MARKS)
    labels = [sh.label("人", s.whole) for sh in s.shades]
    assert labels == ["0–9人", "10–19人", "20–29人", "30–39人"]
    for name, value in values.items():
        index = s.index(CODE[name])
        if value is None:
            assert index is None and s.mark(CODE[name])[0] == NO_DATA_MARK
        else:
            assert index is not None and s.shades[index].low <= value <= s.shades[index].high
    assert s.legend()[-1][2] == "无数据"


def test_few_figures_get_a_class_each_and_shares_keep_a_decimal() -> None:
    s = shading(cities({"兰州市": 36.0, "陇南市": 27.0}), MEMBERS, "day")
    # 12 市州 with no figure of that grain at all: 无数据, not the lowest class.
    assert [(sh.mark, sh.low) for sh in s.shades] == [("░", 27.0), ("█", 36.0)]
    assert s.mark(CODE["金昌市"])[0] == NO_DATA_MARK
    shares = {n: 10.0 + i * 6.25 for i, n in enumerate(NAMES)}
    s = shading(cities(shares, "green_share"), SHARE, "day")
    assert not s.whole
    assert s.shades[0].label("%", s.whole) == "10.0–30.3%"
    assert s.index(CODE["甘南藏族自治州"]) == 3 and s.index(CODE["兰州市"]) == 0


def test_arrows_find_the_neighbour_in_that_direction() -> None:
    assert neighbour(CODE["兰州市"], 1, 0) == CODE["白银市"]
    assert neighbour(CODE["兰州市"], 0, -1) == CODE["临夏回族自治州"]
    assert neighbour(CODE["酒泉市"], 1, 0) == CODE["嘉峪关市"]
    assert neighbour(CODE["天水市"], 0, -1) == CODE["陇南市"]
    assert neighbour(CODE["庆阳市"], 0, -1) == CODE["平凉市"]
    assert neighbour(CODE["酒泉市"], -1, 0) is None  # the west end of the corridor
    assert neighbour(CODE["嘉峪关市"], 0, -1) is None  # south of it is Qinghai, not 甘南


def test_names_fit_and_never_overlap() -> None:
    shorts = [short_name(n) for n in ("兰州市", "嘉峪关市", "临夏回族自治州")]
    assert shorts == ["兰州", "嘉峪关", "临夏"]
    r = raster(*fit(80, 31))
    names = tuple((CODE[n], n) for n in NAMES)
    labels = place_labels(r, names, CODE["白银市"])
    assert any(lb.text == "【白银】" for lb in labels)
    spans = [(lb.row, x) for lb in labels for x in range(lb.col, lb.col + cell_len(lb.text))]
    assert len(spans) == len(set(spans))
    assert all(0 <= x < r.width for _, x in spans)


class One(App[None]):
    def __init__(self, rows: list[schemas.CityStat], selected: str) -> None:
        super().__init__()
        self.rows, self.selected = rows, selected

    def compose(self) -> ComposeResult:
        yield GansuMap()

    def on_mount(self) -> None:
        self.query_one(GansuMap).show(self.rows, MEMBERS, "day", self.selected)


async def test_the_drawing_shows_each_city_by_its_class_character() -> None:
    values: dict[str, float | None] = {n: float(i) for i, n in enumerate(NAMES)}
    values["武威市"] = None
    rows = cities(values)
    app = One(rows, CODE["庆阳市"])
    async with app.run_test(size=(60, 26)) as pilot:
        await pilot.pause()
        canvas = app.query_one(MapCanvas)
        s = app.query_one(GansuMap).shading
        assert s is not None
        drawn = cell_rows(canvas.drawing().plain)  # type: ignore[union-attr]
        r = raster(*canvas.map_size())
        labels = place_labels(r, s.names, CODE["庆阳市"])
        named = {(x, lb.row) for lb in labels for x in range(lb.col, lb.col + cell_len(lb.text))}
        for code, cells in r.cells.items():
            shown = {drawn[y][x] for x, y in cells if (x, y) not in named}
            assert shown <= {s.mark(code)[0]}, code
        assert any(lb.text == "【庆阳】" for lb in labels)
        legend = " ".join(line.plain for line in app.query_one(MapLegend).lines(60))
        assert "党员人数(当日)" in legend and "· 无数据" in legend and "░ 0–3人" in legend
        # Shown again (a repaint, a metric with the same classes): the kept drawing.
        first = canvas.drawing()
        app.query_one(GansuMap).show(rows, MEMBERS, "day", CODE["庆阳市"])
        assert canvas.drawing() is first
