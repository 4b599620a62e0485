"""Per-account write limits (issue 15: one push created 100 wishes): comments, 先锋模范 posts and
uploads, as data in server.domain.rates, over HTTP (429, Retry-After, a Chinese message) and in
同步 (a refusal that uses up its number), counted in the database. 城关社区党支部, 2030-03."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from server.domain.rates import WRITE_LIMITS
from tests.conftest import login
from tests.server.test_points import advance, set_clock
from tests.server.test_sync import Client


def test_comments_over_the_hourly_limit_wait(http: httpx.Client) -> None:
    set_clock(http, "2030-03-01T10:00:00+08:00")
    h = login(http, "dy045")
    limit = WRITE_LIMITS["comment"].max_count

    def comment(n: int) -> httpx.Response:
        body = {"body": f"第 {n} 条学习体会:认真学习"}
        return http.post("/api/v1/articles/12/comments", headers=h, json=body)

    assert [comment(n).status_code for n in range(limit)] == [200] * limit
    over = comment(limit)
    assert over.status_code == 429 and over.json()["code"] == "write_limited"
    assert over.json()["message"].startswith(f"发表评论过于频繁(每小时最多 {limit} 次)")
    assert 0 < int(over.headers["Retry-After"]) <= 3600
    # A refused comment is not counted, nor stored.
    article = http.get("/api/v1/articles/12", headers=h).json()
    assert sum(c["body"].endswith("认真学习") for c in article["comments"]) == limit
    advance(http, 3600)
    assert comment(limit + 1).status_code == 200  # the next hour


def test_a_push_of_many_wishes_creates_only_the_limit(http: httpx.Client) -> None:
    now = datetime.fromisoformat("2030-03-02T10:00:00+08:00")
    set_clock(http, now.isoformat())
    h = login(http, "dy046")
    c = Client(http, h)
    limit = WRITE_LIMITS["vanguard_post"].max_count
    wish = {"kind": "wish", "title": "离线心愿", "body": "希望有人帮忙修自行车"}
    batch = [c.mutation("vanguard_post", now + timedelta(seconds=1)) for _ in range(25)]
    for m in batch:
        m["args"] = wish  # (its "kind" is the post's, not the mutation's)
    out = c.push(batch, now + timedelta(seconds=2))
    assert out["stopped"] is None and out["last_seq"] == 25  # every number used up
    statuses = [r["status"] for r in out["results"]]
    assert statuses == ["applied"] * limit + ["rejected"] * (25 - limit)
    assert {r["code"] for r in out["results"][limit:]} == {"write_limited"}
    assert "发布心愿、微捐赠或随手拍过于频繁" in out["results"][-1]["message"]
    mine = [w for w in http.get("/api/v1/wishes", headers=h).json() if w["title"] == "离线心愿"]
    assert len(mine) == limit
    # Over HTTP the same count applies: the account's window is full.
    response = http.post("/api/v1/wishes", headers=h, json={"title": "再发一个", "body": "内容"})
    assert response.status_code == 429 and "Retry-After" in response.headers


def test_concurrent_posts_stop_exactly_at_the_limit(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    """The count is kept in the database under the account's lock: posts racing each other
    from several connections never get past it."""
    import concurrent.futures

    set_clock(http, "2030-03-03T10:00:00+08:00")
    h = login(http, "dy044")
    limit = WRITE_LIMITS["vanguard_post"].max_count

    def post(n: int) -> int:
        with server.client() as own:
            body = {"title": f"同时发布的心愿 {n}", "body": "内容说明"}
            return own.post("/api/v1/wishes", headers=h, json=body).status_code

    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(post, range(limit + 8)))
    assert sorted(statuses) == [200] * limit + [429] * 8
