"""同步 on both databases: order, duplicates and replays, gaps, refusals that use up their number,
offline video credited to its day within 7 days, clock skew, 1,000 offline actions, two clients."""

from __future__ import annotations

import concurrent.futures
import uuid
from datetime import datetime, timedelta

import httpx

from tests.conftest import login
from tests.server.test_points import earned, set_clock

COURSE_RULES = 2


class Client:
    """A terminal's outbox, as the server sees it: one client id, numbers 1, 2, 3 …. Made, it
    announces itself as the terminal does after its login (an empty push): its actions may be
    dated from the server's clock of that moment on, not before (SPEC §7)."""

    def __init__(self, http: httpx.Client, h: dict[str, str], skew: timedelta = timedelta(0)):
        self.http, self.h, self.skew = http, h, skew
        self.id = str(uuid.uuid4())
        self.seq = 0
        self.server_now = datetime.now()
        self.push([], datetime.now().astimezone())

    def mutation(self, kind: str, at: datetime, **args: object) -> dict:
        self.seq += 1
        return {
            "id": str(uuid.uuid4()),
            "seq": self.seq,
            "kind": kind,
            "at": at.isoformat(),
            "args": args,
        }

    def push(self, mutations: list[dict], client_time: datetime) -> dict:
        body = {
            "client_id": self.id,
            "client_time": client_time.isoformat(),
            "mutations": mutations,
        }
        response = self.http.post("/api/v1/sync/push", headers=self.h, json=body)
        assert response.status_code == 200, response.text
        return response.json()


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def ledger_days(http: httpx.Client, h: dict[str, str], code: str) -> dict[str, int]:
    rows = http.get("/api/v1/me/points/ledger", params={"size": 200}, headers=h).json()["items"]
    days: dict[str, int] = {}
    for r in rows:
        if r["code"] == code:
            days[r["day"]] = days.get(r["day"], 0) + r["points"]
    return days


def video_args(
    video: int, session: str, started: datetime, elapsed: float, *segs: tuple[float, float]
) -> dict:
    return {
        "video_id": video,
        "client_session": session,
        "started_at": started.isoformat(),
        "elapsed_s": elapsed,
        "segments": [{"from_s": a, "to_s": b} for a, b in segs],
    }


def test_in_order_refusals_kept_and_a_replay_changes_nothing(http: httpx.Client) -> None:
    now = t("2027-10-04T10:00:00+08:00")
    set_clock(http, (now - timedelta(minutes=10)).isoformat())  # signed in before the actions
    h = login(http, "dy047")
    c = Client(http, h)
    set_clock(http, now.isoformat())
    batch = [
        c.mutation("like", now - timedelta(minutes=3), article_id=11),
        c.mutation("comment", now - timedelta(minutes=2), article_id=11, body="好"),
        c.mutation("share", now - timedelta(minutes=1), article_id=11),
        c.mutation("no_such_action", now),
        c.mutation("like", now, article_id=999999),
    ]
    out = c.push(batch, now)
    assert [r["status"] for r in out["results"]] == [
        "applied",
        "rejected",
        "applied",
        "rejected",
        "rejected",
    ]
    assert out["results"][0]["result"]["earned"]["points"] == 1
    assert out["results"][1]["code"] == "comment_too_short"
    assert "5 个非空白字符" in out["results"][1]["message"]
    assert out["results"][3]["code"] == "unknown_kind"
    assert out["results"][4]["code"] == "article_not_found"
    assert out["last_seq"] == 5 and out["stopped"] is None
    again = c.push(batch, now)
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 5
    assert again["results"][0]["result"] == out["results"][0]["result"]
    assert again["results"][1]["message"] == out["results"][1]["message"]
    assert earned(http, h, "like") == 1 and earned(http, h, "share") == 1
    pulled = http.get("/api/v1/sync/pull", params={"since": 0}, headers=h).json()
    versions = [i["version"] for i in pulled["items"]]
    assert [i["seq"] for i in pulled["items"]] == [1, 2, 3, 4, 5]
    assert versions == sorted(versions) and pulled["version"] == versions[-1]
    assert (
        http.get("/api/v1/sync/pull", params={"since": pulled["version"]}, headers=h).json()[
            "items"
        ]
        == []
    )


def test_a_gap_stops_the_batch(http: httpx.Client) -> None:
    now = t("2027-10-05T10:00:00+08:00")
    set_clock(http, now.isoformat())
    c = Client(http, login(http, "dy048"))
    first, second, third = (c.mutation("third_party", now, code="xuexi") for _ in range(3))
    out = c.push([first, third], now)
    assert [r["seq"] for r in out["results"]] == [1]
    assert out["stopped"] == "gap" and "第 2 号" in out["stopped_message"]
    out = c.push([second, third], now)
    assert [r["status"] for r in out["results"]] == ["applied", "applied"]
    assert out["last_seq"] == 3


def test_offline_video_counts_for_the_day_watched_within_seven_days(http: httpx.Client) -> None:
    now = t("2027-10-12T10:00:00+08:00")
    set_clock(http, "2027-10-03T08:00:00+08:00")  # signed in, then offline for nine days
    h = login(http, "dy049")
    assert http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).status_code == 200
    c = Client(http, h)
    set_clock(http, now.isoformat())
    h = c.h = login(http, "dy049")  # the first login's token has expired
    watched = t("2027-10-10T20:00:00+08:00")
    session = str(uuid.uuid4())
    ok = c.mutation("video_progress", watched + timedelta(seconds=400),
                    **video_args(4, session, watched, 400, (0, 400)))  # fmt: skip
    # 2,000 s on one day: 11 points by time, 10 by that day's cap.
    long_day = t("2027-10-09T08:00:00+08:00")
    capped = c.mutation("video_progress", long_day + timedelta(seconds=2100),
                        **video_args(5, str(uuid.uuid4()), long_day, 2100, (0, 480)))  # fmt: skip
    late_at = t("2027-10-03T20:00:00+08:00")
    late = c.mutation("video_progress", late_at + timedelta(seconds=300),
                      **video_args(6, str(uuid.uuid4()), late_at, 300, (0, 300)))  # fmt: skip
    late, capped, ok = (dict(m, seq=n) for n, m in enumerate((late, capped, ok), 1))
    out = c.push([late, capped, ok], now)  # in the order they were made
    assert [r["status"] for r in out["results"]] == ["applied"] * 3
    assert out["results"][2]["result"]["earned"]["points"] == 2
    assert out["results"][0]["result"]["earned"]["reason"] == "late"
    assert "超过 7 天" in out["results"][0]["result"]["message"]
    days = ledger_days(http, h, "video")
    assert days == {"2027-10-10": 2, "2027-10-09": 2}
    assert earned(http, h, "video") == 0  # nothing today
    # Watched time is recorded even when it came too late to earn.
    assert http.get("/api/v1/videos/6", headers=h).json()["covered_seconds"] == 300
    # Time claims are checked offline too: 240 s of new video in 100 s of watching.
    fast_at = t("2027-10-11T09:00:00+08:00")
    fast = c.mutation(
        "video_progress",
        fast_at + timedelta(seconds=100),
        **video_args(6, str(uuid.uuid4()), fast_at, 100, (300, 540)),
    )
    refused = c.push([fast], now)["results"][0]
    assert refused["status"] == "rejected" and refused["code"] == "progress_inflated"
    assert http.get("/api/v1/videos/6", headers=h).json()["covered_seconds"] == 300


def test_clock_skew_is_corrected_and_the_future_refused(http: httpx.Client) -> None:
    now = t("2027-10-13T10:00:00+08:00")
    for user, skew in (("dy050", timedelta(hours=1)), ("dy051", timedelta(hours=-1))):
        set_clock(http, "2027-10-12T20:00:00+08:00")
        h = login(http, user)
        c = Client(http, h)
        set_clock(http, now.isoformat())
        client_now = now + skew
        # Made just before midnight by the server's clock: the client's own clock says otherwise.
        before_midnight = t("2027-10-12T23:50:00+08:00") + skew
        batch = [
            c.mutation("third_party", before_midnight, code="xuexi"),
            c.mutation("third_party", client_now - timedelta(minutes=1), code="study"),
            c.mutation("third_party", client_now + timedelta(minutes=10), code="voice"),
        ]
        out = c.push(batch, client_now)
        assert [r["status"] for r in out["results"]] == ["applied", "applied", "rejected"]
        assert out["results"][2]["code"] == "timestamp_future"
        assert "晚于服务器当前时间" in out["results"][2]["message"]
        assert out["last_seq"] == 3
        assert ledger_days(http, h, "third_party") == {"2027-10-12": 1, "2027-10-13": 1}


def test_a_thousand_offline_actions_earn_exactly_what_the_rules_allow(http: httpx.Client) -> None:
    now = t("2027-10-14T22:00:00+08:00")
    set_clock(http, "2027-10-14T18:00:00+08:00")
    h = login(http, "dy052")
    assert http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).status_code == 200
    c = Client(http, h)
    set_clock(http, now.isoformat())
    began = t("2027-10-14T19:00:00+08:00")
    session = str(uuid.uuid4())
    batch = []
    for i in range(600):  # one second of video each: 600 s → 3 points
        at = began + timedelta(seconds=i + 1)
        batch.append(
            c.mutation("video_progress", at, **video_args(4, session, began, i + 1, (i, i + 1)))
        )
    for i in range(200):
        batch.append(
            c.mutation("share", began + timedelta(minutes=11, seconds=i), article_id=1 + i % 60)
        )
    for i in range(100):
        batch.append(
            c.mutation("third_party", began + timedelta(minutes=15, seconds=i), code="xuexi")
        )
    for i in range(60):
        batch.append(c.mutation("like", began + timedelta(minutes=20, seconds=i), article_id=1 + i))
    for i in range(40):
        read_at = began + timedelta(minutes=30 + i)
        batch.append(c.mutation("read", read_at, article_id=1 + i, elapsed_s=40,
                                started_at=(read_at - timedelta(seconds=45)).isoformat()))  # fmt: skip
    assert len(batch) == 1000
    results = []
    for start in range(0, 1000, 500):
        out = c.push(batch[start : start + 500], now)
        assert out["stopped"] is None
        results += out["results"]
    assert [r["status"] for r in results] == ["applied"] * 1000
    got = {
        code: earned(http, h, code) for code in ("video", "share", "third_party", "like", "read")
    }
    assert got == {"video": 3, "share": 2, "third_party": 5, "like": 1, "read": 5}
    assert http.get("/api/v1/videos/4", headers=h).json()["covered_seconds"] == 600


def test_two_clients_of_one_member_on_the_same_day(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    now = t("2027-10-15T21:00:00+08:00")
    set_clock(http, "2027-10-15T19:00:00+08:00")
    h = login(http, "dy053")
    assert http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).status_code == 200
    began = t("2027-10-15T20:00:00+08:00")
    phone, desk = Client(http, h), Client(http, login(http, "dy053"))
    set_clock(http, now.isoformat())
    a = [
        phone.mutation("like", began, article_id=5),
        phone.mutation("video_progress", began + timedelta(seconds=300), **video_args(4, str(uuid.uuid4()), began, 300, (0, 300))),
    ]  # fmt: skip
    b = [
        desk.mutation("like", began, article_id=5),
        desk.mutation("like", began, article_id=6),
        desk.mutation("video_progress", began + timedelta(seconds=300), **video_args(4, str(uuid.uuid4()), began, 300, (200, 500))),
    ]  # fmt: skip

    def push(pair: tuple[Client, list[dict]]) -> dict:
        client, batch = pair
        with server.client() as own:
            client.http = own
            return client.push(batch, now)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(push, [(phone, a), (desk, b)]))
    assert all(r["status"] == "applied" for out in outs for r in out["results"])
    # 500 s watched between them (the overlap counted once): 2 points; one like a day.
    assert earned(http, h, "video") == 2 and earned(http, h, "like") == 1
    assert http.get("/api/v1/videos/4", headers=h).json()["covered_seconds"] == 500


def test_the_same_push_twice_at_once_applies_once(http: httpx.Client, server) -> None:  # type: ignore[no-untyped-def]
    now = t("2027-10-16T10:00:00+08:00")
    set_clock(http, now.isoformat())
    h = login(http, "dy054")
    c = Client(http, h)
    batch = [c.mutation("third_party", now, code="xuexi") for _ in range(20)]

    def push(_: int) -> dict:
        with server.client() as own:
            body = {"client_id": c.id, "client_time": now.isoformat(), "mutations": batch}
            return own.post("/api/v1/sync/push", headers=h, json=body).json()

    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        outs = list(pool.map(push, range(3)))
    by_seq: dict[int, list[str]] = {}
    for out in outs:
        for r in out["results"]:
            by_seq.setdefault(r["seq"], []).append(r["status"])
    applied = sum(statuses.count("applied") for statuses in by_seq.values())
    assert applied == 20  # each number applied by exactly one of the pushes
    assert earned(http, h, "third_party") == 5


def test_a_run_of_saves_stops_before_a_refused_one(http: httpx.Client) -> None:
    """Saves of one offline session are applied together, yet each is judged on its own."""
    now = t("2027-10-17T10:00:00+08:00")
    set_clock(http, "2027-10-17T08:00:00+08:00")
    h = login(http, "dy055")
    assert http.post(f"/api/v1/courses/{COURSE_RULES}/enrol", headers=h).status_code == 200
    c = Client(http, h)
    set_clock(http, now.isoformat())
    began = t("2027-10-17T09:00:00+08:00")
    session = str(uuid.uuid4())

    def save(after: int, elapsed: float, *segs: tuple[float, float]) -> dict:
        return c.mutation("video_progress", began + timedelta(seconds=after),
                          **video_args(4, session, began, elapsed, *segs))  # fmt: skip

    batch = [
        save(100, 100, (0, 100)),
        save(200, 200, (100, 200)),
        save(210, 210, (200, 500)),  # 500 s of new video after 210 s: inflated
        save(300, 300, (200, 300)),
        save(400, 400, (300, 380), (50, 150)),  # partly seen before
        save(410, 410, (380, 370)),  # backwards
        save(420, 420, (380, 390)),
    ]
    out = c.push(batch, now)
    statuses = [r["status"] for r in out["results"]]
    assert statuses == [
        "applied",
        "applied",
        "rejected",
        "applied",
        "applied",
        "rejected",
        "applied",
    ]
    assert out["results"][2]["code"] == "progress_inflated"
    assert out["results"][5]["code"] == "segment_backwards"
    assert [r["result"]["new_seconds"] for r in out["results"] if r["status"] == "applied"] == [
        100,
        100,
        100,
        80,
        10,
    ]
    assert out["results"][1]["result"]["earned"]["points"] == 1  # 200 s: the first point
    assert earned(http, h, "video") == 2  # 390 s
    assert http.get("/api/v1/videos/4", headers=h).json()["covered_seconds"] == 390


def test_malformed_pushes_are_the_clients_mistake(http: httpx.Client) -> None:
    now = t("2027-10-18T10:00:00+08:00")
    set_clock(http, now.isoformat())
    h = login(http, "dy056")
    c = Client(http, h)
    naive = {"client_id": c.id, "client_time": "2027-10-18T10:00:00", "mutations": []}
    response = http.post("/api/v1/sync/push", headers=h, json=naive)
    assert response.status_code == 422 and "时区" in response.json()["message"]
    too_many = {
        "client_id": c.id,
        "client_time": now.isoformat(),
        "mutations": [c.mutation("share", now, article_id=1) for _ in range(1001)],
    }
    assert http.post("/api/v1/sync/push", headers=h, json=too_many).status_code == 422
    broken = http.post(
        "/api/v1/sync/push",
        headers={**h, "Content-Type": "application/json"},
        content=b'{"client_id": "x',
    )
    assert broken.status_code == 400 and broken.json()["code"] == "malformed_json"
    c.seq = 0
    bad_args = [
        c.mutation(
            "video_progress",
            now,
            video_id=4,
            client_session="s" * 10,
            started_at="2027-10-18T09:00:00",
            segments=[],
        ),  # fmt: skip
        c.mutation("like", now, article_id="七"),
        c.mutation("comment", now, article_id=1, body="x" * 1001),
    ]
    out = c.push(bad_args, now)
    assert [r["code"] for r in out["results"]] == ["invalid_mutation"] * 3
    assert all(r["message"].startswith("操作内容有误") for r in out["results"])
    assert http.post("/api/v1/sync/push", json=naive).status_code == 401


def test_back_dated_actions_of_a_member_who_just_logged_in_earn_only_today(
    http: httpx.Client,
) -> None:
    """Issue 15: likes, collects and third-party visits dated over the past seven days, pushed
    by a member who had just logged in, earned seven days of caps. An action cannot be dated
    before the installation first signed in as the account: only today's earn (8 at most)."""
    now = t("2027-10-20T10:00:00+08:00")
    set_clock(http, now.isoformat())
    h = login(http, "dy057")
    c = Client(http, h)  # signed in just now
    batch = []
    for back in range(7, -1, -1):
        at = now - timedelta(days=back) + timedelta(seconds=10)
        batch.append(c.mutation("like", at, article_id=20 + back))
        batch += [c.mutation("collect", at, article_id=30 + 2 * back + i) for i in range(2)]
        batch += [c.mutation("third_party", at, code="xuexi") for _ in range(5)]
    out = c.push(batch, now + timedelta(seconds=20))
    assert out["stopped"] is None and out["last_seq"] == len(batch)  # every number used up
    refused = [r for r in out["results"] if r["status"] == "rejected"]
    assert len(refused) == 7 * 8 and {r["code"] for r in refused} == {"dated_before_signin"}
    assert "早于本终端首次以该账号登录的时间" in refused[0]["message"]
    assert [r["status"] for r in out["results"][-8:]] == ["applied"] * 8
    days = {d for code in ("like", "collect", "third_party") for d in ledger_days(http, h, code)}
    assert days == {"2027-10-20"}
    got = sum(earned(http, h, code) for code in ("like", "collect", "third_party"))
    assert got == 8


def test_a_push_that_credits_past_days_is_listed_in_the_audit(http: httpx.Client) -> None:
    """Offline for two days after signing in: its actions count for the days they were made,
    and 审核记录 (the 党委 of the branch) lists the push — who, when, which days, how many
    points. A later action dated before the previous applied one is refused."""
    set_clock(http, "2027-10-21T09:00:00+08:00")
    h = login(http, "dy058")
    c = Client(http, h)
    now = t("2027-10-23T10:00:00+08:00")
    set_clock(http, now.isoformat())
    batch = [
        c.mutation("like", t("2027-10-21T12:00:00+08:00"), article_id=7),
        c.mutation("third_party", t("2027-10-22T12:00:00+08:00"), code="study"),
        c.mutation("third_party", now - timedelta(minutes=1), code="voice"),
    ]
    out = c.push(batch, now)
    assert [r["status"] for r in out["results"]] == ["applied"] * 3
    assert ledger_days(http, h, "like") == {"2027-10-21": 1}
    earlier = c.push([c.mutation("share", t("2027-10-22T08:00:00+08:00"), article_id=8)], now)
    assert earlier["results"][0]["status"] == "rejected"
    assert earlier["results"][0]["code"] == "dated_before_previous"
    assert "早于本终端上一项已同步操作的时间" in earlier["results"][0]["message"]
    me = http.get("/api/v1/me", headers=h).json()
    audit = http.get("/api/v1/audit", headers=login(http, "dw002"),
                     params={"since": "2027-10-20", "until": "2027-10-23"}).json()  # fmt: skip
    (push,) = [b for b in audit["backdated"] if b["account_id"] == me["id"]]
    assert push["name"] == me["display_name"] and push["branch"] == me["org"]["name"]
    assert push["days"] == ["2027-10-21", "2027-10-22"] and push["points"] == 2
    assert push["pushed_at"].startswith("2027-10-23T02:0")  # 10:0x Beijing time, in UTC
