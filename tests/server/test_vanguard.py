"""先锋模范 on both databases: every state and refusal of 心愿树, 微捐赠 and 随手拍, self-approval,
the caps, the images, who sees what, the outbox, 爱心榜 and the anti-farming audit.

新区管委会机关党支部 (zb003, dy025–dy036; its upper org is the 党委 dw001) and 城关社区党支部 (zb004,
dy037–dy046; dw002), on days of 2029-05 and later that no other test uses."""

from __future__ import annotations

import base64
import uuid

import httpx

from tests.conftest import login
from tests.server.test_boards import board, run_daily
from tests.server.test_points import earned, set_clock
from tests.servers import ServerProcess

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)


def post(http: httpx.Client, h: dict, kind: str, **body: object) -> dict:
    body = {"title": f"测试{kind}", "body": "内容说明"} | body
    response = http.post(f"/api/v1/{kind}", headers=h, json=body)
    assert response.status_code == 200, response.text
    return response.json()["item"]


def act(
    http: httpx.Client, h: dict, kind: str, item: int, action: str, **body: object
) -> httpx.Response:
    return http.post(f"/api/v1/{kind}/{item}/{action}", headers=h, json=body or None)


def ok(http: httpx.Client, h: dict, kind: str, item: int, action: str, **body: object) -> dict:
    response = act(http, h, kind, item, action, **body)
    assert response.status_code == 200, response.text
    return response.json()


def refused(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code, response.text
    return response.json()["message"]


def test_wish_states_claims_and_confirmation(http: httpx.Client) -> None:
    set_clock(http, "2029-05-02T10:00:00+08:00")
    public, poster = login(http, "qz002"), login(http, "dy025")
    claimer, other = login(http, "dy026"), login(http, "dy027")
    admin, stranger = login(http, "zb003"), login(http, "dy040")  # dy040: another branch
    branch = http.get("/api/v1/me", headers=admin).json()["org"]["id"]
    # The public name the branch whose tree the wish hangs on.
    refused(http.post("/api/v1/wishes", headers=public, json={"title": "x", "body": "y"}),
            422, "vanguard_branch_required")  # fmt: skip
    wish = post(http, public, "wishes", contact="13900000000", branch_id=branch)
    assert wish["state"] == "open" and wish["state_name"] == "待认领" and wish["mine"]
    assert wish["actions"] == ["withdraw"]
    # Visitors browse the tree; the contact stays inside the branch (and with the poster).
    visible = {w["id"]: w for w in http.get("/api/v1/wishes").json()}
    assert visible[wish["id"]]["contact"] is None
    assert http.get(f"/api/v1/wishes/{wish['id']}", headers=stranger).json()["contact"] is None
    assert (
        http.get(f"/api/v1/wishes/{wish['id']}", headers=claimer).json()["contact"] == "13900000000"
    )
    # Out of order and by the wrong people.
    refused(act(http, claimer, "wishes", wish["id"], "fulfil"), 403, "vanguard_forbidden")
    refused(act(http, admin, "wishes", wish["id"], "confirm"), 409, "vanguard_out_of_order")
    refused(act(http, stranger, "wishes", wish["id"], "claim"), 403, "vanguard_forbidden")
    refused(act(http, claimer, "wishes", wish["id"], "approve"), 404, "vanguard_action_unknown")
    own = post(http, poster, "wishes")
    message = refused(act(http, poster, "wishes", own["id"], "claim"), 403, "vanguard_forbidden")
    assert "不能认领自己发布的心愿" in message
    # claim → release → claim again → fulfil → (reopen with reason) → fulfil → confirm
    assert ok(http, claimer, "wishes", wish["id"], "claim")["item"]["claimed_by_me"]
    refused(act(http, other, "wishes", wish["id"], "claim"), 409, "vanguard_out_of_order")
    refused(act(http, public, "wishes", wish["id"], "withdraw"), 409, "vanguard_out_of_order")
    assert ok(http, claimer, "wishes", wish["id"], "release")["item"]["state"] == "open"
    ok(http, other, "wishes", wish["id"], "claim")
    refused(act(http, claimer, "wishes", wish["id"], "fulfil"), 403, "vanguard_forbidden")
    ok(http, other, "wishes", wish["id"], "fulfil")
    seen = http.get(f"/api/v1/wishes/{wish['id']}", headers=admin).json()
    assert seen["action_names"] == {"confirm": "确认完成", "reopen": "退回未完成"}
    # The admin's queue names whom the confirmation pays: the claimer, not the poster.
    other_name = http.get("/api/v1/me", headers=other).json()["display_name"]
    assert seen["payee"] == other_name and seen["poster"] != other_name
    assert seen["needs_reason"] == ["reopen"]
    refused(act(http, admin, "wishes", wish["id"], "reopen"), 422, "vanguard_reason")
    reopened = ok(http, admin, "wishes", wish["id"], "reopen", reason="老人反映尚未完成")
    assert (
        reopened["item"]["state"] == "claimed" and reopened["item"]["reason"] == "老人反映尚未完成"
    )
    ok(http, other, "wishes", wish["id"], "fulfil")
    done = ok(http, admin, "wishes", wish["id"], "confirm")
    assert done["item"]["state_name"] == "已确认" and done["earned"]["points"] == 10
    assert done["earned_by"] == other_name and done["item"]["payee"] is None
    assert earned(http, other, "wish_done") == 10 and earned(http, claimer, "wish_done") == 0
    assert [e["action"] for e in done["item"]["history"]] == [
        "post", "claim", "release", "claim", "fulfil", "reopen", "fulfil", "confirm",
    ]  # fmt: skip
    refused(act(http, admin, "wishes", wish["id"], "confirm"), 409, "vanguard_out_of_order")
    # Withdrawn wishes stay withdrawn.
    assert ok(http, poster, "wishes", own["id"], "withdraw")["item"]["state"] == "withdrawn"
    refused(act(http, claimer, "wishes", own["id"], "claim"), 409, "vanguard_out_of_order")
    # Cap: 10 a day for wish_done.
    second = post(http, poster, "wishes")
    ok(http, other, "wishes", second["id"], "claim")
    ok(http, other, "wishes", second["id"], "fulfil")
    assert ok(http, admin, "wishes", second["id"], "confirm")["earned"]["reason"] == "capped"
    refused(http.get("/api/v1/wishes", params={"state": "nonsense"}), 422, "invalid_request")


def test_donation_flow_caps_and_self_approval(http: httpx.Client) -> None:
    set_clock(http, "2029-05-03T10:00:00+08:00")
    poster, admin, member = login(http, "dy028"), login(http, "zb003"), login(http, "dy029")
    for user in ("qz001", "zb003", "dw001"):
        response = http.post("/api/v1/donations", headers=login(http, user),
                             json={"title": "x", "body": "y"})  # fmt: skip
        refused(response, 403, "vanguard_post_forbidden")
    blank = http.post("/api/v1/donations", headers=poster, json={"title": "  ", "body": "y"})
    refused(blank, 422, "vanguard_empty")
    first = post(http, poster, "donations", title="捐赠冬衣")
    # Not yet approved: only the poster and the admin see it.
    refused(http.get(f"/api/v1/donations/{first['id']}", headers=member), 404, "vanguard_not_found")
    assert first["id"] not in [
        d["id"] for d in http.get("/api/v1/donations", headers=member).json()
    ]
    refused(act(http, poster, "donations", first["id"], "approve"), 403, "vanguard_forbidden")
    refused(act(http, poster, "donations", first["id"], "complete"), 409, "vanguard_out_of_order")
    approved = ok(http, admin, "donations", first["id"], "approve")
    assert approved["earned"]["points"] == 2 and approved["item"]["state_name"] == "已发布"
    assert http.get(f"/api/v1/donations/{first['id']}", headers=member).status_code == 200
    refused(act(http, admin, "donations", first["id"], "confirm"), 409, "vanguard_out_of_order")
    refused(act(http, member, "donations", first["id"], "complete"), 403, "vanguard_forbidden")
    ok(http, poster, "donations", first["id"], "complete")
    confirmed = ok(http, admin, "donations", first["id"], "confirm")
    assert confirmed["earned"]["points"] == 10
    # A second one the same day: 2/day and 10/day are reached.
    second = post(http, poster, "donations")
    assert ok(http, admin, "donations", second["id"], "approve")["earned"]["reason"] == "capped"
    ok(http, poster, "donations", second["id"], "complete")
    assert ok(http, admin, "donations", second["id"], "confirm")["earned"]["points"] == 0
    assert (
        earned(http, poster, "donation_post") == 2 and earned(http, poster, "donation_done") == 10
    )
    # Rejected with a reason; withdrawn while pending.
    third = post(http, poster, "donations")
    refused(
        act(http, admin, "donations", third["id"], "reject", reason="  "), 422, "vanguard_reason"
    )
    rejected = ok(http, admin, "donations", third["id"], "reject", reason="物品信息不完整")
    assert rejected["item"]["state_name"] == "未通过" and rejected["earned"] is None
    refused(act(http, admin, "donations", third["id"], "approve"), 409, "vanguard_out_of_order")
    fourth = post(http, poster, "donations")
    ok(http, poster, "donations", fourth["id"], "withdraw")
    refused(act(http, admin, "donations", fourth["id"], "approve"), 409, "vanguard_out_of_order")


def test_nobody_approves_their_own(http: httpx.Client, server: ServerProcess) -> None:
    """Only members claim wishes, and only members post donations and 随手拍, so over the API an
    admin never holds what they would confirm. Should they ever (forged here in the database, as a
    change of account kind would leave it), the confirmation is still refused."""
    set_clock(http, "2029-05-04T10:00:00+08:00")
    admin, poster = login(http, "zb004"), login(http, "dy041")
    wish = post(http, poster, "wishes")
    # The branch account is not a member: it cannot claim.
    refused(act(http, admin, "wishes", wish["id"], "claim"), 403, "vanguard_forbidden")
    # Self-approval: forge a claim by the admin in the database, as a second role would.
    import asyncio

    from server.db.engine import Database

    async def make_admin_claimer() -> None:
        db = Database(server.database_url)
        from sqlalchemy import text

        async with db.write() as s:
            admin_id = (
                await s.execute(text("SELECT id FROM accounts WHERE username = 'zb004'"))
            ).scalar()
            await s.execute(
                text(
                    "UPDATE vanguard_items SET state = 'fulfilled', claimer_id = :a WHERE id = :i"
                ),
                {"a": admin_id, "i": wish["id"]},
            )
        await db.dispose()

    asyncio.run(make_admin_claimer())
    message = refused(act(http, admin, "wishes", wish["id"], "confirm"), 403, "self_approval")
    assert message == "不能审核或确认自己发布或认领的心愿(防止刷分)"
    assert (
        "confirm" not in http.get(f"/api/v1/wishes/{wish['id']}", headers=admin).json()["actions"]
    )


def test_snapshots_images_and_caps(http: httpx.Client) -> None:
    set_clock(http, "2029-05-05T10:00:00+08:00")
    poster, admin, member = login(http, "dy042"), login(http, "zb004"), login(http, "dy043")
    image = base64.b64encode(PNG).decode()
    with_image = post(http, poster, "snapshots", image_base64=image)
    assert with_image["image_type"] == "image/png"
    for bad, status, code in (
        (base64.b64encode(b"not an image").decode(), 422, "image_bad_type"),
        ("***", 422, "image_bad_encoding"),
        (base64.b64encode(PNG + b"0" * (512 * 1024)).decode(), 413, "image_too_large"),
    ):
        response = http.post("/api/v1/snapshots", headers=poster,
                             json={"title": "x", "body": "y", "image_base64": bad})  # fmt: skip
        refused(response, status, code)
    got = http.get(f"/api/v1/snapshots/{with_image['id']}/image", headers=poster).json()
    assert base64.b64decode(got["content_base64"]) == PNG
    refused(http.get(f"/api/v1/snapshots/{with_image['id']}/image", headers=member), 404,
            "vanguard_not_found")  # fmt: skip
    # 2 a post, 6 a day: the fourth approval of the day earns nothing.
    items = [with_image] + [post(http, poster, "snapshots") for _ in range(3)]
    points = [ok(http, admin, "snapshots", i["id"], "approve")["earned"]["points"] for i in items]
    assert points == [2, 2, 2, 0] and earned(http, poster, "snapshot") == 6
    assert (
        http.get(f"/api/v1/snapshots/{with_image['id']}/image", headers=member).status_code == 200
    )
    rejected = post(http, poster, "snapshots")
    ok(http, admin, "snapshots", rejected["id"], "reject", reason="与党建无关")
    refused(
        act(http, poster, "snapshots", rejected["id"], "withdraw"), 409, "vanguard_out_of_order"
    )
    # The queue lists what waits for the admin, and only in their own branch.
    waiting = post(http, poster, "snapshots")
    queue = http.get("/api/v1/vanguard/queue", headers=admin).json()
    assert waiting["id"] in [q["id"] for q in queue]
    assert all(q["branch"]["name"] == "城关社区党支部" for q in queue)
    other_admin = login(http, "zb003")
    refused(
        act(http, other_admin, "snapshots", waiting["id"], "approve"), 404, "vanguard_not_found"
    )
    refused(http.get("/api/v1/vanguard/queue", headers=poster), 403, "vanguard_forbidden")
    refused(
        http.get("/api/v1/snapshots", headers=login(http, "qz001")), 403, "vanguard_branch_only"
    )


def test_posts_and_claims_through_the_outbox(http: httpx.Client) -> None:
    set_clock(http, "2029-05-06T10:00:00+08:00")
    h = login(http, "dy030")
    now = http.get("/api/v1/test/clock").json()["now"]
    client = str(uuid.uuid4())
    wish = post(http, login(http, "dy031"), "wishes")

    def push(*mutations: tuple[str, dict]) -> list[dict]:
        body = {"client_id": client, "client_time": now, "mutations": [
            {"id": str(uuid.uuid4()), "seq": n, "kind": kind, "at": now, "args": args}
            for n, (kind, args) in enumerate(mutations, 1)
        ]}  # fmt: skip
        response = http.post("/api/v1/sync/push", headers=h, json=body)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    results = push(
        ("vanguard_post", {"kind": "donation", "title": "离线发布的捐赠", "body": "棉被两床"}),
        ("vanguard_act", {"kind": "wish", "item_id": wish["id"], "action": "claim"}),
        ("vanguard_act", {"kind": "wish", "item_id": wish["id"], "action": "fulfil"}),
        ("vanguard_act", {"kind": "wish", "item_id": wish["id"], "action": "confirm"}),
        ("vanguard_post", {"kind": "party", "title": "x", "body": "y"}),
    )
    assert [r["status"] for r in results] == [
        "applied",
        "applied",
        "applied",
        "rejected",
        "rejected",
    ]
    assert results[3]["code"] == "vanguard_forbidden"
    # Replayed, the same numbers answer as duplicates: nothing is posted twice.
    again = push(
        ("vanguard_post", {"kind": "donation", "title": "离线发布的捐赠", "body": "棉被两床"})
    )
    assert again[0]["status"] == "duplicate"
    mine = [d for d in http.get("/api/v1/donations", headers=h).json() if d["mine"]]
    assert [d["title"] for d in mine] == ["离线发布的捐赠"]
    assert http.get(f"/api/v1/wishes/{wish['id']}", headers=h).json()["state"] == "fulfilled"


def test_love_board_and_the_audit(http: httpx.Client, server: ServerProcess) -> None:
    """dy032–dy034 of zb003 hit three daily caps on three days in a row; their approvals and the
    爱心榜 follow. dw001 (zb003's 党委) sees the audit; zzz001 sees only its own branches."""
    admin = login(http, "zb003")
    farmers: dict[str, dict] = {}
    for day in ("2029-05-10", "2029-05-11", "2029-05-12"):
        set_clock(http, f"{day}T10:00:00+08:00")
        admin = login(http, "zb003")
        h = farmers["dy032"] = login(http, "dy032")  # login: 1 of 1 — the first cap
        d = post(http, h, "donations")  # one approval: donation_post 2 of 2; two shares: 2 of 2
        ok(http, admin, "donations", d["id"], "approve")
        for article in (1, 2):
            assert http.post(f"/api/v1/articles/{article}/share", headers=h).status_code == 200
    set_clock(http, "2029-05-13T10:00:00+08:00")
    dw001 = login(http, "dw001")
    audit = http.get("/api/v1/audit", headers=dw001, params={"since": "2029-05-01"}).json()
    names = {c["name"]: c for c in audit["capped"]}
    me = http.get("/api/v1/me", headers=login(http, "dy032")).json()["display_name"]
    assert names[me]["days"] == ["2029-05-10", "2029-05-11", "2029-05-12"]
    assert names[me]["longest_run"] == 3
    per_day = {(r["day"], r["admin"]): r for r in audit["per_admin_day"]}
    assert per_day[("2029-05-10", "新区管委会机关党支部")]["approvals"] >= 1
    approval = next(a for a in audit["approvals"] if a["beneficiary"] == me)
    assert approval["admin"] == "新区管委会机关党支部" and approval["rule"] == "微捐赠发布通过审核"
    # Two days in a row are not "several" at min_days=4; the window is bounded.
    assert http.get("/api/v1/audit", headers=dw001,
                    params={"since": "2029-05-01", "min_days": 4}).json()["capped"] == []  # fmt: skip
    refused(http.get("/api/v1/audit", headers=dw001, params={"since": "2028-01-01"}), 422,
            "audit_range")  # fmt: skip
    zzz = http.get("/api/v1/audit", headers=login(http, "zzz001"), params={"since": "2029-05-01"})
    assert all(a["branch"] != "新区管委会机关党支部" for a in zzz.json()["approvals"])
    for user in ("zb003", "dy032", "qz001"):
        refused(http.get("/api/v1/audit", headers=login(http, user)), 403, "audit_forbidden")
    # 爱心榜: the vanguard points of the month, from the daily job.
    run_daily(server, "2029-05-12")
    love = board(http, login(http, "dy032"), "member_love", period="month")
    mine = next(r for r in love["rows"] if r["name"] == me)
    assert mine["points"] >= 6


def test_the_provinces_audit_names_no_list_of_its_branches(server: ServerProcess) -> None:
    """A province has more branches than a statement takes parameters (asyncpg: 32,767): the
    province's 审核记录 filters nothing by branch (the other orgs' list their few). Read
    through the audit's own queries on the demo's database with 40,000 more branch ids."""
    import asyncio
    from datetime import UTC, date, datetime

    from server.db.engine import Database
    from server.db.models import Org
    from server.services import vanguard

    many = {
        10_000_000 + n: Org(id=10_000_000 + n, kind="branch", name=f"支部{n}")
        for n in range(40_000)
    }

    async def run() -> None:
        db = Database(server.database_url)
        try:
            async with db.read() as session:
                start, end = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
                await vanguard._backdated(session, many, True, start, end)
                await vanguard._capped(
                    session, many, True, date(2000, 1, 1), date(2100, 1, 1), 3, 3
                )
        finally:
            await db.dispose()

    asyncio.run(run())
