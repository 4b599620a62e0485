"""党建地图's boundary data: every 市州 of server.domain.orgs has an outline, inside Gansu."""

from __future__ import annotations

from server.domain.orgs import CITY_CODES
from tui.maps import gansu


def test_every_city_has_an_outline_inside_gansu() -> None:
    shapes = gansu()
    assert set(shapes) == set(CITY_CODES.values())
    for code, rings in shapes.items():
        assert rings, code
        for ring in rings:
            assert len(ring) >= 4
            assert all(92 < x < 109 and 32 < y < 43.5 for x, y in ring), code
