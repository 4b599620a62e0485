"""SPEC §3 on both databases: every rule and cap, periods in Asia/Shanghai, once-per-article,
who earns, visibility, and caps under real concurrent requests."""

from __future__ import annotations

import concurrent.futures

import httpx
import pytest

from tests.conftest import login

# SPEC §3, restated: code → (category, points, cap, period).
SPEC_RULES = {
    "login": ("study", 1, 1, "day"),
    "collect": ("study", 1, 2, "day"),
    "comment": ("study", 2, 4, "day"),
    "like": ("study", 1, 1, "day"),
    "share": ("study", 1, 2, "day"),
    "read": ("study", 1, 5, "day"),
    "video": ("study", 1, 10, "day"),
    "exam": ("study", 2, 4, "day"),
    "third_party": ("study", 1, 5, "day"),
    "meeting_general": ("org_life", 30, 30, "quarter"),
    "meeting_committee": ("org_life", 10, 10, "month"),
    "meeting_group": ("org_life", 10, 10, "month"),
    "party_lesson": ("org_life", 30, 30, "quarter"),
    "theme_day": ("org_life", 10, 10, "month"),
    "life_meeting": ("org_life", 30, 30, "year"),
    "donation_post": ("vanguard", 2, 2, "day"),
    "donation_done": ("vanguard", 10, 10, "day"),
    "wish_done": ("vanguard", 10, 10, "day"),
    "snapshot": ("vanguard", 2, 6, "day"),
}


def set_clock(http: httpx.Client, iso: str) -> None:
    assert http.put("/api/v1/test/clock", json={"now": iso}).status_code == 200


def advance(http: httpx.Client, seconds: float) -> None:
    assert http.post("/api/v1/test/clock/advance", json={"seconds": seconds}).status_code == 200


def earned(http: httpx.Client, headers: dict[str, str], code: str) -> int:
    rules = http.get("/api/v1/me/points", headers=headers).json()["rules"]
    return next(r["earned"] for r in rules if r["code"] == code)


def act(http: httpx.Client, headers: dict[str, str], method: str, path: str, **kw: object) -> dict:
    response = http.request(method, f"/api/v1{path}", headers=headers, **kw)
    assert response.status_code == 200, response.text
    return response.json()


def test_rules_table_is_the_spec(http: httpx.Client) -> None:
    set_clock(http, "2027-01-04T10:00:00+08:00")
    rules = http.get("/api/v1/me/points", headers=login(http, "dy040")).json()["rules"]
    assert {
        r["code"]: (r["category"], r["points"], r["cap"], r["period"]) for r in rules
    } == SPEC_RULES


def test_first_login_of_the_day(http: httpx.Client) -> None:
    set_clock(http, "2027-01-05T08:00:00+08:00")
    first = http.post(
        "/api/v1/auth/login", json={"username": "dy041", "password": "gsdj2026"}
    ).json()
    assert first["earned"]["code"] == "login" and first["earned"]["points"] == 1
    headers = {"Authorization": f"Bearer {first['token']}"}
    second = http.post(
        "/api/v1/auth/login", json={"username": "dy041", "password": "gsdj2026"}
    ).json()
    assert second["earned"] is None
    assert earned(http, headers, "login") == 1
    advance(http, 86400)
    headers = login(http, "dy041")
    summary = http.get("/api/v1/me/points", headers=headers).json()
    assert next(r["earned"] for r in summary["rules"] if r["code"] == "login") == 1
    assert summary["year_by_category"][1] == {"category": "study", "name": "教育学习", "points": 2}


def test_like_once_per_article_ever_and_one_a_day(http: httpx.Client) -> None:
    set_clock(http, "2027-01-06T09:00:00+08:00")
    h = login(http, "dy042")
    first = act(http, h, "POST", "/articles/1/like")
    assert first["earned"]["points"] == 1 and "+1 积分" in first["message"]
    capped = act(http, h, "POST", "/articles/2/like")
    assert capped["earned"]["points"] == 0 and capped["earned"]["reason"] == "capped"
    act(http, h, "DELETE", "/articles/1/like")
    assert act(http, h, "GET", "/articles/1")["liked"] is False
    advance(http, 86400)
    again = act(http, h, "POST", "/articles/1/like")  # unlike then like again: nothing
    assert again["earned"] is None
    assert earned(http, h, "like") == 0
    # Article 2's like earned nothing yesterday (capped), so it can earn today.
    act(http, h, "DELETE", "/articles/2/like")
    assert act(http, h, "POST", "/articles/2/like")["earned"]["points"] == 1


def test_collect_share_third_party_caps(http: httpx.Client) -> None:
    set_clock(http, "2027-01-07T09:00:00+08:00")
    h = login(http, "dy043")
    assert [
        act(http, h, "POST", f"/articles/{i}/collect")["earned"]["points"] for i in (1, 2, 3)
    ] == [1, 1, 0]
    assert act(http, h, "POST", "/articles/1/collect")["earned"] is None  # already collected
    assert [act(http, h, "POST", "/articles/5/share")["earned"]["points"] for _ in range(3)] == [
        1,
        1,
        0,
    ]
    links = http.get("/api/v1/third-party").json()
    assert {link["name"] for link in links} == {
        "学习强国",
        "学习平台",
        "党建之声",
        "直播频道",
        "理论文献库",
        "习近平系列重要讲话数据库",
    }
    visits = [act(http, h, "POST", f"/third-party/{links[i % 6]['code']}/visit") for i in range(6)]
    assert [v["earned"]["points"] for v in visits] == [1, 1, 1, 1, 1, 0]
    assert visits[0]["url"].startswith("https://")
    assert http.post("/api/v1/third-party/nope/visit", headers=h).status_code == 404


def test_comment_rules_and_cap(http: httpx.Client) -> None:
    set_clock(http, "2027-01-08T09:00:00+08:00")
    h = login(http, "dy044")
    short = http.post("/api/v1/articles/3/comments", json={"body": " 好 好 好 好 "}, headers=h)
    assert short.status_code == 422 and short.json()["code"] == "comment_too_short"
    first = act(http, h, "POST", "/articles/3/comments", json={"body": "学习了,深受启发"})
    assert first["earned"]["points"] == 2
    repeat = http.post("/api/v1/articles/3/comments", json={"body": "学习了, 深受启发 "}, headers=h)
    assert repeat.status_code == 422 and repeat.json()["code"] == "comment_repeated"
    # The same words on another article are fine; the cap is 4 a day.
    assert (
        act(http, h, "POST", "/articles/4/comments", json={"body": "学习了,深受启发"})["earned"][
            "points"
        ]
        == 2
    )
    assert (
        act(http, h, "POST", "/articles/5/comments", json={"body": "要把学习成果用到工作中"})[
            "earned"
        ]["points"]
        == 0
    )
    comments = act(http, h, "GET", "/articles/3")["comments"]
    assert comments[0]["body"] == "学习了,深受启发" and comments[0]["mine"] is True


def test_effective_read_needs_thirty_seconds_by_the_server_clock(http: httpx.Client) -> None:
    set_clock(http, "2027-01-09T09:00:00+08:00")
    h = login(http, "dy045")
    read = act(http, h, "POST", "/articles/6/reads")
    assert read["required_seconds"] == 30
    early = http.post(f"/api/v1/articles/6/reads/{read['read_id']}/complete", headers=h)
    assert early.status_code == 409 and early.json()["code"] == "read_too_short"
    advance(http, 31)
    done = act(http, h, "POST", f"/articles/6/reads/{read['read_id']}/complete")
    assert done["earned"]["points"] == 1
    assert act(http, h, "GET", "/articles/6")["read_done"] is True
    again = act(http, h, "POST", "/articles/6/reads")
    advance(http, 31)
    assert act(http, h, "POST", f"/articles/6/reads/{again['read_id']}/complete")["earned"] is None
    # Someone else's read id is not ours.
    other = login(http, "dy046")
    assert (
        http.post(f"/api/v1/articles/6/reads/{read['read_id']}/complete", headers=other).status_code
        == 404
    )


def test_reads_cap_at_five_a_day(http: httpx.Client) -> None:
    set_clock(http, "2027-01-10T09:00:00+08:00")
    h = login(http, "dy047")
    reads = [act(http, h, "POST", f"/articles/{i}/reads")["read_id"] for i in range(10, 16)]
    advance(http, 31)
    got = [
        act(http, h, "POST", f"/articles/{i}/reads/{r}/complete")["earned"]["points"]
        for i, r in zip(range(10, 16), reads, strict=True)
    ]
    assert got == [1, 1, 1, 1, 1, 0]


def test_day_boundary_in_shanghai(http: httpx.Client) -> None:
    set_clock(http, "2027-03-31T23:00:00+08:00")
    h = login(http, "dy048")  # before the clock is put at the boundary: argon2 takes its time
    set_clock(http, "2027-03-31T23:59:58+08:00")
    act(http, h, "POST", "/articles/20/like")
    advance(http, 1)  # 23:59:59 still counts for March 31: capped
    assert act(http, h, "POST", "/articles/21/like")["earned"]["points"] == 0
    advance(http, 1)  # 00:00:00 April 1: the cap resets
    assert act(http, h, "POST", "/articles/22/like")["earned"]["points"] == 1
    days = [
        i["day"] for i in act(http, h, "GET", "/me/points/ledger")["items"] if i["code"] == "like"
    ]
    assert days == ["2027-04-01", "2027-03-31"]


@pytest.mark.parametrize("username", ["dw001", "zzz001", "sw001", "qz001"])
def test_non_earners_act_but_earn_nothing(http: httpx.Client, username: str) -> None:
    set_clock(http, "2027-01-11T09:00:00+08:00")
    h = login(http, username)
    result = act(http, h, "POST", "/articles/30/share")
    assert result["ok"] is True and result["earned"]["points"] == 0
    assert result["earned"]["reason"] == "not_earner"
    assert act(http, h, "GET", "/me/points/ledger")["total"] == 0


def test_branch_account_earns_like_a_member(http: httpx.Client) -> None:
    set_clock(http, "2027-01-12T09:00:00+08:00")
    h = login(http, "zb003")
    assert act(http, h, "POST", "/articles/31/share")["earned"]["points"] == 1
    assert earned(http, h, "login") == 1


def test_points_visible_only_inside_the_branch(http: httpx.Client) -> None:
    dy001 = login(http, "dy001")
    me_id = http.get("/api/v1/me", headers=dy001).json()["id"]
    same_branch = login(http, "dy002")
    assert http.get(f"/api/v1/accounts/{me_id}/points", headers=same_branch).status_code == 200
    assert (
        http.get(f"/api/v1/accounts/{me_id}/points", headers=login(http, "zb001")).status_code
        == 200
    )
    for other in ("dy030", "zb002", "zzz001", "dw001", "sw001", "qz001"):
        response = http.get(f"/api/v1/accounts/{me_id}/points", headers=login(http, other))
        assert response.status_code == 403, other
        assert response.json()["message"] == "只能查看本支部党员的积分"
    assert http.get("/api/v1/accounts/999999/points", headers=dy001).status_code == 404


def test_replayed_request_grants_once(http: httpx.Client) -> None:
    set_clock(http, "2027-01-13T09:00:00+08:00")
    h = {**login(http, "dy049"), "Idempotency-Key": "share-once-1"}
    assert act(http, h, "POST", "/articles/7/share")["earned"]["points"] == 1
    replay = act(http, h, "POST", "/articles/7/share")
    assert replay["earned"]["points"] == 0 and replay["earned"]["reason"] == "duplicate"


def _concurrently(server, headers: dict[str, str], paths: list[str]) -> list[int]:  # type: ignore[no-untyped-def]
    def fire(path: str) -> int:
        with server.client() as c:
            return c.post(path, headers=headers).json()["earned"]["points"]

    with concurrent.futures.ThreadPoolExecutor(25) as pool:
        return list(pool.map(fire, paths))


def test_caps_hold_under_fifty_concurrent_requests(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    set_clock(http, "2027-01-14T09:00:00+08:00")
    h = login(http, "dy050")
    likes = _concurrently(server, h, [f"/api/v1/articles/{i}/like" for i in range(1, 51)])
    assert sum(likes) == 1 and earned(http, h, "like") == 1
    collects = _concurrently(server, h, [f"/api/v1/articles/{i}/collect" for i in range(1, 51)])
    assert sum(collects) == 2 and earned(http, h, "collect") == 2
    ledger = act(http, h, "GET", "/me/points/ledger", params={"size": 200})
    assert sum(i["points"] for i in ledger["items"] if i["code"] in ("like", "collect")) == 3


def test_ledger_is_paged_newest_first(http: httpx.Client) -> None:
    set_clock(http, "2027-01-15T09:00:00+08:00")
    h = login(http, "dy051")
    act(http, h, "POST", "/articles/8/share")
    first = act(http, h, "GET", "/me/points/ledger", params={"size": 1})
    second = act(http, h, "GET", "/me/points/ledger", params={"size": 1, "page": 2})
    assert (
        first["total"] == 2
        and first["items"][0]["code"] == "share"
        and second["items"][0]["code"] == "login"
    )
    assert http.get("/api/v1/me/points/ledger?size=1000", headers=h).status_code == 422


def test_articles_open_to_visitors(http: httpx.Client) -> None:
    columns = http.get("/api/v1/columns").json()
    assert len(columns) >= 3 and sum(c["articles"] for c in columns) >= 50
    page = http.get(f"/api/v1/articles?column={columns[0]['id']}&size=5").json()
    assert page["total"] == columns[0]["articles"] and len(page["items"]) == 5
    detail = http.get(f"/api/v1/articles/{page['items'][0]['id']}").json()
    assert detail["body"] and detail["liked"] is False
    assert http.get("/api/v1/articles/99999").status_code == 404
    assert http.get("/api/v1/articles?column=99999").status_code == 404
    assert http.post("/api/v1/articles/1/like").status_code == 401
