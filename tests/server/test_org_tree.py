"""GET /api/v1/orgs/tree by parts (组织架构 at a province's size): `depth` levels, as many levels
as fit in `lines` orgs, or the subtree of `root`, an org in the caller's scope; `child_count` says
what a cut-off node holds. Over HTTP on both databases."""

from __future__ import annotations

import httpx

from tests.conftest import login
from tests.servers import ServerProcess

LINES = 60


def _count(node: dict) -> int:
    return 1 + sum(_count(c) for c in node["children"])


def _get(server: ServerProcess, username: str, query: str = "") -> httpx.Response:
    with server.client() as http:
        h = login(http, username)
        return http.get(f"/api/v1/orgs/tree{query}", headers=h)


def test_depth_lines_and_root(server: ServerProcess) -> None:
    whole = _get(server, "sw001").json()
    one = _get(server, "sw001", "?depth=1").json()
    assert [c["id"] for c in one["children"]] == [c["id"] for c in whole["children"]]
    assert all(not c["children"] for c in one["children"])
    assert [c["child_count"] for c in one["children"]] == [
        len(c["children"]) for c in whole["children"]
    ]
    fitted = _get(server, "sw001", f"?lines={LINES}").json()
    assert _count(fitted) <= LINES and fitted["children"]
    first = whole["children"][0]
    below = _get(server, "sw001", f"?root={first['id']}").json()
    assert below == first
    # Another 党委's org is outside dw001's scope; an unknown org is not found.
    other = next(c for c in whole["children"] if c["name"] != "兰州新区机关工委")
    refused = _get(server, "dw001", f"?root={other['id']}")
    assert refused.status_code == 403 and refused.json()["message"]
    missing = _get(server, "dw001", "?root=999999")
    assert missing.status_code == 404 and missing.json()["message"]
    bad = _get(server, "sw001", "?depth=0")
    assert bad.status_code == 422
