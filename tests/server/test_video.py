"""学习中心 on both databases: enrolment and who may use it, and every video rule of SPEC §3 —
replays, overlapping and out-of-order segments, seeking, two short videos making one point, a
session crossing midnight, the daily cap, the remainder, inflated saves, two terminals, clamping."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import login
from tests.server.test_points import advance, earned, set_clock

COURSE_INTRO, COURSE_RULES, COURSE_BRANCH, COURSE_RED = 1, 2, 3, 4


def course_videos(http: httpx.Client, course_id: int) -> list[dict]:
    response = http.get(f"/api/v1/courses/{course_id}")
    assert response.status_code == 200, response.text
    return response.json()["items"]


def video_id(http: httpx.Client, course_id: int, seconds: int) -> int:
    return next(v["id"] for v in course_videos(http, course_id) if v["seconds"] == seconds)


def enrol(http: httpx.Client, h: dict[str, str], course_id: int) -> None:
    response = http.post(f"/api/v1/courses/{course_id}/enrol", headers=h)
    assert response.status_code == 200, response.text


def watch(http: httpx.Client, h: dict[str, str], video: int) -> dict:
    response = http.post(f"/api/v1/videos/{video}/watch", headers=h)
    assert response.status_code == 200, response.text
    return response.json()


def save(
    http: httpx.Client,
    h: dict[str, str],
    session: int,
    *segments: tuple[float, float],
    **kw: object,
) -> httpx.Response:
    body = {"segments": [{"from_s": a, "to_s": b} for a, b in segments], **kw}
    return http.post(f"/api/v1/watch/{session}/progress", headers=h, json=body)


def saved(
    http: httpx.Client,
    h: dict[str, str],
    session: int,
    *segments: tuple[float, float],
    **kw: object,
) -> dict:
    response = save(http, h, session, *segments, **kw)
    assert response.status_code == 200, response.text
    return response.json()


def test_enrolment_is_for_members_and_branch_accounts(http: httpx.Client) -> None:
    set_clock(http, "2027-08-01T10:00:00+08:00")
    visitor = http.get("/api/v1/courses").json()
    assert [c["title"] for c in visitor][:2] == ["平台使用入门", "党章党规学习"]
    assert not any(c["enrolled"] for c in visitor)
    for user in ("dy009", "zb006"):
        h = login(http, user)
        first = http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).json()
        assert first["message"] == "已加入我的课程"
        again = http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).json()
        assert again["message"] == "该课程已在我的课程中"
        mine = http.get("/api/v1/me/courses", headers=h).json()
        assert [c["id"] for c in mine] == [COURSE_RULES]
        assert mine[0]["enrolled"] is True
    for user in ("zzz001", "dw001", "sw001", "qz001"):
        h = login(http, user)
        for response in (
            http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h),
            http.get("/api/v1/me/courses", headers=h),
        ):
            assert response.status_code == 403, (user, response.text)
            assert response.json() == {"code": "feature_forbidden", "message": "用户无该权限"}
    assert http.post(f"/api/v1/courses/{COURSE_RULES}/enrol").status_code == 401
    h = login(http, "dy009")
    assert http.post("/api/v1/courses/999/enrol", headers=h).json()["code"] == "course_not_found"
    assert http.post("/api/v1/videos/9999/watch", headers=h).json()["code"] == "video_not_found"


def test_who_may_join_is_in_the_course_list(http: httpx.Client) -> None:
    set_clock(http, "2027-08-01T10:30:00+08:00")
    assert not any(c["can_enrol"] for c in http.get("/api/v1/courses").json())  # a visitor
    for user, may in (("dy009", True), ("zb006", True), ("qz001", False), ("dw001", False)):
        h = login(http, user)
        assert {c["can_enrol"] for c in http.get("/api/v1/courses", headers=h).json()} == {may}
        assert http.get(f"/api/v1/courses/{COURSE_RULES}", headers=h).json()["can_enrol"] is may


def test_the_public_and_the_upper_orgs_watch_course_videos_earning_nothing(
    http: httpx.Client,
) -> None:
    """SPEC §2: 群众 and visitors may watch videos, earning nothing; so do the accounts that may
    not join 我的课程 (a 党委, 党总支, the province)."""
    set_clock(http, "2027-08-01T10:45:00+08:00")
    video = video_id(http, COURSE_RULES, 600)
    assert http.get(f"/api/v1/videos/{video}").status_code == 200  # a visitor plays it
    for user in ("qz001", "dw001", "zzz001", "sw001"):
        h = login(http, user)
        opened = watch(http, h, video)
        assert opened["earns"] is False, user
        advance(http, 100)
        out = saved(http, h, opened["session_id"], (0, 95))
        assert out["earned"] is None and out["today_seconds"] == 0, user
        assert "不计学习时长和积分" in out["message"], user
        assert "不属于学习中心" not in out["message"], user  # it is a 学习中心 video
        # Where they stopped is kept for them, as for anyone who watches.
        assert http.get(f"/api/v1/videos/{video}", headers=h).json()["covered_seconds"] == 95


def test_watching_a_course_video_needs_enrolment(http: httpx.Client) -> None:
    set_clock(http, "2027-08-01T11:00:00+08:00")
    h = login(http, "dy013")
    response = http.post(f"/api/v1/videos/{video_id(http, COURSE_RED, 420)}/watch", headers=h)
    assert response.status_code == 409
    assert response.json()["code"] == "not_enrolled"
    assert "我的课程" in response.json()["message"]


def test_only_new_seconds_count_and_a_replay_earns_nothing(http: httpx.Client) -> None:
    set_clock(http, "2027-08-02T10:00:00+08:00")
    h = login(http, "dy014")
    enrol(http, h, COURSE_RULES)
    opened = watch(http, h, video_id(http, COURSE_RULES, 600))
    assert opened["earns"] is True and opened["covered"] == []
    assert opened["seconds_per_point"] == 180 and opened["cap"] == 10
    sid = opened["session_id"]
    advance(http, 200)
    first = saved(http, h, sid, (0, 180))
    assert first["new_seconds"] == 180
    assert first["earned"]["points"] == 1 and first["today_points"] == 1
    assert "+1" in first["message"]
    replay = saved(http, h, sid, (0, 180))
    assert replay["new_seconds"] == 0 and replay["earned"] is None
    assert replay["today_points"] == 1
    advance(http, 200)
    overlap = saved(http, h, sid, (100, 300))
    assert overlap["new_seconds"] == 120
    assert overlap["covered_seconds"] == 300
    assert overlap["today_seconds"] == 300 and overlap["today_points"] == 1
    assert overlap["to_next_point_s"] == 60
    # A new session shows what is covered, merged into one interval.
    again = watch(http, h, video_id(http, COURSE_RULES, 600))
    assert again["covered"] == [[0, 300]]
    assert again["video"]["covered_seconds"] == 300
    assert earned(http, h, "video") == 1


def test_out_of_order_and_overlapping_segments_merge(http: httpx.Client) -> None:
    set_clock(http, "2027-08-03T10:00:00+08:00")
    h = login(http, "dy015")
    enrol(http, h, COURSE_RULES)
    video = video_id(http, COURSE_RULES, 480)
    sid = watch(http, h, video)["session_id"]
    advance(http, 400)
    out = saved(http, h, sid, (300, 400), (100, 200), (150, 350))
    assert out["new_seconds"] == 300 and out["covered_seconds"] == 300
    assert out["today_points"] == 1
    later = saved(http, h, sid, (0, 50), (450, 480))  # around the covered block
    assert later["new_seconds"] == 80
    covered = watch(http, h, video)["covered"]
    assert covered == [[0, 50], [100, 400], [450, 480]]
    sid = watch(http, h, video)["session_id"]
    advance(http, 100)
    bridge = saved(http, h, sid, (40, 110), (390, 460))  # joins all three
    assert bridge["new_seconds"] == 100
    assert watch(http, h, video)["covered"] == [[0, 480]]


def test_seeking_forward_skips(http: httpx.Client) -> None:
    set_clock(http, "2027-08-03T11:00:00+08:00")
    h = login(http, "dy016")
    enrol(http, h, COURSE_RULES)
    sid = watch(http, h, video_id(http, COURSE_RULES, 540))["session_id"]
    advance(http, 61)
    # Watched 0–30, jumped to 500, watched to 530: what lies between was skipped, not watched.
    out = saved(http, h, sid, (0, 30), (500, 530), position_s=530)
    assert out["new_seconds"] == 60 and out["covered_seconds"] == 60
    video = watch(http, h, video_id(http, COURSE_RULES, 540))["video"]
    assert video["position_seconds"] == 530


def test_two_short_videos_make_one_point(http: httpx.Client) -> None:
    set_clock(http, "2027-08-04T10:00:00+08:00")
    h = login(http, "dy017")
    enrol(http, h, COURSE_INTRO)
    sid = watch(http, h, video_id(http, COURSE_INTRO, 120))["session_id"]
    advance(http, 125)
    first = saved(http, h, sid, (0, 120))
    assert first["earned"] is None and first["today_points"] == 0
    assert first["to_next_point_s"] == 60
    sid = watch(http, h, video_id(http, COURSE_INTRO, 60))["session_id"]
    advance(http, 65)
    second = saved(http, h, sid, (0, 60))
    assert second["earned"]["points"] == 1 and second["today_seconds"] == 180
    assert earned(http, h, "video") == 1


def test_daily_cap_and_no_carry_over(http: httpx.Client) -> None:
    set_clock(http, "2027-08-05T09:00:00+08:00")
    h = login(http, "dy018")
    for course in (COURSE_RULES, COURSE_BRANCH, COURSE_RED):
        enrol(http, h, course)
    total = 0
    for course in (COURSE_RULES, COURSE_BRANCH):
        for v in course_videos(http, course):
            sid = watch(http, h, v["id"])["session_id"]
            advance(http, v["seconds"] + 1)
            out = saved(http, h, sid, (0, v["seconds"]))
            total += out["earned"]["points"] if out["earned"] else 0
    # 3,600 s watched: 20 points by time, 10 by the cap.
    assert total == 10 and earned(http, h, "video") == 10
    assert out["today_seconds"] == 3600 and out["today_points"] == 10
    # The next day starts from zero: 100 s is not a point, nothing was carried over.
    set_clock(http, "2027-08-06T09:00:00+08:00")
    red = course_videos(http, COURSE_RED)[0]
    sid = watch(http, h, red["id"])["session_id"]
    advance(http, 101)
    out = saved(http, h, sid, (0, 100))
    assert out["today_seconds"] == 100 and out["today_points"] == 0
    assert earned(http, h, "video") == 0
    advance(http, 100)
    out = saved(http, h, sid, (100, 180))
    assert out["earned"]["points"] == 1 and out["today_points"] == 1


def test_remainder_is_not_carried_into_the_next_day(http: httpx.Client) -> None:
    set_clock(http, "2027-08-07T20:00:00+08:00")
    h = login(http, "dy019")
    enrol(http, h, COURSE_BRANCH)
    video = video_id(http, COURSE_BRANCH, 720)
    sid = watch(http, h, video)["session_id"]
    advance(http, 101)
    assert saved(http, h, sid, (0, 100))["today_points"] == 0
    set_clock(http, "2027-08-08T20:00:00+08:00")
    sid = watch(http, h, video)["session_id"]
    advance(http, 101)
    out = saved(http, h, sid, (100, 200))  # 200 s over two days: no point on either
    assert out["today_seconds"] == 100 and out["earned"] is None
    assert earned(http, h, "video") == 0


def test_a_session_crossing_midnight_credits_each_day(http: httpx.Client) -> None:
    set_clock(http, "2027-08-09T23:56:00+08:00")
    h = login(http, "dy022")
    enrol(http, h, COURSE_BRANCH)
    sid = watch(http, h, video_id(http, COURSE_BRANCH, 660))["session_id"]
    advance(http, 400)  # 00:02:40 the next day
    out = saved(http, h, sid, (0, 400))
    # Watching ran at 1× up to the save: 240 s before midnight (a point for that day), 160 s
    # after; the two days are not added together.
    assert out["new_seconds"] == 400
    assert 160 <= out["today_seconds"] < 161 and out["today_points"] == 0
    advance(http, 30)
    out = saved(http, h, sid, (400, 430))
    assert out["today_points"] == 1
    rows = http.get("/api/v1/me/points/ledger", headers=h).json()["items"]
    video_days = sorted(r["day"] for r in rows if r["code"] == "video")
    assert video_days == ["2027-08-09", "2027-08-10"]


def test_inflated_saves_are_refused_and_keep_nothing(http: httpx.Client) -> None:
    set_clock(http, "2027-08-11T10:00:00+08:00")
    h = login(http, "dy023")
    enrol(http, h, COURSE_BRANCH)
    sid = watch(http, h, video_id(http, COURSE_BRANCH, 600))["session_id"]
    advance(http, 100)
    response = save(http, h, sid, (0, 115))
    assert response.status_code == 422
    assert response.json()["code"] == "progress_inflated"
    assert "110%" in response.json()["message"] and "进度未保存" in response.json()["message"]
    ok = saved(http, h, sid, (0, 100))
    assert ok["new_seconds"] == 100 and ok["covered_seconds"] == 100
    # Counted over the whole session: another 20 s of new video in no time is too much.
    response = save(http, h, sid, (200, 220))
    assert response.status_code == 422
    assert watch(http, h, video_id(http, COURSE_BRANCH, 600))["covered"] == [[0, 100]]


def test_a_second_terminal_takes_over(http: httpx.Client) -> None:
    set_clock(http, "2027-08-12T10:00:00+08:00")
    first, second = login(http, "dy024"), login(http, "dy024")
    enrol(http, first, COURSE_BRANCH)
    video = video_id(http, COURSE_BRANCH, 720)
    a = watch(http, first, video)["session_id"]
    advance(http, 200)
    assert saved(http, first, a, (0, 180))["today_points"] == 1
    b = watch(http, second, video)["session_id"]
    advance(http, 200)
    refused = save(http, first, a, (180, 360))
    assert refused.status_code == 409
    assert refused.json()["code"] == "watch_taken_over"
    assert "另一终端" in refused.json()["message"]
    # The second terminal watching the same part again earns nothing twice.
    out = saved(http, second, b, (0, 180), (180, 200))
    assert out["new_seconds"] == 20 and out["today_points"] == 1
    assert earned(http, second, "video") == 1
    # Someone else's session does not exist for this member.
    other = login(http, "dy025")
    assert save(http, other, b, (0, 10)).status_code == 404


def test_segments_are_clamped_to_the_video(http: httpx.Client) -> None:
    set_clock(http, "2027-08-13T10:00:00+08:00")
    h = login(http, "dy026")
    enrol(http, h, COURSE_INTRO)
    sid = watch(http, h, video_id(http, COURSE_INTRO, 60))["session_id"]
    advance(http, 100)
    out = saved(http, h, sid, (30, 500), (100, 200), position_s=900)
    assert out["new_seconds"] == 30 and out["covered_seconds"] == 30
    assert watch(http, h, video_id(http, COURSE_INTRO, 60))["video"]["position_seconds"] == 60


@pytest.mark.parametrize(
    ("segment", "code"),
    [
        ({"from_s": 50, "to_s": 40}, "segment_backwards"),
        ({"from_s": -5, "to_s": 10}, "invalid_request"),
    ],
)
def test_malformed_segments(http: httpx.Client, segment: dict, code: str) -> None:
    set_clock(http, "2027-08-13T11:00:00+08:00")
    h = login(http, "dy027")
    enrol(http, h, COURSE_INTRO)
    sid = watch(http, h, video_id(http, COURSE_INTRO, 60))["session_id"]
    advance(http, 60)
    response = http.post(f"/api/v1/watch/{sid}/progress", headers=h, json={"segments": [segment]})
    assert response.status_code == 422
    assert response.json()["code"] == code
    assert "\u4e00" <= response.json()["message"][0] <= "\u9fff"


def test_an_article_video_plays_but_earns_nothing(http: httpx.Client) -> None:
    set_clock(http, "2027-08-14T10:00:00+08:00")
    newest = http.get("/api/v1/articles", params={"size": 1}).json()["items"][0]
    videos = http.get(f"/api/v1/articles/{newest['id']}").json()["videos"]
    assert len(videos) == 1 and videos[0]["study"] is False
    for user in ("dy028", "qz001"):
        h = login(http, user)
        opened = watch(http, h, videos[0]["id"])
        assert opened["earns"] is False
        advance(http, 100)
        out = saved(http, h, opened["session_id"], (0, 95))
        assert out["earned"] is None and out["today_seconds"] == 0
        assert "不属于学习中心" in out["message"]


def test_concurrent_saves_of_one_session_credit_once(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    """The player's timer and the S key firing together, or a retried request racing the
    first: the same seconds arrive eight times at once and are credited once."""
    import concurrent.futures

    set_clock(http, "2027-08-15T10:00:00+08:00")
    h = login(http, "dy046")
    enrol(http, h, COURSE_RULES)
    sid = watch(http, h, video_id(http, COURSE_RULES, 600))["session_id"]
    advance(http, 400)

    def one(_: int) -> dict:
        with server.client() as client:
            return saved(client, h, sid, (0, 360))

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(one, range(8)))
    assert sum(r["new_seconds"] for r in results) == 360
    assert sum(r["earned"]["points"] for r in results if r["earned"]) == 2
    assert earned(http, h, "video") == 2
