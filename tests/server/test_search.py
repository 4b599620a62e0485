"""One search (issue 18) on both databases over HTTP: two characters found inside longer words,
one character, latin prefixes; who finds what (visitors the province's, members their path's,
nothing withdrawn, drafts or scheduled before their time); the groups and their counts; and the
Chinese refusals of empty, blank, too long and unknown-kind queries."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from server import messages
from server.domain import search as rules
from tests.conftest import BACKENDS, demo_server_on, login
from tests.server.test_points import advance, set_clock
from tests.servers import ServerProcess

# dy001 is under 兰州新区机关工委 (dw001); dy040 under another 党委.
INSIDE, OUTSIDE = "dy001", "dy040"
ARTICLE = """---
标题: {title}
栏目: 党建动态
作者: 兰州新区机关工委
{extra}---
{body}
"""


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A demo server of this file's own: it publishes articles the other files do not expect."""
    yield from demo_server_on(request.param, tmp_path_factory, "search")


def find(
    http: httpx.Client, q: str, h: dict[str, str] | None = None, **params: object
) -> dict[str, dict[str, object]]:
    r = http.get("/api/v1/search", params={"q": q, **params}, headers=h or {})
    assert r.status_code == 200, r.text
    return {g["kind"]: g for g in r.json()["groups"]}


def ids(groups: dict[str, dict[str, object]], kind: str) -> set[int]:
    items = groups[kind]["items"]
    assert isinstance(items, list)
    return {i["id"] for i in items}


def publish(http: httpx.Client, who: str, title: str, body: str, extra: str = "") -> int:
    text = ARTICLE.format(title=title, body=body, extra=extra)
    r = http.post("/api/v1/publish/articles", headers=login(http, who), json={"text": text})
    assert r.status_code == 200, r.text
    return int(r.json()["id"])


def test_two_characters_are_found_inside_longer_words(http: httpx.Client) -> None:
    """ "岷县" is inside "岷县梅川镇" and "岷县当归"; "梅川" only in the middle of a word."""
    set_clock(http, "2028-05-01T10:00:00+08:00")
    a = publish(http, "sw001", "岷县梅川镇组织党员学习", "岷县当归产业带动群众增收。")
    b = publish(http, "sw001", "通知", "请各单位做好岷县梅川镇的走访。")
    for q, expected in (("岷县", {a, b}), ("梅川", {a, b}), ("当归", {a}), ("川镇", {a, b})):
        groups = find(http, q, limit=10)
        assert ids(groups, "article") >= expected, q
        assert groups["article"]["count"] == len(expected), q
    # One character: its unigram. Words of latin and digits: as prefixes, any case.
    assert a in ids(find(http, "归", limit=50), "article")
    c = publish(http, "sw001", "GSDJ2028 平台升级", "Terminal 客户端")
    assert c in ids(find(http, "gsdj"), "article") and c in ids(find(http, "TERMIN"), "article")
    # The title first; the snippet holds the match where the text has it.
    first, second = find(http, "梅川")["article"]["items"][:2]
    assert (first["id"], second["id"], first["opens"]) == (a, b, "article")
    assert "梅川" in second["snippet"] and first["snippet"].startswith("岷县当归")
    # Several characters: all their bigrams.
    assert ids(find(http, "岷县当归"), "article") == {a}
    assert ids(find(http, "梅川当归"), "article") == set()


def test_each_reader_finds_what_it_may_read(http: httpx.Client) -> None:
    """Visitors the province's; a member also its 党委's, not another's; withdrawn gone; a
    draft never; a scheduled article from its time."""
    set_clock(http, "2028-05-02T10:00:00+08:00")
    own = publish(http, "dw001", "工委夏季读书班", "读书班集中研读。")
    inside, outside = login(http, INSIDE), login(http, OUTSIDE)
    assert own in ids(find(http, "读书", inside), "article")
    assert own not in ids(find(http, "读书", outside), "article")
    assert own not in ids(find(http, "读书"), "article")
    h = login(http, "dw001")
    assert http.post(f"/api/v1/publish/article/{own}/withdraw", headers=h).status_code == 200
    assert own not in ids(find(http, "读书", inside), "article")
    assert http.post(f"/api/v1/publish/article/{own}/publish", headers=h).status_code == 200
    assert own in ids(find(http, "读书", inside), "article")

    later = publish(http, "sw001", "定时读书通知", "读书", "发布时间: 2028-05-02 12:00\n")
    assert later not in ids(find(http, "读书", inside, limit=50), "article")
    advance(http, 2 * 3600 + 5)
    assert later in ids(find(http, "读书", inside, limit=50), "article")
    text = ARTICLE.format(title="读书草稿", body="读书", extra="")
    draft = http.post(
        "/api/v1/publish/articles", headers=login(http, "sw001"), json={"text": text, "draft": True}
    ).json()["id"]
    assert draft not in ids(find(http, "读书", inside, limit=50), "article")


def test_courses_and_videos_are_groups_of_their_own(http: httpx.Client) -> None:
    groups = find(http, "党员", limit=50)
    assert [g for g in groups] == [k.code for k in rules.KINDS]
    assert {k: g["name"] for k, g in groups.items()} == {k.code: k.name for k in rules.KINDS}
    courses = http.get("/api/v1/courses").json()
    wanted = {c["id"] for c in courses if "党员" in c["title"] + c["summary"]}
    assert wanted and ids(groups, "course") == wanted
    video = groups["video"]["items"][0]
    assert video["opens"] == "video" and video["parent_id"] in {c["id"] for c in courses}
    only = find(http, "党员", kinds="course,video")
    assert list(only) == ["course", "video"]


def test_a_withdrawn_course_takes_its_videos_out(http: httpx.Client) -> None:
    r = http.post(
        "/api/v1/publish/courses",
        headers=login(http, "sw001"),
        json={"toml": 'title = "洮砚文化课"\nsummary = "洮砚"\n'
              '[[videos]]\ntitle = "洮砚雕刻"\nurl = "https://example.org/a.mp4"\nseconds = 60\n'},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    course = r.json()["id"]
    groups = find(http, "洮砚")
    assert ids(groups, "course") == {course} and groups["video"]["count"] == 1
    h = login(http, "sw001")
    assert http.post(f"/api/v1/publish/course/{course}/withdraw", headers=h).status_code == 200
    groups = find(http, "洮砚")
    assert groups["course"]["count"] == 0 and groups["video"]["count"] == 0


@pytest.mark.parametrize(
    ("q", "code", "message"),
    [
        ("", "search_empty", messages.SEARCH_EMPTY),
        ("   ", "search_empty", messages.SEARCH_EMPTY),
        ("\u3000\t", "search_empty", messages.SEARCH_EMPTY),
        ("党" * 41, "search_too_long", messages.SEARCH_TOO_LONG.format(n=rules.MAX_QUERY)),
        ("!!?。,", "search_nothing", messages.SEARCH_NOTHING),
        (" ".join("abcdefghijklm"), "search_too_many", messages.SEARCH_TOO_MANY),
    ],
)
def test_bad_queries_are_refused_in_chinese(
    http: httpx.Client, q: str, code: str, message: str
) -> None:
    for h in ({}, login(http, INSIDE)):
        r = http.get("/api/v1/search", params={"q": q}, headers=h)
        assert r.status_code == 422, r.text
        assert r.json() == {"code": code, "message": message}


def test_unknown_kinds_limits_and_a_missing_query_are_refused(http: httpx.Client) -> None:
    r = http.get("/api/v1/search", params={"q": "党建", "kinds": "article,nope"})
    assert r.status_code == 422 and r.json()["code"] == "search_kind_unknown"
    assert "nope" in r.json()["message"]
    for params in ({}, {"q": "党建", "limit": 0}, {"q": "党建", "limit": 51}):
        r = http.get("/api/v1/search", params=params)
        assert r.status_code == 422 and r.json()["code"] == "invalid_request", params
    r = http.get("/api/v1/search", params={"q": "党建"}, headers={"Authorization": "Bearer x"})
    assert r.status_code == 401


def test_standards_items_and_published_exchange_posts_are_found(http: httpx.Client) -> None:
    """学标对标's items (indexed as a standard is loaded, the demo's included) and 经验交流's
    posts from 审核通过 to 撤回, for logged-in readers only (neither is open to visitors)."""
    member = login(http, INSIDE)
    field = http.get("/api/v1/standards", headers=member).json()["fields"][0]["field"]
    item = http.get(f"/api/v1/standards/{field}", headers=member).json()["aspects"][0]["items"][0]
    found = find(http, item["title"], member, kinds="standard", limit=50)
    assert item["id"] in ids(found, "standard")
    hit = next(i for i in found["standard"]["items"] if i["id"] == item["id"])
    assert hit["section"] == field  # where 学标对标 opens it
    assert not find(http, item["title"], kinds="standard")["standard"]["items"]  # a visitor
    branch, upper = login(http, "zb005"), login(http, "dw002")
    post = http.post(
        "/api/v1/exchange", headers=branch, json={"title": "岷山春耕互助队经验", "body": "做法。"}
    ).json()["post"]["id"]
    assert http.post(f"/api/v1/exchange/{post}/submit", headers=branch).status_code == 200
    assert post not in ids(find(http, "春耕互助", member), "exchange")  # not yet published
    assert http.post(f"/api/v1/exchange/{post}/approve", headers=upper).status_code == 200
    assert post in ids(find(http, "春耕互助", member), "exchange")
    assert post in ids(find(http, "春耕互助", login(http, OUTSIDE)), "exchange")  # the province's
    assert not find(http, "春耕互助")["exchange"]["items"]  # a visitor
    assert http.post(f"/api/v1/exchange/{post}/withdraw", headers=branch).status_code == 200
    assert post not in ids(find(http, "春耕互助", member), "exchange")
