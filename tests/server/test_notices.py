"""通知 on both databases: a meeting notice to each notified member, 报审 to the upper org, the
review answer to the branch, 先锋模范 answers to the poster and waiting items to the admin; the
`after` cursor and marking read. 西街村党支部 (zb006, dy062, dy063), 2029-06."""

from __future__ import annotations

import httpx

from tests.conftest import login
from tests.server.test_meetings import Branch
from tests.server.test_points import advance, set_clock


def notices(http: httpx.Client, h: dict, after: int = 0) -> dict:
    response = http.get("/api/v1/me/notices", headers=h, params={"after": after})
    assert response.status_code == 200, response.text
    return response.json()


def test_notices_follow_the_workflows(http: httpx.Client) -> None:
    set_clock(http, "2029-06-01T09:00:00+08:00")
    b = Branch(http, "zb006", ["dy062", "dy063"])
    upper = login(http, "dw002")
    before_upper = notices(http, upper)["latest_id"]
    before_branch = notices(http, b.h)["latest_id"]
    mid = b.create("committee", "2029-06-01T10:00:00+08:00", title="六月支委会")["id"]
    b.notify(mid, ["dy062", "dy063"])
    b.notify(mid, ["dy062"])  # notified again: no second notice
    got = notices(http, b.m["dy062"])
    texts = [n["text"] for n in got["items"]]
    assert texts.count("会议通知:支部委员会「六月支委会」,2029-06-01 10:00,活动室") == 1
    assert got["unread"] >= 1 and got["items"][0]["link"] == f"meeting:{mid}"
    b.answer(mid, "dy062")
    b.answer(mid, "dy063")
    advance(http, 7200)
    b.record(mid)
    b.ok(b.h, mid, "submit")
    new = notices(http, upper, after=before_upper)["items"]
    assert [n["text"] for n in new] == ["西街村党支部报审了支部委员会「六月支委会」,请审核"]
    b.ok(upper, mid, "reject", reason="请补充议题")
    b.ok(b.h, mid, "submit")
    b.ok(upper, mid, "approve")
    answers = [n["text"] for n in notices(http, b.h, after=before_branch)["items"]]
    assert answers == [
        "支部委员会「六月支委会」已审核通过,会议完成",
        "支部委员会「六月支委会」被退回:请补充议题",
    ]
    # 先锋模范: the admin hears of what waits; the poster of the answer.
    cursor = notices(http, b.h)["latest_id"]
    d = http.post(
        "/api/v1/donations", headers=b.m["dy063"], json={"title": "捐赠书包", "body": "十个"}
    )
    item = d.json()["item"]["id"]
    waiting = notices(http, b.h, after=cursor)["items"]
    assert waiting[0]["text"].endswith("的微捐赠「捐赠书包」等待您审核")
    mine = notices(http, b.m["dy063"])["latest_id"]
    http.post(f"/api/v1/donations/{item}/reject", headers=b.h, json={"reason": "信息不全"})
    told = notices(http, b.m["dy063"], after=mine)["items"]
    assert [n["text"] for n in told] == ["您的微捐赠「捐赠书包」:不通过(信息不全)"]
    # Marking read.
    latest = notices(http, b.m["dy063"])
    response = http.post("/api/v1/me/notices/read", headers=b.m["dy063"],
                         json={"up_to": latest["latest_id"]})  # fmt: skip
    assert response.status_code == 200 and notices(http, b.m["dy063"])["unread"] == 0
    assert notices(http, b.m["dy063"], after=latest["latest_id"])["items"] == []
    assert http.get("/api/v1/me/notices", params={"after": -1}, headers=b.h).status_code == 422
