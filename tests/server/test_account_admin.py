"""账号管理 by level, first login with a one-time password, 审核记录's 账号变动 and 我的支部
(issue 16), over HTTP on both databases. Every test works on accounts it creates itself (the
server is shared by the whole file), named with a prefix of its own."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import httpx
import pytest

from tests.conftest import login

NEW = "Hongqi2027"


def tree(http: httpx.Client, h: dict[str, str]) -> dict[str, Any]:
    response = http.get("/api/v1/orgs/tree", headers=h)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def branches(node: dict[str, Any]) -> list[dict[str, Any]]:
    own = [node] if node["kind"] == "branch" else []
    return own + [b for c in node["children"] for b in branches(c)]


def add(http: httpx.Client, h: dict[str, str], **body: Any) -> httpx.Response:
    return http.post("/api/v1/accounts", headers=h, json=body)


def add_member(
    http: httpx.Client, h: dict[str, str], username: str, org_id: int, **extra: Any
) -> dict[str, Any]:
    response = add(
        http, h, username=username, display_name="新同志", kind="member", org_id=org_id, **extra
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def first_login(http: httpx.Client, username: str, password: str) -> dict[str, str]:
    """Log in with a one-time password and change it; the headers of the new token."""
    response = http.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    assert response.json()["must_change_password"] is True
    h = {"Authorization": f"Bearer {response.json()['token']}"}
    changed = http.post(
        "/api/v1/auth/password", headers=h, json={"old_password": password, "new_password": NEW}
    )
    assert changed.status_code == 200, changed.text
    return {"Authorization": f"Bearer {changed.json()['token']}"}


@pytest.fixture
def zb(http: httpx.Client) -> dict[str, str]:
    return login(http, "zb001")


@pytest.fixture
def zb_branch(http: httpx.Client, zb: dict[str, str]) -> dict[str, Any]:
    return tree(http, zb)


def test_branch_admin_adds_a_member_who_must_change_the_one_time_password(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    group = zb_branch["children"][0]["id"]
    made = add_member(http, zb, "t1new", zb_branch["id"], group_id=group)
    assert made["account"]["must_change_password"] and made["account"]["group"]["id"] == group
    password = made["one_time_password"]
    assert "一次性密码" in made["message"]
    # The password is never shown again: the list carries no password.
    listed = http.get("/api/v1/accounts", headers=zb).json()
    row = next(a for a in listed["items"] if a["username"] == "t1new")
    assert "one_time_password" not in row and row["actions"][:2] == ["disable", "reset_password"]
    assert listed["may_add"] == [{"code": "member", "name": "党员"}]

    response = http.post("/api/v1/auth/login", json={"username": "t1new", "password": password})
    assert response.status_code == 200 and response.json()["must_change_password"] is True
    h = {"Authorization": f"Bearer {response.json()['token']}"}
    # Until changed: /me answers (with the flag), everything else is refused in Chinese.
    me = http.get("/api/v1/me", headers=h)
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    for path in ("/api/v1/me/points", "/api/v1/me/features", "/api/v1/branch"):
        refused = http.get(path, headers=h)
        assert refused.status_code == 403, path
        assert refused.json()["code"] == "password_change_required"
        assert "修改密码" in refused.json()["message"]
    changed = http.post(
        "/api/v1/auth/password", headers=h, json={"old_password": password, "new_password": NEW}
    )
    assert changed.status_code == 200, changed.text
    h2 = {"Authorization": f"Bearer {changed.json()['token']}"}
    assert http.get("/api/v1/me/points", headers=h2).status_code == 200
    assert http.get("/api/v1/me", headers=h2).json()["must_change_password"] is False
    again = http.post("/api/v1/auth/login", json={"username": "t1new", "password": NEW})
    assert again.json()["must_change_password"] is False
    # Logout is allowed with the flag too.
    pending = http.post("/api/v1/auth/login", json={"username": "t1new", "password": NEW})
    assert pending.status_code == 200


def test_logout_is_allowed_before_the_change(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    made = add_member(http, zb, "t1out", zb_branch["id"])
    response = http.post(
        "/api/v1/auth/login", json={"username": "t1out", "password": made["one_time_password"]}
    )
    h = {"Authorization": f"Bearer {response.json()['token']}"}
    assert http.post("/api/v1/auth/logout", headers=h).status_code == 204
    assert http.get("/api/v1/me", headers=h).status_code == 401


def test_level_rules(http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]) -> None:
    branch = zb_branch["id"]
    # A branch admin adds 党员 only.
    wrong = add(http, zb, username="t2admin", display_name="甲", kind="branch_admin", org_id=branch)
    assert wrong.status_code == 403 and wrong.json()["code"] == "kind_not_managed"
    assert "党支部管理员不能管理党支部管理员账号" in wrong.json()["message"]
    # Not outside its branch.
    other = next(b for b in branches(tree(http, login(http, "sw001"))) if b["id"] != branch)
    out = add(http, zb, username="t2out", display_name="乙", kind="member", org_id=other["id"])
    assert out.status_code == 403 and out.json()["code"] == "out_of_scope"
    # A member manages nobody.
    member = http.get("/api/v1/accounts", headers=login(http, "dy001"))
    assert member.status_code == 403 and member.json()["code"] == "accounts_forbidden"
    # Duplicate username.
    dup = add(http, zb, username="dy001", display_name="丙", kind="member", org_id=branch)
    assert dup.status_code == 409 and dup.json()["code"] == "username_taken"
    assert "dy001" in dup.json()["message"]
    # Unknown position: the platform's answer.
    bad = add(
        http, zb, username="t2pos", display_name="丁", kind="member", org_id=branch,
        position_code="treasurer",
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["code"] == "position_unknown"
    assert "省委组织部" in bad.json()["message"] and "标准化手册" in bad.json()["message"]
    # A 党委 admin adds a 党支部管理员 under it, not a 党委 account; the province adds 党委 ones.
    dw = login(http, "dw001")
    ok = add(http, dw, username="t2zb", display_name="戊", kind="branch_admin", org_id=branch)
    assert ok.status_code == 201, ok.text
    committee = tree(http, dw)["id"]
    no = add(http, dw, username="t2dw", display_name="己", kind="committee_admin", org_id=committee)
    assert no.status_code == 403
    sw = login(http, "sw001")
    yes = add(
        http, sw, username="t2dw", display_name="己", kind="committee_admin", org_id=committee
    )
    assert yes.status_code == 201, yes.text
    # The province does not manage members.
    member_by_sw = add(http, sw, username="t2m", display_name="庚", kind="member", org_id=branch)
    assert member_by_sw.status_code == 403
    # An account kind in the wrong org kind.
    wrong_org = add(
        http, dw, username="t2x", display_name="辛", kind="branch_admin", org_id=committee
    )
    assert wrong_org.status_code == 422 and wrong_org.json()["code"] == "account_wrong_org"


def test_disable_blocks_login_and_revokes_tokens_enable_restores(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    made = add_member(http, zb, "t3dis", zb_branch["id"])
    h = first_login(http, "t3dis", made["one_time_password"])
    account = made["account"]["id"]
    off = http.put(f"/api/v1/accounts/{account}/active", headers=zb, json={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    assert off.json()["actions"][0] == "enable"
    assert http.get("/api/v1/me", headers=h).status_code == 401
    refused = http.post("/api/v1/auth/login", json={"username": "t3dis", "password": NEW})
    assert refused.status_code == 403 and refused.json()["code"] == "account_disabled"
    on = http.put(f"/api/v1/accounts/{account}/active", headers=zb, json={"active": True})
    assert on.status_code == 200 and on.json()["active"] is True
    assert login(http, "t3dis", NEW)
    # Another branch's admin cannot touch it.
    foreign = http.put(
        f"/api/v1/accounts/{account}/active", headers=login(http, "zb006"), json={"active": False}
    )
    assert foreign.status_code == 403


def test_reset_gives_a_working_one_time_password_and_revokes_tokens(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    made = add_member(http, zb, "t4rst", zb_branch["id"])
    h = first_login(http, "t4rst", made["one_time_password"])
    reset = http.post(f"/api/v1/accounts/{made['account']['id']}/password-reset", headers=zb)
    assert reset.status_code == 200, reset.text
    assert http.get("/api/v1/me", headers=h).status_code == 401
    assert (
        http.post("/api/v1/auth/login", json={"username": "t4rst", "password": NEW}).status_code
        == 401
    )
    first_login(http, "t4rst", reset.json()["one_time_password"])


def test_group_and_position(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    made = add_member(http, zb, "t5grp", zb_branch["id"])
    account = made["account"]["id"]
    groups = [g["id"] for g in zb_branch["children"]]
    moved = http.put(f"/api/v1/accounts/{account}/group", headers=zb, json={"group_id": groups[-1]})
    assert moved.status_code == 200 and moved.json()["group"]["id"] == groups[-1]
    foreign_group = next(
        c["id"]
        for b in branches(tree(http, login(http, "sw001")))
        if b["id"] != zb_branch["id"]
        for c in b["children"]
    )
    bad = http.put(
        f"/api/v1/accounts/{account}/group", headers=zb, json={"group_id": foreign_group}
    )
    assert bad.status_code == 422 and bad.json()["code"] == "group_not_in_branch"
    positions = http.get("/api/v1/orgs/positions", headers=zb).json()
    code = positions[-1]["code"]
    set_ = http.put(
        f"/api/v1/accounts/{account}/position", headers=zb, json={"position_code": code}
    )
    assert set_.status_code == 200 and set_.json()["position"] == positions[-1]["name"]
    unknown = http.put(
        f"/api/v1/accounts/{account}/position", headers=zb, json={"position_code": "cashier"}
    )
    assert unknown.status_code == 422 and "省委组织部" in unknown.json()["message"]
    cleared = http.put(
        f"/api/v1/accounts/{account}/position", headers=zb, json={"position_code": None}
    )
    assert cleared.json()["position"] is None


def test_moving_branch_keeps_the_ledger_and_the_points_show_in_the_new_branch(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    zzz = login(http, "zzz001")
    under = branches(tree(http, zzz))
    assert len(under) >= 2
    old, new = zb_branch["id"], next(b["id"] for b in under if b["id"] != zb_branch["id"])
    made = add_member(http, zb, "t6mov", old)
    h = first_login(http, "t6mov", made["one_time_password"])  # the first login earns a point
    before = http.get("/api/v1/me/points", headers=h).json()
    account = made["account"]["id"]
    # A branch admin's scope holds one branch: refused.
    refused = http.put(f"/api/v1/accounts/{account}/branch", headers=zb, json={"org_id": new})
    assert refused.status_code == 403
    moved = http.put(f"/api/v1/accounts/{account}/branch", headers=zzz, json={"org_id": new})
    assert moved.status_code == 200, moved.text
    assert moved.json()["org"]["id"] == new and moved.json()["group"] is None
    after = http.get("/api/v1/me/points", headers=h).json()
    assert after["year_total"] == before["year_total"] > 0
    # A member of the new branch now sees their points; the old branch's admin no longer.
    new_admin = next(
        a["id"]
        for a in http.get(f"/api/v1/accounts?org_id={new}", headers=zzz).json()["items"]
        if a["kind"] == "branch_admin"
    )
    assert new_admin
    old_view = http.get(f"/api/v1/accounts/{account}/points", headers=zb)
    assert old_view.status_code == 403
    listed = http.get(f"/api/v1/accounts?org_id={new}", headers=zzz).json()["items"]
    assert any(a["id"] == account for a in listed)


def test_account_changes_are_in_the_upper_orgs_audit_only(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    made = add_member(http, zb, "t7aud", zb_branch["id"])
    http.put(f"/api/v1/accounts/{made['account']['id']}/active", headers=zb, json={"active": False})
    for upper in ("zzz001", "dw001", "sw001"):
        changes = http.get("/api/v1/audit", headers=login(http, upper)).json()["account_changes"]
        mine = [c for c in changes if "t7aud" in c["account"]]
        assert {c["action"] for c in mine} == {"添加账号", "停用账号"}, upper
        assert all(c["actor"] and c["at"] for c in mine)
    other = http.get("/api/v1/audit", headers=login(http, "dw002")).json()["account_changes"]
    assert not [c for c in other if "t7aud" in c["account"]]
    assert http.get("/api/v1/audit", headers=zb).status_code == 403


def test_my_branch_read_and_edit(
    http: httpx.Client, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    branch = zb_branch["id"]
    mine = http.get("/api/v1/branch", headers=login(http, "dy001"))
    assert mine.status_code == 200, mine.text
    profile = mine.json()
    assert profile["id"] == branch and profile["may_edit"] is False
    assert profile["secretary"] and profile["committee"][0]["position"] == "书记"
    assert profile["member_count"] >= sum(len(g["members"]) for g in profile["groups"])
    assert {m["type"] for m in profile["meetings"]} and profile["path"][0]["kind"] == "province"
    assert len(profile["fields"]) == 6
    admin = http.get("/api/v1/branch", headers=zb).json()
    assert admin["may_edit"] is True
    # A member may not edit; the admin sets 领域 and adds and renames a 党小组.
    assert (
        http.put(
            f"/api/v1/branch/{branch}/field", headers=login(http, "dy001"), json={"field": "organ"}
        ).status_code
        == 403
    )
    bad = http.put(f"/api/v1/branch/{branch}/field", headers=zb, json={"field": "army"})
    assert bad.status_code == 422 and bad.json()["code"] == "field_unknown"
    field = http.put(f"/api/v1/branch/{branch}/field", headers=zb, json={"field": "organ"})
    assert field.status_code == 200 and field.json()["field_name"] == "机关"
    added = http.post(f"/api/v1/branch/{branch}/groups", headers=zb, json={"name": "第九党小组"})
    assert added.status_code == 200, added.text
    gid = next(g["id"] for g in added.json()["groups"] if g["name"] == "第九党小组")
    dup = http.post(f"/api/v1/branch/{branch}/groups", headers=zb, json={"name": "第九党小组"})
    assert dup.status_code == 409
    renamed = http.put(
        f"/api/v1/branch/{branch}/groups/{gid}", headers=zb, json={"name": "第十党小组"}
    )
    assert any(g["name"] == "第十党小组" for g in renamed.json()["groups"])
    # Upper orgs read branches in scope (not edit); another 党委 and another branch do not.
    assert http.get(f"/api/v1/branch/{branch}", headers=login(http, "dw001")).status_code == 200
    assert http.get(f"/api/v1/branch/{branch}", headers=login(http, "dw002")).status_code == 403
    assert http.get(f"/api/v1/branch/{branch}", headers=login(http, "zb006")).status_code == 403
    assert (
        http.put(
            f"/api/v1/branch/{branch}/field", headers=login(http, "dw001"), json={"field": "rural"}
        ).status_code
        == 403
    )


def test_the_provinces_account_changes_take_no_list_of_its_orgs(server: Any) -> None:
    """A province holds more orgs than a statement takes parameters (asyncpg: 32,767): its
    账号变动 filters nothing by org and a 党委's walks its subtree in the database, whatever the
    number of orgs the caller's tree names. Read straight through the service on the demo's
    database, with the real orgs and 40,000 more (a province's worth of 党支部 and 党小组)."""
    import asyncio
    from datetime import datetime, timedelta

    from sqlalchemy import select

    from server.db.engine import Database
    from server.db.models import Account, Org
    from server.domain.orgs import AccountKind
    from server.services import account_admin
    from server.services.context import Caller

    async def run() -> tuple[list[Any], list[Any]]:
        db = Database(server.database_url)
        try:
            async with db.read() as session:
                orgs = {o.id: o for o in (await session.execute(select(Org))).scalars()}
                who = {
                    a.username: a
                    for a in (
                        await session.execute(
                            select(Account).where(Account.username.in_(["sw001", "dw001"]))
                        )
                    ).scalars()
                }
                province = who["sw001"].org_id
                assert province is not None
                many = dict(orgs)
                for n in range(40_000):
                    many[10_000_000 + n] = Org(
                        id=10_000_000 + n, parent_id=province, kind="branch", name=f"支部{n}"
                    )
                end = datetime.now(UTC) + timedelta(days=3650)
                start = datetime(2000, 1, 1, tzinfo=UTC)
                callers = [
                    Caller(a.id, a.username, AccountKind(a.kind), a.org_id, "")
                    for a in (who["sw001"], who["dw001"])
                ]
                return [await account_admin.changes(session, c, many, start, end) for c in callers]  # type: ignore[return-value]
        finally:
            await db.dispose()

    everything, committee = asyncio.run(run())
    assert len(everything) >= len(committee)
    assert all(c.org for c in committee)


def test_a_branch_has_one_holder_of_each_position(
    http: httpx.Client, server: Any, zb: dict[str, str], zb_branch: dict[str, Any]
) -> None:
    """书记 (dy001's in the demo) cannot go to a second member, by adding or by setting: 409
    naming who holds it. Two admins giving one free position to two members at the same moment:
    one of them wins (the unique index decides), the other is told who holds it now."""
    from concurrent.futures import ThreadPoolExecutor

    branch = zb_branch["id"]
    secretary = next(
        a
        for a in http.get("/api/v1/accounts", headers=zb).json()["items"]
        if a["username"] == "dy001"
    )
    assert secretary["position_code"] == "secretary"
    who = f"{secretary['display_name']}(dy001)"
    made = add_member(http, zb, "t8one", branch)
    account = made["account"]["id"]
    second = http.put(
        f"/api/v1/accounts/{account}/position", headers=zb, json={"position_code": "secretary"}
    )
    assert second.status_code == 409, second.text
    assert second.json()["code"] == "position_taken"
    assert second.json()["message"] == (
        f"本支部的书记已由 {who} 担任,每个党支部只设一名书记;请先取消其书记职位,再设置新的人选"
    )
    added = add(
        http, zb, username="t8two", display_name="又一书记", kind="member", org_id=branch,
        position_code="secretary",
    )  # fmt: skip
    assert added.status_code == 409 and who in added.json()["message"]
    assert all(
        a["username"] != "t8two" for a in http.get("/api/v1/accounts", headers=zb).json()["items"]
    )
    # Setting the holder's own position again is no conflict.
    same = http.put(
        f"/api/v1/accounts/{secretary['id']}/position",
        headers=zb,
        json={"position_code": "secretary"},
    )
    assert same.status_code == 200

    rivals = [add_member(http, zb, f"t8race{i}", branch)["account"]["id"] for i in range(6)]
    upper = login(http, "zzz001")  # a second admin over the same branch

    def give(i: int) -> httpx.Response:
        with server.client() as client:
            return client.put(
                f"/api/v1/accounts/{rivals[i]}/position",
                headers=zb if i % 2 else upper,
                json={"position_code": "women"},
            )

    for round_ in range(3):
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(give, range(6)))
        won = [i for i, r in enumerate(answers) if r.status_code == 200]
        assert len(won) == 1, [(r.status_code, r.text) for r in answers]
        for r in answers:
            if r.status_code != 200:
                assert r.status_code == 409 and r.json()["code"] == "position_taken", r.text
                assert "妇女委员" in r.json()["message"]
        holders = [
            a for a in http.get("/api/v1/accounts", headers=zb).json()["items"]
            if a["position_code"] == "women"
        ]  # fmt: skip
        assert [h["id"] for h in holders] == [rivals[won[0]]], round_
        cleared = http.put(
            f"/api/v1/accounts/{rivals[won[0]]}/position", headers=zb, json={"position_code": None}
        )
        assert cleared.status_code == 200
