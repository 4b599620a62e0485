"""数据分析示图, 党建地图 and 党建大屏 (issue 17): the daily job's figures per org level, read over
HTTP on both databases, scoped and refused as SPEC §2 says."""

from __future__ import annotations

import httpx

from server.demo import CITIES, COMMITTEES
from server.demo.cities import CITY_PLANS, BranchPlan
from server.domain.orgs import CITIES as ALL_CITIES
from tests.conftest import login
from tests.server.test_boards import board, run_daily
from tests.server.test_points import set_clock
from tests.servers import ServerProcess

DAY = "2032-03-10"


def _planned() -> dict[str, tuple[int, int]]:
    """Each 市州's (members, branches) as the demo plans them: the first province's two 党委,
    then the 党委 of server.demo.cities."""
    out = dict.fromkeys(ALL_CITIES, (0, 0))

    def add(city: str, branches: list[BranchPlan]) -> None:
        members, count = out[city]
        out[city] = (members + sum(b.members for b in branches), count + len(branches))

    for name, general, direct in COMMITTEES:
        add(CITIES[name], [b for _, bs in general for b in bs] + list(direct))
    for plan in CITY_PLANS:
        for c in plan.committees:
            add(plan.city, [b for _, bs in c.general_branches for b in bs] + list(c.branches))
    return out


def _get(http: httpx.Client, user: str, path: str, **params: object) -> httpx.Response:
    return http.get(f"/api/v1{path}", headers=login(http, user), params=params)


def _earn(http: httpx.Client, user: str, article: int) -> int:
    """Log in (the day's first login earns too) and share: the study points earned."""
    body = {"username": user, "password": "gsdj2026"}
    signed_in = http.post("/api/v1/auth/login", json=body).json()
    h = {"Authorization": f"Bearer {signed_in['token']}"}
    answer = http.post(f"/api/v1/articles/{article}/share", headers=h)
    assert answer.status_code == 200, answer.text
    first_login = signed_in["earned"]["points"] if signed_in.get("earned") else 0
    return int(first_login) + int(answer.json()["earned"]["points"])


def test_figures_follow_the_ledger_up_every_level(
    http: httpx.Client, server: ServerProcess
) -> None:
    """Two members of 西街村党支部 (文县城关镇党委, 陇南市) study on one day: their branch, 党委,
    市州 and the province each count them, and the branch is among the 党委's children."""
    set_clock(http, f"{DAY}T10:00:00+08:00")
    earned = _earn(http, "dy062", 40) + _earn(http, "dy063", 41)
    assert earned == 4  # a first login and a share each
    set_clock(http, "2032-03-11T09:00:00+08:00")
    run_daily(server, DAY)

    view = _get(http, "dw002", "/analytics")
    assert view.status_code == 200, view.text
    body = view.json()
    assert body["as_of"] == DAY
    assert body["org"]["name"] == "文县城关镇党委"
    assert body["day"]["study_points"] == earned and body["day"]["active"] == 2
    assert body["day"]["branches"] == 3 and body["day"]["members"] == 27
    assert body["month"]["study_points"] >= earned
    assert body["days"][-1]["period"] == DAY and body["months"][-1]["period"] == "2032-03-01"
    by_name = {c["org"]["name"]: c for c in body["children"]}
    assert set(by_name) == {"城关社区党支部", "东关村党支部", "西街村党支部"}
    assert by_name["西街村党支部"]["day"]["study_points"] == earned
    assert by_name["西街村党支部"]["day"]["study_per_member"] == round(earned / 8, 1)
    assert by_name["东关村党支部"]["day"]["study_points"] == 0
    assert {m["type"] for m in body["meetings"]} >= {"general", "committee", "lesson"}
    assert all(m["rows"] > 0 for m in body["meetings"])
    share = body["day"]["green_share"]
    assert share is not None and 0 <= share <= 100

    # A drill-down into the branch: its own trend, no children.
    branch_id = by_name["西街村党支部"]["org"]["id"]
    branch = _get(http, "dw002", "/analytics", org_id=branch_id).json()
    assert branch["day"]["study_points"] == earned and branch["children"] == []
    branch_rows = sum(m["rows"] for m in branch["meetings"])
    assert 0 < branch_rows < sum(m["rows"] for m in body["meetings"])
    assert [o["name"] for o in branch["path"]][-2:] == ["文县城关镇党委", "西街村党支部"]

    screen = _get(http, "sw001", "/big-screen").json()
    assert screen["as_of"] == DAY and screen["day"]["study_points"] == earned
    assert len(screen["cities"]) == 14
    assert screen["day"]["members"] == sum(c["day"]["members"] for c in screen["cities"])
    shares = [c["day"]["green_share"] for c in screen["cities"]]
    known = [s for s in shares if s is not None]
    assert known == sorted(known, reverse=True) and shares[: len(known)] == known

    cities = {c["city"]: c for c in _get(http, "sw001", "/map").json()["cities"]}
    assert len(cities) == 14
    assert cities["陇南市"]["day"]["study_points"] == earned
    assert cities["兰州市"]["day"]["study_points"] == 0
    assert cities["酒泉市"]["day"]["members"] == _planned()["酒泉市"][0]  # no test adds there
    assert cities["酒泉市"]["day"]["study_points"] == 0
    detail = _get(http, "sw001", f"/map/{cities['陇南市']['code']}").json()
    # The first province's 党委 of 陇南市, then the one the 市州 demo adds after it.
    assert [c["org"]["name"] for c in detail["committees"]] == ["文县城关镇党委", "陇南市武都区委"]
    assert detail["committees"][0]["day"]["study_points"] == earned
    assert detail["committees"][1]["day"]["study_points"] == 0


def test_the_demo_map_covers_every_city_with_members(
    http: httpx.Client, server: ServerProcess
) -> None:
    """党建地图 of the demo (issue 17): each of the 14 市州 has its 党委, branches and members, as
    the demo plans them, and the province's figures are theirs summed."""
    set_clock(http, "2032-03-11T09:00:00+08:00")
    run_daily(server, DAY)
    cities = _get(http, "sw001", "/map").json()["cities"]
    planned = _planned()
    assert [c["city"] for c in cities] == list(ALL_CITIES)
    got = {c["city"]: (c["day"]["members"], c["day"]["branches"]) for c in cities}
    # As planned; 兰州市 may have a few more (other tests add members to its branches).
    assert {c: b for c, (_, b) in got.items()} == {c: b for c, (_, b) in planned.items()}
    assert all(got[c][0] == m for c, (m, _) in planned.items() if c != "兰州市"), got
    assert got["兰州市"][0] >= planned["兰州市"][0]
    assert all(members > 0 and branches >= 2 for members, branches in got.values()), got
    assert len({members for members, _ in got.values()}) >= 8  # not one size for all
    screen = _get(http, "sw001", "/big-screen").json()
    assert screen["day"]["members"] == sum(m for m, _ in got.values())
    assert screen["day"]["branches"] == sum(b for _, b in got.values())
    for c in cities:
        detail = _get(http, "sw001", f"/map/{c['code']}").json()
        assert detail["committees"], c["city"]
        assert sum(k["day"]["members"] for k in detail["committees"]) == got[c["city"]][0]


def test_the_first_days_of_a_year_count_the_7_days_back_and_the_year_from_its_start(
    http: httpx.Client, server: ServerProcess
) -> None:
    """On 2 January the 7 days reach into December: who studied on 30 December is active in the
    week, not in the day, the month or the year's board; who studied twice on the day counts
    once (the job's one pass over the ledger is per account)."""
    set_clock(http, "2034-12-30T10:00:00+08:00")
    december = _earn(http, "dy062", 40)
    set_clock(http, "2035-01-02T10:00:00+08:00")
    january = _earn(http, "dy063", 40) + _earn(http, "dy063", 41)
    assert december == 2 and january == 3  # the second login of the day earns nothing
    set_clock(http, "2035-01-03T09:00:00+08:00")
    run_daily(server, "2035-01-02")

    view = _get(http, "dw002", "/analytics").json()
    branch = next(c for c in view["children"] if c["org"]["name"] == "西街村党支部")
    assert branch["day"]["active"] == 1 and branch["day"]["active_week"] == 2
    assert branch["day"]["study_points"] == january
    assert branch["month"]["study_points"] == january and branch["month"]["active"] == 1
    year = board(http, login(http, "dw002"), "branch_study", period="year")
    row = next(r for r in year["rows"] if r["name"] == "西街村党支部")
    assert row["points"] == january


def test_each_view_is_refused_as_the_permission_table_says(http: httpx.Client) -> None:
    denied = "该用户没有权限登录此系统,请联系管理员"
    for user, path in (
        ("zb001", "/analytics"),
        ("dy001", "/analytics"),
        ("sw001", "/analytics"),
        ("dw001", "/map"),
        ("zzz001", "/big-screen"),
        ("dy001", "/map/620100"),
    ):
        answer = _get(http, user, path)
        assert answer.status_code == 403, (user, path, answer.text)
        assert answer.json()["message"] == denied
    # A 党委 drills only into its own subtree.
    other = _get(http, "dw001", "/analytics").json()["org"]["id"]
    outside = _get(http, "dw002", "/analytics", org_id=other)
    assert outside.status_code == 403 and outside.json()["code"] == "out_of_scope"
    assert _get(http, "dw002", "/analytics", org_id=999999).status_code == 404
    # A 党小组 has no figures of its own: not an org of 数据分析示图 (404, not a 500).
    group = http.get("/api/v1/me", headers=login(http, "dy001")).json()["group"]["id"]
    in_group = _get(http, "dw001", "/analytics", org_id=group)
    assert in_group.status_code == 404, in_group.text
    assert in_group.json()["message"] == "没有找到该组织"
    unknown = _get(http, "sw001", "/map/999999")
    assert unknown.status_code == 404 and unknown.json()["message"] == "没有找到该市州"
    assert _get(http, "sw001", "/map/lanzhou").status_code == 422
