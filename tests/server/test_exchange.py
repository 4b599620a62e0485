"""经验交流 and 党群服务 over HTTP on both databases: the review (报审, 审核通过, 退回 with a reason,
resubmit, 撤回) by the direct upper org only, every wrong transition's Chinese 409/422/403, who
sees what, likes once per account, comments by 党建资讯's rules, attachments and their limits,
the write limits, no points, and 党群服务 without a login.

东关村党支部 (zb005, dy047…) and 西街村党支部 (zb006) under the 党委 dw002; 综合执法局第一党支部 (zb001)
under the 党总支 zzz001 (so dw001 is not its direct upper org); on days of 2031-03 no other test
uses."""

from __future__ import annotations

import base64

import httpx

from contract import limits
from server.domain.orgs import CITIES
from server.domain.rates import WRITE_LIMITS
from tests.conftest import login
from tests.server.test_points import set_clock


def refused(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, response.text
    return body["message"]


def write(
    http: httpx.Client, h: dict, title: str = "支部工作经验", body: str = "具体做法和成效。"
) -> dict:
    response = http.post("/api/v1/exchange", headers=h, json={"title": title, "body": body})
    assert response.status_code == 200, response.text
    return response.json()["post"]


def act(http: httpx.Client, h: dict, post: int, action: str, **body: object) -> httpx.Response:
    return http.post(f"/api/v1/exchange/{post}/{action}", headers=h, json=body or None)


def ok(http: httpx.Client, h: dict, post: int, action: str, **body: object) -> dict:
    response = act(http, h, post, action, **body)
    assert response.status_code == 200, response.text
    return response.json()


def points_total(http: httpx.Client, h: dict) -> int:
    return http.get("/api/v1/me/points", headers=h).json()["year_total"]


def test_review_rounds_and_refusals(http: httpx.Client) -> None:
    set_clock(http, "2031-03-02T10:00:00+08:00")
    branch, upper = login(http, "zb005"), login(http, "dw002")
    other_branch, member = login(http, "zb006"), login(http, "dy047")
    far_upper, province = login(http, "dw001"), login(http, "sw001")
    before = points_total(http, branch)
    # Only branch admins write.
    for h in (member, upper, province):
        message = refused(
            http.post("/api/v1/exchange", headers=h, json={"title": "题目", "body": "正文"}),
            403, "exchange_write_forbidden",
        )  # fmt: skip
        assert message == "只有党支部管理员可以撰写经验交流"
    refused(http.post("/api/v1/exchange", headers=branch, json={"title": " ", "body": "正文"}),
            422, "exchange_empty")  # fmt: skip
    post = write(http, branch)
    pid = post["id"]
    assert post["state"] == "draft" and post["state_name"] == "草稿"
    assert post["actions"] == ["edit", "submit"]
    # A draft was never submitted: nothing to withdraw.
    message = refused(act(http, branch, post["id"], "withdraw"), 409, "exchange_out_of_order")
    assert message == "该经验交流当前「草稿」,不能「撤回」"
    # A draft is the branch's alone: 404 for everyone else, its upper org included.
    for h in (upper, member, other_branch, far_upper):
        refused(http.get(f"/api/v1/exchange/{pid}", headers=h), 404, "exchange_not_found")
    # Wrong people, wrong order, unknown actions.
    assert refused(act(http, upper, pid, "approve"), 404, "exchange_not_found")
    message = refused(act(http, branch, pid, "approve"), 403, "exchange_forbidden")
    assert message == "只有该党支部的直接上级党组织可以审核"
    refused(act(http, branch, pid, "publish"), 404, "exchange_action_unknown")
    refused(
        http.post(f"/api/v1/exchange/{pid}/like", headers=branch), 409, "exchange_not_published"
    )
    # 报审: the upper org sees it now (and is told), the others still do not.
    done = ok(http, branch, pid, "submit")
    upper_name = http.get("/api/v1/me", headers=upper).json()["org"]["name"]
    assert done["message"] == f"已报审,等待{upper_name}审核"
    assert done["post"]["state"] == "pending" and done["post"]["actions"] == ["withdraw"]
    notices = http.get("/api/v1/me/notices", headers=upper).json()
    assert any(n["link"] == f"exchange:{pid}" for n in notices["items"])
    message = refused(act(http, branch, pid, "submit"), 409, "exchange_out_of_order")
    assert message == "该经验交流当前「待审核」,不能「报审」"
    refused(http.put(f"/api/v1/exchange/{pid}", headers=branch,
                     json={"title": "改", "body": "改"}), 409, "exchange_not_editable")  # fmt: skip
    for h in (member, other_branch, far_upper):
        refused(http.get(f"/api/v1/exchange/{pid}", headers=h), 404, "exchange_not_found")
    seen = http.get(f"/api/v1/exchange/{pid}", headers=upper).json()
    assert seen["actions"] == ["approve", "reject"] and seen["needs_reason"] == ["reject"]
    review = http.get("/api/v1/exchange", headers=upper, params={"view": "review"}).json()
    assert pid in [p["id"] for p in review["posts"]]
    elsewhere = http.get("/api/v1/exchange", headers=far_upper, params={"view": "review"})
    assert pid not in [p["id"] for p in elsewhere.json()["posts"]]
    # 退回 needs a reason; it starts round 2; the branch edits and submits again.
    message = refused(act(http, upper, pid, "reject", reason="  "), 422, "exchange_reason_required")
    assert message == "退回需要填写原因"
    refused(act(http, upper, pid, "reject"), 422, "exchange_reason_required")
    back = ok(http, upper, pid, "reject", reason="请补充成效数据")["post"]
    assert back["state"] == "rejected" and back["round"] == 2 and back["reason"] == "请补充成效数据"
    refused(act(http, upper, pid, "approve"), 409, "exchange_out_of_order")
    # A returned post is the branch's to edit: nothing to withdraw.
    assert back["actions"] == []  # the reviewer's view: nothing left to do
    mine = http.get(f"/api/v1/exchange/{pid}", headers=branch).json()
    assert mine["actions"] == ["edit", "submit"]
    refused(act(http, branch, pid, "withdraw"), 409, "exchange_out_of_order")
    edited = http.put(f"/api/v1/exchange/{pid}", headers=branch,
                      json={"title": "支部工作经验(修改)", "body": "补充了成效数据。"})  # fmt: skip
    assert edited.status_code == 200, edited.text
    refused(http.put(f"/api/v1/exchange/{pid}", headers=upper,
                     json={"title": "改", "body": "改"}), 403, "exchange_forbidden")  # fmt: skip
    ok(http, branch, pid, "submit")
    published = ok(http, upper, pid, "approve")["post"]
    assert published["state"] == "published" and published["published_at"]
    assert [(e["action"], e["round"]) for e in published["history"]] == [
        ("create", 1),
        ("submit", 1),
        ("reject", 1),
        ("submit", 2),
        ("approve", 2),
    ]
    assert published["history"][2]["note"] == "请补充成效数据"
    assert published["history"][1]["note"].startswith("支部工作经验\n")  # the text as submitted
    # Published: every account of the province reads it; readers do not see the rounds.
    for h in (member, other_branch, far_upper, province):
        seen = http.get(f"/api/v1/exchange/{pid}", headers=h).json()
        assert seen["title"] == "支部工作经验(修改)" and seen["history"] == []
        assert seen["reason"] is None and seen["actions"] == ["like", "comment"]
        listed = http.get("/api/v1/exchange", headers=h).json()
        assert pid in [p["id"] for p in listed["posts"]]
    refused(http.get(f"/api/v1/exchange/{pid}"), 401, "not_logged_in")
    refused(http.get("/api/v1/exchange"), 401, "not_logged_in")
    # 撤回 by the branch only; it leaves the readers (404) and stays with the branch.
    refused(act(http, upper, pid, "withdraw"), 403, "exchange_forbidden")
    ok(http, branch, pid, "withdraw")
    refused(http.get(f"/api/v1/exchange/{pid}", headers=member), 404, "exchange_not_found")
    assert http.get(f"/api/v1/exchange/{pid}", headers=upper).status_code == 200
    mine = http.get("/api/v1/exchange", headers=branch, params={"view": "mine"}).json()
    assert {p["id"]: p["state_name"] for p in mine["posts"]}[pid] == "已撤回"
    refused(act(http, branch, pid, "withdraw"), 409, "exchange_out_of_order")
    # Withdrawn is not the end: the branch edits it and submits it again; a pending post may be
    # taken back before the review, and leaves the upper org's list.
    withdrawn = http.get(f"/api/v1/exchange/{pid}", headers=branch).json()
    assert withdrawn["actions"] == ["edit", "submit"]
    edited = http.put(f"/api/v1/exchange/{pid}", headers=branch,
                      json={"title": "支部工作经验(再修改)", "body": "又补充了一段。"})  # fmt: skip
    assert edited.status_code == 200, edited.text
    ok(http, branch, pid, "submit")
    review = http.get("/api/v1/exchange", headers=upper, params={"view": "review"}).json()
    assert pid in [p["id"] for p in review["posts"]]
    refused(act(http, upper, pid, "withdraw"), 403, "exchange_forbidden")
    taken = ok(http, branch, pid, "withdraw")
    assert taken["message"] == "已撤回,可修改后重新报审"
    assert taken["post"]["state"] == "withdrawn"
    review = http.get("/api/v1/exchange", headers=upper, params={"view": "review"}).json()
    assert pid not in [p["id"] for p in review["posts"]]
    refused(act(http, upper, pid, "approve"), 409, "exchange_out_of_order")
    # No points anywhere.
    assert points_total(http, branch) == before


def test_direct_upper_org_only_and_views(http: httpx.Client) -> None:
    set_clock(http, "2031-03-03T10:00:00+08:00")
    branch, direct, above = login(http, "zb001"), login(http, "zzz001"), login(http, "dw001")
    member = login(http, "dy001")
    pid = write(http, branch, "党总支审核的经验")["id"]
    ok(http, branch, pid, "submit")
    # The 党委 above a 党总支 is not the direct upper org.
    refused(http.get(f"/api/v1/exchange/{pid}", headers=above), 404, "exchange_not_found")
    refused(act(http, above, pid, "approve"), 404, "exchange_not_found")
    assert ok(http, direct, pid, "approve")["post"]["state"] == "published"
    refused(act(http, above, pid, "reject", reason="不行"), 403, "exchange_forbidden")
    # The views each kind of account has.
    assert http.get("/api/v1/exchange", headers=member).json()["views"] == ["published"]
    assert http.get("/api/v1/exchange", headers=branch).json()["views"] == ["published", "mine"]
    assert http.get("/api/v1/exchange", headers=branch).json()["may_write"] is True
    assert http.get("/api/v1/exchange", headers=direct).json()["views"] == ["published", "review"]
    message = refused(http.get("/api/v1/exchange", headers=member, params={"view": "mine"}),
                      403, "exchange_view_forbidden")  # fmt: skip
    assert message == "只有党支部管理员有「本支部」列表"
    refused(http.get("/api/v1/exchange", headers=branch, params={"view": "review"}),
            403, "exchange_view_forbidden")  # fmt: skip
    refused(http.get("/api/v1/exchange", headers=branch, params={"view": "all"}),
            422, "invalid_request")  # fmt: skip


def test_likes_comments_and_attachments(http: httpx.Client) -> None:
    set_clock(http, "2031-03-04T10:00:00+08:00")
    branch, upper = login(http, "zb006"), login(http, "dw002")
    reader, other = login(http, "dy047"), login(http, "dy048")
    before = points_total(http, reader)
    pid = write(http, branch, "附件和点赞")["id"]
    # Attachments while editable, as a meeting record's: 512 KiB each, 5 at most.
    small = base64.b64encode("会议记录".encode()).decode()
    big = base64.b64encode(b"x" * (limits.MAX_ATTACHMENT_BYTES + 1)).decode()
    url = f"/api/v1/exchange/{pid}/attachments"
    refused(http.post(url, headers=branch, json={"name": "大.txt", "content_base64": big}),
            413, "attachment_too_large")  # fmt: skip
    refused(http.post(url, headers=branch, json={"name": "坏.txt", "content_base64": "!!"}),
            422, "attachment_bad")  # fmt: skip
    ids = []
    for n in range(limits.MAX_ATTACHMENTS):
        r = http.post(url, headers=branch, json={"name": f"{n}.txt", "content_base64": small})
        assert r.status_code == 200, r.text
        ids.append(r.json()["id"])
    message = refused(http.post(url, headers=branch, json={"name": "6.txt", "content_base64": small}),
                      409, "attachment_too_many")  # fmt: skip
    assert message == "每篇经验交流最多 5 个附件"
    removed = http.delete(f"{url}/{ids[-1]}", headers=branch)
    assert removed.status_code == 200 and len(removed.json()["post"]["attachments"]) == 4
    refused(http.post(url, headers=upper, json={"name": "u.txt", "content_base64": small}),
            404, "exchange_not_found")  # fmt: skip
    # A draft's files are the branch's alone.
    refused(http.get(f"{url}/{ids[0]}", headers=reader), 404, "exchange_not_found")
    ok(http, branch, pid, "submit")
    refused(http.post(url, headers=branch, json={"name": "7.txt", "content_base64": small}),
            409, "exchange_not_editable")  # fmt: skip
    refused(http.delete(f"{url}/{ids[0]}", headers=branch), 409, "exchange_not_editable")
    ok(http, upper, pid, "approve")
    # Every reader fetches the files of a published post.
    got = http.get(f"{url}/{ids[0]}", headers=reader).json()
    assert base64.b64decode(got["content_base64"]).decode() == "会议记录"
    refused(http.get(f"{url}/999999", headers=reader), 404, "attachment_not_found")
    # Like once per account, toggle off and on.
    like = f"/api/v1/exchange/{pid}/like"
    assert http.post(like, headers=reader).json()["post"]["likes"] == 1
    again = http.post(like, headers=reader).json()["post"]
    assert again["likes"] == 1 and again["liked"] is True
    assert http.post(like, headers=other).json()["post"]["likes"] == 2
    off = http.delete(like, headers=reader).json()
    assert off["message"] == "已取消点赞" and off["post"]["likes"] == 1 and not off["post"]["liked"]
    # Comments by 党建资讯's rules.
    comments = f"/api/v1/exchange/{pid}/comments"
    message = refused(http.post(comments, headers=reader, json={"body": "好 好"}),
                      422, "comment_too_short")  # fmt: skip
    assert message == "评论至少需要 5 个非空白字符"
    assert http.post(comments, headers=reader, json={"body": "很有启发的经验"}).status_code == 200
    refused(http.post(comments, headers=reader, json={"body": "很有启发的 经验"}),
            422, "comment_repeated")  # fmt: skip
    seen = http.get(f"/api/v1/exchange/{pid}", headers=other).json()
    assert [(c["body"], c["author"] != "") for c in seen["comment_list"]] == [
        ("很有启发的经验", True)
    ]
    assert seen["comments"] == 1
    row = next(p for p in http.get("/api/v1/exchange", headers=other).json()["posts"]
               if p["id"] == pid)  # fmt: skip
    assert (row["likes"], row["comments"]) == (1, 1)
    # Withdrawn: no more likes or comments.
    ok(http, branch, pid, "withdraw")
    refused(http.post(like, headers=other), 404, "exchange_not_found")
    refused(http.post(comments, headers=branch, json={"body": "撤回后的评论"}),
            409, "exchange_not_published")  # fmt: skip
    assert points_total(http, reader) == before


def test_write_limit_on_posts(http: httpx.Client) -> None:
    set_clock(http, "2031-03-05T10:00:00+08:00")
    branch = login(http, "zb005")
    limit = WRITE_LIMITS["exchange_post"].max_count
    for n in range(limit):
        write(http, branch, f"限额 {n}")
    response = http.post("/api/v1/exchange", headers=branch, json={"title": "多", "body": "多"})
    message = refused(response, 429, "write_limited")
    assert "撰写经验交流" in message and response.headers["Retry-After"]
    set_clock(http, "2031-03-05T11:00:00+08:00")
    write(http, branch, "下一个小时")


def test_party_services_without_login(http: httpx.Client) -> None:
    response = http.get("/api/v1/party-services")
    assert response.status_code == 200
    entries = response.json()["entries"]
    groups = {e["group"] for e in entries}
    assert groups == {"服务信息", "党建站群", "市州站点"}
    cities = [e for e in entries if e["group"] == "市州站点"]
    assert [e["name"] for e in cities] == [f"{c}党建网" for c in CITIES]
    assert all(e["address"].startswith("https://") for e in cities)
    assert any(e["code"] == "wish_tree" for e in entries)
    # The same for a logged-in account.
    assert http.get("/api/v1/party-services", headers=login(http, "dy047")).json()["entries"] == (
        entries
    )
