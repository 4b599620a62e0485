"""在线用标 on both databases: every step and refusal of the six workflows, quorum and meeting-time
rules, the reject-resubmit loop, 超期, who sees what, org-life points and their caps, feedback
through the outbox, attachments, and the 督办达标 board of the daily job.

Each test owns a branch and a period of 2028/2029, so the demo's own meetings and the other
tests' never share a cap or a board row with it."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime, timedelta

import httpx

from tests.conftest import login
from tests.server.test_boards import run_daily
from tests.server.test_points import advance, earned, set_clock
from tests.servers import ServerProcess

# SPEC §4, restated rather than imported: the node names of each type's timeline.
TIMELINES = {
    "general": ["创建会议", "发通知", "党员反馈", "上传会议记录", "提交报审", "上级审核", "完成"],
    "committee": ["创建会议", "发通知", "党员反馈", "上传会议记录", "提交报审", "上级审核", "完成"],
    "group": ["创建会议", "发通知", "党员反馈", "上传会议记录", "确认记录", "完成"],
    "lesson": ["创建课程", "发通知", "党员反馈", "课程记录", "提交总结", "提交报备", "完成"],
    "theme_day": ["创建活动", "发通知", "党员反馈", "上传活动记录", "提交报备", "完成"],
    "life": ["创建会议", "发通知", "党员反馈", "上传会议记录", "提交报审", "上级审核", "完成"],
}


class Branch:
    """A branch admin and the members of one test, over HTTP."""

    def __init__(self, http: httpx.Client, admin: str, members: list[str]) -> None:
        self.http, self.admin = http, admin
        self.login()
        self.m = {u: login(http, u) for u in members}
        self.id = {u: http.get("/api/v1/me", headers=h).json()["id"] for u, h in self.m.items()}

    def login(self) -> None:
        """Log in again (after the test clock moved past the tokens' 7 days)."""
        self.h = login(self.http, self.admin)
        self.m = {u: login(self.http, u) for u in getattr(self, "m", {})}

    def create(self, type: str, starts: str, **extra: object) -> dict:
        body = {"type": type, "title": f"测试{type}", "starts_at": starts, "place": "活动室"}
        response = self.http.post("/api/v1/meetings", headers=self.h, json=body | extra)
        assert response.status_code == 200, response.text
        return response.json()["meeting"]

    def do(
        self, h: dict, mid: int, action: str, method: str = "POST", **body: object
    ) -> httpx.Response:
        return self.http.request(method, f"/api/v1/meetings/{mid}/{action}", headers=h,
                                 json=body or None)  # fmt: skip

    def ok(self, h: dict, mid: int, action: str, method: str = "POST", **body: object) -> dict:
        response = self.do(h, mid, action, method, **body)
        assert response.status_code == 200, response.text
        return response.json()

    def notify(self, mid: int, users: list[str]) -> dict:
        return self.ok(self.h, mid, "notify", account_ids=[self.id[u] for u in users])

    def answer(
        self, mid: int, user: str, answer: str = "attend", reason: str | None = None
    ) -> dict:
        return self.ok(self.m[user], mid, "feedback", answer=answer, reason=reason)

    def record(self, mid: int, text: str = "会议记录:学习文件,讨论发言。") -> dict:
        return self.ok(self.h, mid, "record", "PUT", text=text)

    def get(self, mid: int, h: dict | None = None) -> httpx.Response:
        return self.http.get(f"/api/v1/meetings/{mid}", headers=h or self.h)


def refused(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code, response.text
    return response.json()["message"]


def current(meeting: dict) -> tuple[str, str | None]:
    node = next(n for n in meeting["timeline"] if n["status"] == "current")
    return node["name"], node["wait"]


def test_types_are_the_six_of_the_spec(http: httpx.Client) -> None:
    h = login(http, "zb001")
    types = http.get("/api/v1/meetings/types", headers=h).json()
    assert {t["code"]: t["steps"] for t in types} == TIMELINES
    assert {t["code"] for t in types if t["quorum"]} == {
        "general",
        "committee",
        "theme_day",
        "life",
    }
    assert {t["code"]: t["review"] for t in types}["lesson"] == "审阅"


def test_who_may_manage_meetings(http: httpx.Client) -> None:
    # Before the meeting's time: another file's test may have left the shared server's clock
    # later (经验交流's in 2031), and a meeting dated before now is refused as back-filled.
    set_clock(http, "2028-01-05T09:00:00+08:00")
    for user, status, code in (
        ("dy020", 403, "subsystem_forbidden"),
        ("qz001", 403, "subsystem_forbidden"),
        ("sw001", 403, "subsystem_forbidden"),
    ):
        response = http.get("/api/v1/meetings", headers=login(http, user))
        assert refused(response, status, code) == "该用户没有权限登录此系统,请联系管理员"
    body = {"type": "general", "title": "x", "starts_at": "2028-01-10T09:00:00+08:00", "place": "y"}
    for user in ("dw001", "zzz001"):
        response = http.post("/api/v1/meetings", headers=login(http, user), json=body)
        assert refused(response, 403, "meeting_forbidden") == "只有党支部管理员可以创建会议"
    h = login(http, "zb001")
    for bad, code in (
        ({"type": "party"}, "meeting_type_unknown"),
        ({"type": "group"}, "meeting_group_required"),
        ({"group_id": 5}, "meeting_group_not_allowed"),
        ({"type": "lesson", "quorum_pct": 60}, "meeting_quorum_not_allowed"),
        ({"type": "group", "group_id": 9}, "meeting_group_unknown"),  # a group of zb002
        ({"title": "   "}, "meeting_blank"),
        ({"place": " \t"}, "meeting_blank"),
    ):
        refused(http.post("/api/v1/meetings", headers=h, json=body | bad), 422, code)
    refused(http.post("/api/v1/meetings", headers=h, json=body | {"starts_at": "2028-01-10T09:00"}),
            422, "invalid_request")  # fmt: skip


def test_general_meeting_quorum_review_reject_resubmit_and_points(http: httpx.Client) -> None:
    """东关村党支部 (its upper org is the 党委 dw002), 2028 Q1."""
    set_clock(http, "2028-01-05T09:00:00+08:00")
    b = Branch(http, "zb005", ["dy047", "dy048", "dy049", "dy050", "dy052"])
    upper, sibling = login(http, "dw002"), login(http, "dw001")
    m = b.create("general", "2028-01-10T09:00:00+08:00")
    mid = m["id"]
    assert current(m)[0] == "发通知" and m["actions"] == ["notify"]
    # Before the notice no member sees it.
    assert b.get(mid, b.m["dy047"]).status_code == 404
    assert http.get("/api/v1/me/meetings", headers=b.m["dy047"]).json() == []
    refused(b.do(b.h, mid, "record", "PUT", text="记录"), 409, "meeting_out_of_order")
    refused(b.do(b.h, mid, "submit"), 409, "meeting_out_of_order")
    refused(b.do(b.h, mid, "confirm"), 409, "meeting_step_absent")
    refused(b.do(b.h, mid, "notify", account_ids=[]), 422, "meeting_no_attendees")
    refused(b.do(b.h, mid, "notify", account_ids=[1]), 422, "meeting_attendee_unknown")  # sw001
    b.notify(mid, ["dy047", "dy048", "dy049", "dy050"])
    refused(b.do(b.m["dy052"], mid, "feedback", answer="attend"), 404, "meeting_not_found")
    mine = http.get("/api/v1/me/meetings", headers=b.m["dy047"]).json()
    assert [r["id"] for r in mine] == [mid] and mine[0]["my_answer"] is None
    # A member sees the meeting but not the record or the other members' answers.
    seen = b.get(mid, b.m["dy047"]).json()
    assert seen["attendees"] == [] and seen["actions"] == ["feedback"]
    refused(b.do(b.m["dy047"], mid, "feedback", answer="leave"), 422, "meeting_leave_reason")
    b.answer(mid, "dy047", "leave", "出差")
    b.answer(mid, "dy048")
    # 1 of 4 attending: the meeting cannot be held, and the timeline says so.
    name, wait = current(b.get(mid).json())
    assert name == "党员反馈" and "1/4" in wait and "未达到开会比例" in wait
    message = refused(b.do(b.h, mid, "record", "PUT", text="记录"), 409, "meeting_out_of_order")
    assert "党员反馈" in message
    b.answer(mid, "dy049")  # 2 of 4 is not more than half
    assert current(b.get(mid).json())[0] == "党员反馈"
    b.answer(mid, "dy047")  # changed from 请假 to 参加: 3 of 4
    name, wait = current(b.get(mid).json())
    assert name == "上传会议记录" and "会议时间" in wait and "未到" in wait
    refused(b.do(b.h, mid, "record", "PUT", text="记录"), 409, "meeting_not_started")
    advance(http, 5 * 86400 + 3600)  # the meeting was held
    refused(b.do(b.h, mid, "record", "PUT", text="   "), 422, "meeting_record_empty")
    b.record(mid, "第一稿")
    # The upper org sees nothing until 报审; a sibling 党委 never.
    for h in (upper, sibling):
        refused(b.get(mid, h), 404, "meeting_not_found")
        refused(b.do(h, mid, "approve"), 404, "meeting_not_found")
    assert b.ok(b.h, mid, "submit")["message"] == "已报审,等待文县城关镇党委审核"
    refused(b.do(b.h, mid, "record", "PUT", text="改"), 409, "meeting_out_of_order")
    refused(b.do(b.h, mid, "approve"), 403, "meeting_forbidden")
    refused(b.get(mid, sibling), 404, "meeting_not_found")
    queue = http.get("/api/v1/meetings", params={"state": "review"}, headers=upper).json()
    assert mid in [r["id"] for r in queue]
    assert b.get(mid, upper).json()["record_text"] == "第一稿"
    refused(b.do(upper, mid, "reject", reason=" "), 422, "meeting_reject_reason")
    b.ok(upper, mid, "reject", reason="缺少表决结果")
    m = b.get(mid).json()
    name, wait = current(m)
    assert name == "提交报审" and "缺少表决结果" in wait and m["round"] == 2
    refused(b.do(upper, mid, "approve"), 409, "meeting_out_of_order")
    b.record(mid, "第二稿:表决全票通过")
    b.ok(b.h, mid, "submit")
    done = b.ok(upper, mid, "approve")
    m = done["meeting"]
    assert m["done"] and all(n["status"] == "done" for n in m["timeline"])
    assert done["earned"] == ["党支部 支部党员大会 +30 积分", "参会党员 3/3 人获得组织生活积分"]
    # Every round is kept: both records as submitted, the rejection with its reason.
    history = [(e["action"], e["round"], e["note"]) for e in m["history"]]
    assert [(a, r) for a, r, _ in history] == [
        ("create", 1), ("notify", 1), ("record", 1), ("submit", 1), ("reject", 1),
        ("record", 2), ("submit", 2), ("approve", 2),
    ]  # fmt: skip
    assert history[3][2] == "第一稿" and history[4][2] == "缺少表决结果"
    assert history[6][2] == "第二稿:表决全票通过"
    assert earned(http, b.h, "meeting_general") == 30
    for user, points in (("dy047", 30), ("dy048", 30), ("dy049", 30), ("dy050", 0)):
        assert earned(http, b.m[user], "meeting_general") == points, user
    refused(b.do(upper, mid, "approve"), 409, "meeting_done")
    refused(b.do(b.m["dy050"], mid, "feedback", answer="attend"), 409, "meeting_done")


def _complete_reviewed(b: Branch, upper: dict, type: str, starts: str, users: list[str]) -> dict:
    """Create a meeting the day before its time (no back-filling), then hold it."""
    held = datetime.fromisoformat(starts)
    set_clock(b.http, (held - timedelta(days=1)).isoformat())
    mid = b.create(type, starts)["id"]
    set_clock(b.http, (held + timedelta(hours=1)).isoformat())
    b.notify(mid, users)
    for u in users:
        b.answer(mid, u)
    b.record(mid)
    b.ok(b.h, mid, "submit")
    return b.ok(upper, mid, "approve")


def test_org_life_caps_per_month_quarter_and_year(http: httpx.Client) -> None:
    """新区管委会机关党支部 (upper: the 党委 dw001), 2028 Q2."""
    set_clock(http, "2028-04-08T09:00:00+08:00")
    b = Branch(http, "zb003", ["dy030", "dy031", "dy032"])
    upper = login(http, "dw001")
    first = _complete_reviewed(b, upper, "general", "2028-04-02T09:00:00+08:00", ["dy030", "dy031"])
    assert first["earned"][0] == "党支部 支部党员大会 +30 积分"
    second = _complete_reviewed(
        b, upper, "general", "2028-04-07T09:00:00+08:00", ["dy031", "dy032"]
    )
    assert second["earned"] == [
        "党支部 支部党员大会 本季度积分已达上限",
        "参会党员 1/2 人获得组织生活积分",
    ]
    assert [earned(http, b.m[u], "meeting_general") for u in ("dy030", "dy031", "dy032")] == [
        30,
        30,
        30,
    ]
    assert earned(http, b.h, "meeting_general") == 30
    # 支部委员会: 10 a month; the next month earns again.
    _complete_reviewed(b, upper, "committee", "2028-04-03T09:00:00+08:00", ["dy030"])
    _complete_reviewed(b, upper, "committee", "2028-04-04T09:00:00+08:00", ["dy030"])
    assert earned(http, b.h, "meeting_committee") == 10
    _complete_reviewed(b, upper, "life", "2028-04-05T09:00:00+08:00", ["dy030"])
    assert earned(http, b.h, "life_meeting") == 30
    set_clock(http, "2028-05-06T09:00:00+08:00")
    b.login()  # the tokens expired
    upper = login(http, "dw001")
    _complete_reviewed(b, upper, "committee", "2028-05-03T09:00:00+08:00", ["dy030"])
    assert earned(http, b.h, "meeting_committee") == 10  # this month's
    assert earned(http, b.h, "meeting_general") == 30  # still the same quarter
    _complete_reviewed(b, upper, "life", "2028-05-05T09:00:00+08:00", ["dy030"])
    assert earned(http, b.h, "life_meeting") == 30  # one year cap
    year = http.get("/api/v1/me/points", headers=b.h).json()["year_by_category"]
    assert next(c["points"] for c in year if c["category"] == "org_life") == 30 + 10 + 10 + 30


def test_group_meeting_moves_on_at_its_time_and_is_confirmed_by_the_branch(
    http: httpx.Client,
) -> None:
    """西街村党支部, 2028-07. A 党小组会 has no quorum: all answers do not move it; the time does."""
    set_clock(http, "2028-07-01T09:00:00+08:00")
    b = Branch(http, "zb006", ["dy057", "dy058", "dy059"])
    groups = {g["name"]: g for g in http.get("/api/v1/orgs/tree", headers=b.h).json()["children"]}
    group_id = groups["第二党小组"]["id"]
    m = b.create("group", "2028-07-03T15:00:00+08:00", group_id=group_id)
    mid = m["id"]
    candidates = b.http.get(f"/api/v1/meetings/{mid}/candidates", headers=b.h).json()
    assert {c["group"] for c in candidates} == {"第二党小组"}
    in_group = {c["account_id"] for c in candidates}
    outside = [u for u in b.id if b.id[u] not in in_group]
    inside = [u for u in b.id if b.id[u] in in_group]
    assert outside and inside
    refused(b.do(b.h, mid, "notify", account_ids=[b.id[outside[0]]]), 422, "meeting_attendee_group")
    b.notify(mid, inside)
    for u in inside:
        b.answer(mid, u)
    name, wait = current(b.get(mid).json())
    assert name == "党员反馈" and "2028-07-03 15:00" in wait and "没有开会比例要求" in wait
    refused(b.do(b.h, mid, "record", "PUT", text="x"), 409, "meeting_out_of_order")
    advance(http, 2 * 86400 + 6 * 3600 + 1)
    assert current(b.get(mid).json())[0] == "上传会议记录"
    b.record(mid)
    refused(b.do(b.h, mid, "submit"), 409, "meeting_step_absent")
    refused(b.do(b.h, mid, "file"), 409, "meeting_step_absent")
    done = b.ok(b.h, mid, "confirm")
    assert done["meeting"]["done"] and done["message"] == "记录已确认,会议完成"
    assert earned(http, b.h, "meeting_group") == 10
    assert earned(http, b.m[inside[0]], "meeting_group") == 10
    # No review: the upper org never sees a 党小组会.
    refused(b.get(mid, login(http, "dw002")), 404, "meeting_not_found")


def test_lesson_and_theme_day_are_filed_for_reading(http: httpx.Client) -> None:
    """城关社区党支部 (upper: dw002), 2028-08: 审阅 types end at 报备; the upper org reads only."""
    set_clock(http, "2028-08-01T09:00:00+08:00")
    b = Branch(http, "zb004", ["dy040", "dy041", "dy042"])
    upper = login(http, "dw002")
    lesson = b.create("lesson", "2028-08-02T09:00:00+08:00")["id"]
    theme = b.create("theme_day", "2028-08-02T08:00:00+08:00", quorum_pct=60)["id"]
    b.notify(lesson, ["dy040", "dy041"])
    advance(http, 86400)
    b.ok(b.h, lesson, "record", "PUT", text="党课讲稿")
    refused(b.do(b.h, lesson, "file"), 409, "meeting_out_of_order")  # the summary comes first
    assert current(b.get(lesson).json())[0] == "提交总结"
    b.ok(b.h, lesson, "summary", "PUT", text="党课总结")
    refused(b.get(lesson, upper), 404, "meeting_not_found")
    filed = b.ok(b.h, lesson, "file")
    assert filed["meeting"]["done"] and filed["earned"][0] == "党支部 支部党课 +30 积分"
    # Nobody answered 参加: the branch earns, no member does.
    assert len(filed["earned"]) == 1
    read = b.get(lesson, upper).json()
    assert read["record_text"] == "党课讲稿" and read["summary_text"] == "党课总结"
    assert read["actions"] == []
    refused(b.do(upper, lesson, "approve"), 409, "meeting_step_absent")
    b.notify(theme, ["dy040", "dy041", "dy042"])
    b.answer(theme, "dy040")
    b.answer(theme, "dy041")  # 2 of 3 = 66 %, more than 60 %
    b.record(theme)
    assert b.ok(b.h, theme, "file")["meeting"]["done"]
    assert earned(http, b.m["dy041"], "theme_day") == 10


def test_overdue_seven_days_after_the_meeting_without_a_record(http: httpx.Client) -> None:
    """综合执法局第二党支部, 2028-09."""
    set_clock(http, "2028-09-01T09:00:00+08:00")
    b = Branch(http, "zb002", ["dy020", "dy021"])
    mid = b.create("committee", "2028-09-02T09:00:00+08:00")["id"]
    b.notify(mid, ["dy020", "dy021"])
    b.answer(mid, "dy020")
    b.answer(mid, "dy021")
    advance(http, 8 * 86400 - 60)  # a minute before the 7 days are up
    b.login()
    assert not b.get(mid).json()["overdue"]
    advance(http, 120)
    b.login()
    m = b.get(mid).json()
    assert m["overdue"] and "已超期" in current(m)[1] and m["actions"] == []
    refused(b.do(b.h, mid, "record", "PUT", text="迟到的记录"), 409, "meeting_overdue")
    refused(b.do(b.h, mid, "notify", account_ids=[b.id["dy020"]]), 409, "meeting_overdue")
    refused(b.do(b.m["dy020"], mid, "feedback", answer="attend"), 409, "meeting_overdue")
    listed = http.get("/api/v1/meetings", params={"state": "overdue"}, headers=b.h).json()
    assert mid in [r["id"] for r in listed]


def test_visibility_across_orgs(http: httpx.Client) -> None:
    """综合执法局第一党支部 sits under the 党总支 zzz001, under the 党委 dw001: only zzz001 is its
    direct upper org. 2028-10."""
    set_clock(http, "2028-10-01T09:00:00+08:00")
    b = Branch(http, "zb001", ["dy001", "dy002"])
    mid = b.create("general", "2028-10-02T09:00:00+08:00")["id"]
    b.notify(mid, ["dy001", "dy002"])
    b.answer(mid, "dy001")
    b.answer(mid, "dy002")
    advance(http, 86400)
    b.record(mid)
    b.ok(b.h, mid, "submit")
    others = {u: login(http, u) for u in ("zb002", "dw001", "dw002", "dy003", "dy015", "qz001")}
    for user, h in others.items():
        refused(b.get(mid, h), 404, "meeting_not_found")
        assert b.do(h, mid, "approve").status_code in (403, 404), user
        listed = http.get("/api/v1/meetings", headers=h)
        assert listed.status_code != 200 or mid not in [r["id"] for r in listed.json()], user
    zzz = login(http, "zzz001")
    assert b.get(mid, zzz).status_code == 200
    refused(b.do(others["dw001"], mid, "approve"), 404, "meeting_not_found")
    assert b.ok(zzz, mid, "approve")["meeting"]["done"]
    # Path ids beyond 32 bits are malformed, not a database error.
    assert b.get(99999999999999).status_code == 422


def test_feedback_through_the_outbox(http: httpx.Client) -> None:
    """A member's feedback made offline arrives by sync: applied once, answered as a duplicate."""
    set_clock(http, "2028-11-01T09:00:00+08:00")
    b = Branch(http, "zb001", ["dy004", "dy005"])
    mid = b.create("theme_day", "2028-11-05T09:00:00+08:00")["id"]
    b.notify(mid, ["dy004", "dy005"])
    client = str(uuid.uuid4())
    now = http.get("/api/v1/test/clock").json()["now"]

    def push(seq: int, args: dict) -> dict:
        body = {"client_id": client, "client_time": now, "mutations": [
            {"id": str(uuid.uuid4()), "seq": seq, "kind": "meeting_feedback", "at": now,
             "args": args},
        ]}  # fmt: skip
        response = http.post("/api/v1/sync/push", headers=b.m["dy004"], json=body)
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    first = push(1, {"meeting_id": mid, "answer": "leave", "reason": "值班"})
    assert first["status"] == "applied", first
    assert (
        push(1, {"meeting_id": mid, "answer": "leave", "reason": "值班"})["status"] == "duplicate"
    )
    rejected = push(2, {"meeting_id": mid, "answer": "leave"})
    assert rejected["status"] == "rejected" and rejected["message"] == "请假需要填写原因"
    outsider = push(3, {"meeting_id": 999999, "answer": "attend"})
    assert outsider["status"] == "rejected"
    assert push(4, {"meeting_id": mid, "answer": "maybe"})["status"] == "rejected"
    attendees = {a["name"]: a for a in b.get(mid).json()["attendees"]}
    assert sorted(a["answer"] or "-" for a in attendees.values()) == ["-", "leave"]
    assert [a["reason"] for a in attendees.values() if a["answer"]] == ["值班"]


def test_attachments_with_size_and_count_limits(http: httpx.Client) -> None:
    set_clock(http, "2028-11-10T07:00:00+08:00")
    b = Branch(http, "zb001", ["dy006"])
    mid = b.create("group", "2028-11-10T08:00:00+08:00", group_id=_group_of(http, b, "dy006"))["id"]

    def attach(content: bytes, name: str = "签到表.txt") -> httpx.Response:
        body = {"name": name, "content_base64": base64.b64encode(content).decode()}
        return b.do(b.h, mid, "attachments", **body)

    refused(attach(b"x"), 409, "meeting_out_of_order")  # no record step yet
    b.notify(mid, ["dy006"])
    advance(http, 2 * 3600)
    b.record(mid)
    refused(attach(b"x" * (512 * 1024 + 1)), 413, "attachment_too_large")
    refused(
        b.do(b.h, mid, "attachments", name="a.txt", content_base64="***"), 422, "attachment_bad"
    )
    refused(attach(b"x", "../etc/passwd"), 422, "invalid_request")
    for n in range(5):
        assert attach(f"第{n}页".encode()).status_code == 200
    refused(attach(b"x"), 409, "attachment_too_many")
    listed = b.get(mid).json()["attachments"]
    assert len(listed) == 5
    got = http.get(f"/api/v1/meetings/{mid}/attachments/{listed[1]['id']}", headers=b.h).json()
    assert base64.b64decode(got["content_base64"]).decode() == "第1页"
    member = http.get(f"/api/v1/meetings/{mid}/attachments/{listed[1]['id']}", headers=b.m["dy006"])
    refused(member, 404, "attachment_not_found")


def _group_of(http: httpx.Client, b: Branch, user: str) -> int:
    return http.get("/api/v1/me", headers=b.m[user]).json()["group"]["id"]


def test_compliance_board_from_the_daily_job(http: httpx.Client, server: ServerProcess) -> None:
    """西街村党支部 in 2029 Q1: a 支部委员会 completed in March, a 支部党课 left without a record."""
    set_clock(http, "2029-03-01T09:00:00+08:00")
    b = Branch(http, "zb006", ["dy060", "dy061"])
    upper = login(http, "dw002")
    _complete_reviewed(b, upper, "committee", "2029-03-01T08:00:00+08:00", ["dy060", "dy061"])
    lesson = b.create("lesson", "2029-03-02T09:00:00+08:00")["id"]
    b.notify(lesson, ["dy060"])
    set_clock(http, "2029-04-01T09:00:00+08:00")
    run_daily(server, "2029-03-31")
    b.login()
    board = http.get("/api/v1/compliance", headers=b.h).json()
    assert board["as_of"] == "2029-03-31"
    [mine] = board["branches"]
    assert mine["branch"]["name"] == "西街村党支部" and not mine["green"]
    items = {(i["type"], i["group"]["name"] if i["group"] else None): i for i in mine["items"]}
    assert len(items) == 5 + 2  # one row per group for 党小组会
    # Held in March, but February ended without one: red until February is no longer the
    # period before.
    committee = items[("committee", None)]
    assert not committee["green"] and committee["held"] == 1
    assert committee["reason"] == "上月未完成支部委员会(本月已完成 1 次)"
    lesson_row = items[("lesson", None)]
    assert not lesson_row["green"] and lesson_row["overdue"] == 1
    assert lesson_row["reason"] == "有 1 次会议超期未上传记录"
    general = items[("general", None)]
    assert not general["green"] and general["reason"] == "上季度未完成支部党员大会"
    # The next month: March's committee counts as the period before; April is still open.
    set_clock(http, "2029-04-16T09:00:00+08:00")
    run_daily(server, "2029-04-15")
    b.login()
    board = http.get("/api/v1/compliance", headers=b.h).json()
    assert board["as_of"] == "2029-04-15"
    items = {i["type"]: i for i in board["branches"][0]["items"] if i["group"] is None}
    assert items["committee"]["green"] and items["committee"]["previous_held"] == 1
    assert items["committee"]["reason"] == "本月尚未完成,2029-04-30 前仍可完成"
    # Scopes: a 党委 sees every branch under it, a 党总支 its own, members and the province none.
    names = lambda u: [x["branch"]["name"] for x in http.get(  # noqa: E731
        "/api/v1/compliance", headers=login(http, u)).json()["branches"]]  # fmt: skip
    assert names("dw002") == ["城关社区党支部", "东关村党支部", "西街村党支部"]
    assert names("zzz001") == ["综合执法局第一党支部", "综合执法局第二党支部"]
    assert len(names("dw001")) == 3
    for user in ("dy060", "sw001", "qz001"):
        response = http.get("/api/v1/compliance", headers=login(http, user))
        refused(response, 403, "subsystem_forbidden")


def test_a_meeting_already_held_cannot_be_entered(http: httpx.Client) -> None:
    """No back-filling (SPEC §4): a meeting's time may not be earlier than its creation."""
    set_clock(http, "2029-06-10T09:00:00+08:00")
    b = Branch(http, "zb004", [])
    for starts in ("2029-06-10T08:59:00+08:00", "2029-05-01T09:00:00+08:00"):
        body = {"type": "theme_day", "title": "补录的活动", "starts_at": starts, "place": "活动室"}
        message = refused(http.post("/api/v1/meetings", headers=b.h, json=body), 422,
                          "meeting_backfilled")  # fmt: skip
        assert message == "不能补录已召开的会议:会议时间不能早于现在(2029-06-10 09:00)"
    listed = http.get("/api/v1/meetings", headers=b.h).json()
    assert all(m["title"] != "补录的活动" for m in listed)
