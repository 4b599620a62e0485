"""党建地图's outlines: Gansu's 14 市州 (gansu.json, made by make_gansu.py; see SOURCE.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

Ring = list[tuple[float, float]]


@cache
def gansu() -> dict[str, list[Ring]]:
    """市州 division code → its outer rings of (longitude, latitude)."""
    data = json.loads(files(__package__).joinpath("gansu.json").read_text("utf-8"))
    return {
        code: [[(x, y) for x, y in ring] for ring in rings]
        for code, rings in data["cities"].items()
    }
