"""The test clock, shortcuts (首页功能区), the org tree and committee positions."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from server.demo import COMMITTEES
from server.demo.cities import CITY_PLANS
from server.domain import shortcuts
from server.domain.orgs import AccountKind
from tests.conftest import login
from tests.servers import start_server


def test_clock_set_and_advance(http: httpx.Client) -> None:
    response = http.put("/api/v1/test/clock", json={"now": "2026-03-31T23:59:50+08:00"})
    assert response.status_code == 200
    assert response.json()["local_date"] == "2026-03-31"
    after = http.post("/api/v1/test/clock/advance", json={"seconds": 20}).json()
    assert after["local_date"] == "2026-04-01"
    assert after["now"].startswith("2026-03-31T16:00:")
    assert http.get("/api/v1/test/clock").json()["local_date"] == "2026-04-01"


def test_clock_refuses_naive_and_bad_times(http: httpx.Client) -> None:
    naive = http.put("/api/v1/test/clock", json={"now": "2026-01-01T00:00:00"})
    assert naive.status_code == 422 and naive.json()["code"] == "naive_time"
    assert http.put("/api/v1/test/clock", json={"now": "yesterday"}).status_code == 422
    assert http.post("/api/v1/test/clock/advance", json={"seconds": "many"}).status_code == 422
    far = http.put("/api/v1/test/clock", json={"now": "9999-12-31T23:59:59+08:00"})
    assert far.status_code == 422 and far.json()["code"] == "time_out_of_range"
    http.put("/api/v1/test/clock", json={"now": "2099-12-31T00:00:00+08:00"})
    beyond = http.post("/api/v1/test/clock/advance", json={"seconds": 3 * 86400})
    assert beyond.status_code == 422 and beyond.json()["code"] == "time_out_of_range"
    assert http.get("/healthz").status_code == 200
    http.put("/api/v1/test/clock", json={"now": datetime.now(UTC).isoformat()})


def test_clock_endpoints_do_not_exist_without_the_flag(tmp_path: Path) -> None:
    proc = start_server(
        tmp_path, f"sqlite:///{tmp_path / 'plain.sqlite3'}", command="serve", test_clock=False
    )
    try:
        with proc.client() as http:
            assert http.get("/healthz").json()["test_clock"] is False
            assert (
                http.put(
                    "/api/v1/test/clock", json={"now": "2026-01-01T00:00:00+08:00"}
                ).status_code
                == 404
            )
            assert http.post("/api/v1/test/clock/advance", json={"seconds": 5}).status_code == 404
            assert "/api/v1/test/clock" not in http.get("/openapi.json").json()["paths"]
    finally:
        proc.stop()


def test_shortcuts_default_then_saved_for_any_terminal(http: httpx.Client) -> None:
    first = login(http, "dy006")
    default = http.get("/api/v1/me/shortcuts", headers=first).json()
    codes = [s["code"] for s in default["items"]]
    available = [s["code"] for s in default["available"]]
    # The defaults are what may be opened, in the catalogue's order, less the few that are
    # offered but not placed by default (修改密码).
    # Not on a new account's 首页功能区 (the user adds them): 修改密码, 我的支部, 账号管理,
    # 学标对标, 标准化专栏, 经验交流, 党群服务.
    added = {"password", "branch", "accounts", "standards", "standards_column", "exchange",
             "party_services"}  # fmt: skip
    assert codes == [c for c in available if c not in added]
    assert "password" in available
    assert {"profile", "orgs", "features", "guide"} <= set(codes)

    chosen = ["guide", "profile"]
    saved = http.put("/api/v1/me/shortcuts", json={"codes": chosen}, headers=first)
    assert saved.status_code == 200
    assert [s["code"] for s in saved.json()["items"]] == chosen

    second_terminal = login(http, "dy006")
    assert [
        s["code"] for s in http.get("/api/v1/me/shortcuts", headers=second_terminal).json()["items"]
    ] == chosen
    # Another member keeps their own.
    other = login(http, "dy007")
    assert [
        s["code"] for s in http.get("/api/v1/me/shortcuts", headers=other).json()["items"]
    ] == codes

    # An empty choice stays empty; it is not replaced by the defaults.
    http.put("/api/v1/me/shortcuts", json={"codes": []}, headers=first)
    assert http.get("/api/v1/me/shortcuts", headers=second_terminal).json()["items"] == []


def test_an_upper_orgs_defaults_fit_the_limit_and_include_analytics(http: httpx.Client) -> None:
    """A 党委 or 党总支 admin may use 13 default shortcuts with 数据分析示图; a new account's
    首页功能区 holds no more than may be saved (saving it back would be refused otherwise)."""
    for username in ("dw002", "zzz001"):
        got = http.get("/api/v1/me/shortcuts", headers=login(http, username)).json()
        codes = [s["code"] for s in got["items"]]
        assert len(codes) == got["max_items"] and len(set(codes)) == len(codes)
        assert codes.index("analytics") == codes.index("compliance") + 1
    for kind in AccountKind:
        assert shortcuts.validate(kind, shortcuts.default_for(kind))


@pytest.mark.parametrize(
    ("username", "codes", "code"),
    [
        ("dy008", ["nope"], "unknown_shortcut"),
        ("dy008", ["guide", "guide"], "duplicate_shortcut"),
        ("dy008", ["guide"] * 13, "too_many_shortcuts"),
        ("qz001", ["orgs"], "shortcut_forbidden"),
    ],
)
def test_shortcut_refusals(http: httpx.Client, username: str, codes: list[str], code: str) -> None:
    response = http.put(
        "/api/v1/me/shortcuts", json={"codes": codes}, headers=login(http, username)
    )
    assert response.status_code == 422
    assert response.json()["code"] == code


def _names(node: dict) -> list[str]:
    return [node["name"]] + [n for child in node["children"] for n in _names(child)]


def _ids(node: dict) -> list[int]:
    return [node["id"]] + [n for child in node["children"] for n in _ids(child)]


def test_org_tree_by_account_kind(http: httpx.Client) -> None:
    member = http.get("/api/v1/orgs/tree", headers=login(http, "dy001")).json()
    assert member["kind"] == "branch" and member["members"] >= 10
    assert {c["kind"] for c in member["children"]} == {"group"}
    # Every 党小组's members are the branch's; a member added by 账号管理 may have none yet.
    assert sum(c["members"] for c in member["children"]) <= member["members"]

    committee = http.get("/api/v1/orgs/tree", headers=login(http, "dw001")).json()
    assert committee["kind"] == "committee"
    kinds = {c["kind"] for c in committee["children"]}
    assert kinds == {"general_branch", "branch"}
    other = http.get("/api/v1/orgs/tree", headers=login(http, "dw002")).json()
    assert not set(_ids(committee)) & set(_ids(other))
    assert {c["kind"] for c in other["children"]} == {"branch"}

    province = http.get("/api/v1/orgs/tree", headers=login(http, "sw001")).json()
    # The first province's two 党委 (the README's accounts), then every 市州's after them.
    names = [c["name"] for c in province["children"]]
    assert names[:2] == [name for name, _, _ in COMMITTEES]
    assert names[2:] == [c.name for plan in CITY_PLANS for c in plan.committees]
    branches = [n for n in _names(province) if n.endswith("党支部")]
    assert len(branches) >= 5

    public = http.get("/api/v1/orgs/tree", headers=login(http, "qz001"))
    assert public.status_code == 403 and public.json()["code"] == "no_org"


def test_demo_has_sixty_members_in_groups(http: httpx.Client) -> None:
    province = http.get("/api/v1/orgs/tree", headers=login(http, "sw001")).json()

    def groups(node: dict) -> list[dict]:
        own = [node] if node["kind"] == "group" else []
        return own + [g for c in node["children"] for g in groups(c)]

    assert sum(g["members"] for g in groups(province)) >= 60


def test_committee_positions_are_data(http: httpx.Client) -> None:
    positions = http.get("/api/v1/orgs/positions", headers=login(http, "zb001")).json()
    names = [p["name"] for p in positions]
    assert names[:5] == ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]
    assert http.get("/api/v1/me", headers=login(http, "dy001")).json()["position"] == "书记"
