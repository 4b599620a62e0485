"""Publishing content (issue 16) on both databases, over HTTP and from the CLI, with real files:
who may publish, who then sees and uses it, the paper checks, scheduling, drafts, withdrawing
(the points earned stay), and video durations with and without ffprobe."""

from __future__ import annotations

import base64
import re
import runpy
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server import messages
from tests.conftest import BACKENDS, demo_server_on, login
from tests.server.test_points import advance, earned, set_clock
from tests.servers import ServerProcess

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
# The committed script that makes docs/examples/paper.xlsx writes the test workbooks too.
_maker = runpy.run_path(str(EXAMPLES / "make_paper_xlsx.py"))
ROWS, write = _maker["ROWS"], _maker["write"]
ARTICLE = """---
标题: {title}
栏目: 党建动态
作者: 兰州新区机关工委
{extra}---
兰州新区机关工委组织党员集中学习,交流体会。
"""


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """A demo server of this file's own: what it publishes would change the lists the other
    files' tests count on the shared one."""
    yield from demo_server_on(request.param, tmp_path_factory, "publishing")


# dy001 is under 兰州新区机关工委 (dw001) and its 党总支 (zzz001); dy040 under 文县城关镇党委.
INSIDE, OUTSIDE = "dy001", "dy040"


def cli(server: ServerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server", *args, "--db", server.database_url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def published_id(done: subprocess.CompletedProcess[str]) -> int:
    assert done.returncode == 0, done.stderr
    found = re.search(r"(article|course|paper) (\d+)", done.stdout)
    assert found, done.stdout
    return int(found.group(2))


def article_ids(http: httpx.Client, h: dict[str, str] | None = None) -> list[int]:
    r = http.get("/api/v1/articles?size=100", headers=h or {})
    assert r.status_code == 200, r.text
    return [a["id"] for a in r.json()["items"]]


def test_a_committee_publishes_an_article_its_subtree_reads_and_keeps_the_points(
    server: ServerProcess, http: httpx.Client, tmp_path: Path
) -> None:
    set_clock(http, "2028-03-01T10:00:00+08:00")
    md = tmp_path / "a.md"
    md.write_text(ARTICLE.format(title="工委集中学习", extra=""), "utf-8")
    article = published_id(cli(server, "publish", "article", str(md), "--as", "dw001"))
    inside, outside = login(http, INSIDE), login(http, OUTSIDE)
    assert article in article_ids(http, inside)
    assert article not in article_ids(http, outside)
    assert article not in article_ids(http)  # visitors see only the province's
    for method, path in (("GET", ""), ("POST", "/like"), ("POST", "/share"), ("POST", "/reads")):
        r = http.request(method, f"/api/v1/articles/{article}{path}", headers=outside)
        assert r.status_code == 404, (path, r.text)
    before = earned(http, inside, "read")
    read = http.post(f"/api/v1/articles/{article}/reads", headers=inside).json()["read_id"]
    advance(http, 31)
    done = http.post(f"/api/v1/articles/{article}/reads/{read}/complete", headers=inside)
    assert done.status_code == 200, done.text
    assert earned(http, inside, "read") == before + 1

    out = cli(server, "withdraw", "article", str(article))
    assert out.returncode == 0 and "已撤回" in out.stdout, out.stderr
    assert article not in article_ids(http, inside)
    for method, path in (("GET", ""), ("POST", "/like"), ("POST", "/share"), ("POST", "/reads")):
        r = http.request(method, f"/api/v1/articles/{article}{path}", headers=inside)
        assert r.status_code == 409, (path, r.text)
        assert r.json() == {"code": "article_withdrawn", "message": messages.ARTICLE_WITHDRAWN}
    assert earned(http, inside, "read") == before + 1  # the ledger keeps what was earned

    # A withdrawn article may be published again (decided).
    h = login(http, "dw001")
    again = http.post(f"/api/v1/publish/article/{article}/publish", headers=h)
    assert again.status_code == 200 and again.json()["state_name"] == "已发布"
    assert article in article_ids(http, inside)


def _column_counts(http: httpx.Client, h: dict[str, str] | None = None) -> dict[str, int]:
    r = http.get("/api/v1/columns", headers=h or {})
    assert r.status_code == 200, r.text
    return {c["name"]: c["articles"] for c in r.json()}


def _column_total(http: httpx.Client, name: str, h: dict[str, str] | None = None) -> int:
    """The number of articles 党建资讯's list shows in that column to this reader."""
    column = next(c["id"] for c in http.get("/api/v1/columns").json() if c["name"] == name)
    r = http.get(f"/api/v1/articles?column={column}&size=1", headers=h or {})
    assert r.status_code == 200, r.text
    return int(r.json()["total"])


def test_scheduled_and_draft_articles_show_only_when_published(http: httpx.Client) -> None:
    """A scheduled article is 定时 for its publisher until its time (it said 已发布), and the
    columns count it only from then on, as the list shows it (they counted it at once)."""
    set_clock(http, "2028-03-02T10:00:00+08:00")
    h, member = login(http, "sw001"), login(http, INSIDE)
    before = _column_counts(http), _column_counts(http, member)
    text = ARTICLE.format(title="定时发布的通知", extra="发布时间: 2028-03-02 12:00\n")
    r = http.post("/api/v1/publish/articles", headers=h, json={"text": text})
    assert r.status_code == 200, r.text
    assert r.json()["message"].startswith("已定时发布")
    assert (r.json()["state"], r.json()["state_name"]) == ("scheduled", "定时")
    scheduled = r.json()["id"]
    mine = {m["id"]: m for m in http.get("/api/v1/publish/mine", headers=h).json()}
    assert mine[scheduled]["state_name"] == "定时"
    assert mine[scheduled]["published_at"].startswith("2028-03-02T04:00:00")  # 12:00 北京
    assert scheduled not in article_ids(http)
    assert (_column_counts(http), _column_counts(http, member)) == before
    for reader in (None, member):
        assert _column_counts(http, reader)["党建动态"] == _column_total(http, "党建动态", reader)
    advance(http, 2 * 3600)
    assert scheduled in article_ids(http) and scheduled in article_ids(http, member)
    mine = {m["id"]: m for m in http.get("/api/v1/publish/mine", headers=h).json()}
    assert (mine[scheduled]["state"], mine[scheduled]["state_name"]) == ("published", "已发布")
    assert _column_counts(http)["党建动态"] == before[0]["党建动态"] + 1
    assert _column_counts(http, member)["党建动态"] == before[1]["党建动态"] + 1

    draft = http.post(
        "/api/v1/publish/articles",
        headers=h,
        json={"text": ARTICLE.format(title="草稿", extra=""), "draft": True},
    ).json()
    assert draft["state_name"] == "草稿" and draft["id"] not in article_ids(http, member)
    mine = http.get("/api/v1/publish/mine", headers=h).json()
    assert {(m["id"], m["state_name"]) for m in mine} >= {(draft["id"], "草稿")}
    assert http.post(f"/api/v1/publish/article/{draft['id']}/publish", headers=h).status_code == 200
    assert draft["id"] in article_ids(http, member)


def test_the_samples_hold_what_they_say() -> None:
    """docs/examples, as a newcomer publishes them today: the course's summary counts its
    videos (it said 三讲 over two), and the article has no 发布时间 (one days ahead made it
    定时, absent from 党建资讯, until then)."""
    from server.domain.publishing import parse_article, read_course

    course = read_course((EXAMPLES / "course.toml").read_text("utf-8"))
    counted = "一二三四五六七八九十"[len(course.videos) - 1] + "讲"
    assert counted in course.summary and counted == "三讲", (course.summary, len(course.videos))
    assert [v.title.split()[0] for v in course.videos] == ["第一讲", "第二讲", "第三讲"]
    assert all(v.url for v in course.videos)  # over HTTP too: the 内容发布 screen sends it
    assert parse_article((EXAMPLES / "article.md").read_text("utf-8")).published_at is None


def test_a_bad_article_header_is_refused_in_chinese(http: httpx.Client) -> None:
    h = login(http, "dw001")
    r = http.post("/api/v1/publish/articles", headers=h, json={"text": "没有信息头"})
    assert r.status_code == 422 and messages.PUBLISH_ARTICLE_NO_HEADER in r.json()["message"]
    text = ARTICLE.replace("党建动态", "不存在的栏目").format(title="x", extra="")
    r = http.post("/api/v1/publish/articles", headers=h, json={"text": text})
    assert r.status_code == 422 and r.json()["code"] == "column_unknown"
    assert "不存在的栏目" in r.json()["message"]


def test_branch_admins_and_members_may_not_publish(
    server: ServerProcess, http: httpx.Client
) -> None:
    for user in ("zb001", INSIDE):
        r = http.post(
            "/api/v1/publish/articles",
            headers=login(http, user),
            json={"text": ARTICLE.format(title="x", extra="")},
        )
        assert r.status_code == 403 and r.json()["message"] == messages.NO_FEATURE_PERMISSION
    done = cli(server, "publish", "article", str(EXAMPLES / "article.md"), "--as", "zb001")
    assert done.returncode != 0 and messages.PUBLISH_FORBIDDEN in done.stderr
    # A 党委 admin publishes only for orgs inside its subtree, and moves only its own content.
    dw2 = login(http, "dw002")
    r = http.post(
        "/api/v1/publish/articles",
        headers=dw2,
        json={"text": ARTICLE.format(title="x", extra=""), "org_id": 1},
    )
    assert r.status_code == 403
    assert http.post("/api/v1/publish/article/1/withdraw", headers=dw2).status_code == 403


def sit(http: httpx.Client, h: dict[str, str], paper: int, answers: list[list[int]]) -> dict:
    attempt = http.post(f"/api/v1/exams/{paper}/attempts", headers=h)
    assert attempt.status_code == 200, attempt.text
    qs = attempt.json()["questions"]
    chosen = {str(q["id"]): a for q, a in zip(qs, answers, strict=True)}
    r = http.post(
        f"/api/v1/exams/attempts/{attempt.json()['attempt_id']}/submit",
        headers=h,
        json={"answers": chosen},
    )
    assert r.status_code == 200, r.text
    return r.json()


def paper_ids(http: httpx.Client, h: dict[str, str]) -> list[int]:
    return [p["id"] for p in http.get("/api/v1/exams", headers=h).json()]


def test_a_paper_from_xlsx_over_http_is_sat_and_withdrawn_keeping_the_points(
    http: httpx.Client, tmp_path: Path
) -> None:
    set_clock(http, "2028-03-03T10:00:00+08:00")
    book = write(tmp_path / "paper.xlsx")
    h = login(http, "zzz001")
    r = http.post(
        "/api/v1/publish/papers",
        headers=h,
        json={
            "filename": "paper.xlsx",
            "content": base64.b64encode(book.read_bytes()).decode(),
            "base64": True,
            "title": "党总支测试卷",
        },
    )
    assert r.status_code == 200, r.text
    paper = r.json()["id"]
    inside = login(http, INSIDE)
    assert paper in paper_ids(http, inside) and paper not in paper_ids(http, login(http, OUTSIDE))
    before = earned(http, inside, "exam")
    result = sit(http, inside, paper, [[0], [0, 1, 2], [0]])
    assert result["score"] == 100
    assert earned(http, inside, "exam") == before + 2
    assert http.post(f"/api/v1/publish/paper/{paper}/withdraw", headers=h).status_code == 200
    assert paper not in paper_ids(http, inside)
    r = http.post(f"/api/v1/exams/{paper}/attempts", headers=inside)
    assert r.status_code == 409 and r.json()["message"] == messages.PAPER_WITHDRAWN
    assert earned(http, inside, "exam") == before + 2


def test_papers_from_the_cli_in_toml_and_csv(
    server: ServerProcess, http: httpx.Client, tmp_path: Path
) -> None:
    toml = published_id(
        cli(server, "publish", "paper", str(EXAMPLES / "paper.toml"), "--org", "GS01")
    )
    csv_file = tmp_path / "卷.csv"
    csv_file.write_text(
        "题型,题干,选项A,选项B,答案,分值\n判断题,党员应按期交纳党费。,,,对,50\n单选题,二选一,甲,乙,B,50\n",
        "utf-8",
    )
    csv_paper = published_id(cli(server, "publish", "paper", str(csv_file), "--as", "dw001"))
    ids = paper_ids(http, login(http, INSIDE))
    assert toml in ids and csv_paper in ids


BAD_ROWS = [
    (
        ["填空题", "题干", "甲", "乙", None, None, "A", 10],
        messages.PAPER_BAD_KIND.format(kind="填空题"),
    ),
    (["单选题", None, "甲", "乙", None, None, "A", 10], messages.PAPER_NO_STEM),
    (["单选题", "只有一个选项", "甲", None, None, None, "A", 10], messages.PAPER_FEW_OPTIONS),
    (
        ["单选题", "答案超出", "甲", "乙", None, None, "C", 10],
        messages.PAPER_ANSWER_NOT_AN_OPTION.format(answer="C"),
    ),
    (["单选题", "两个答案", "甲", "乙", None, None, "AB", 10], messages.PAPER_SINGLE_ONE),
    (["多选题", "一个答案", "甲", "乙", "丙", None, "A", 10], messages.PAPER_MULTIPLE_TWO),
    (["判断题", "三个选项", "对", "错", "不确定", None, "A", 10], messages.PAPER_JUDGE_OPTIONS),
    (["判断题", "没有答案", None, None, None, None, None, 10], messages.PAPER_NO_ANSWER),
    (
        ["判断题", "不是对错", None, None, None, None, "也许", 10],
        messages.PAPER_BAD_ANSWER.format(answer="也许"),
    ),
    (
        ["单选题", "没有分值", "甲", "乙", None, None, "A", None],
        messages.PAPER_BAD_POINTS.format(points=""),
    ),
    (
        ["单选题", "分值为零", "甲", "乙", None, None, "A", 0],
        messages.PAPER_BAD_POINTS.format(points=""),
    ),
]


def test_every_bad_question_is_reported_and_nothing_is_stored(
    http: httpx.Client, tmp_path: Path
) -> None:
    h = login(http, "dw001")
    before = len(http.get("/api/v1/publish/mine", headers=h).json())
    rows = [ROWS[0]] + [row for row, _ in BAD_ROWS]
    book = write(tmp_path / "bad.xlsx", rows)
    r = http.post(
        "/api/v1/publish/papers",
        headers=h,
        json={
            "filename": "bad.xlsx",
            "content": base64.b64encode(book.read_bytes()).decode(),
            "base64": True,
        },
    )
    assert r.status_code == 422, r.text
    message = r.json()["message"]
    for n, (_, reason) in enumerate(BAD_ROWS, 3):  # row 1 the header, row 2 a good question
        assert f"第 {n} 行:{reason}" in message, (n, reason, message)
    assert "第 2 行" not in message
    assert len(http.get("/api/v1/publish/mine", headers=h).json()) == before
    # TOML numbers its questions; a file that is not a workbook is told so.
    toml = '[[questions]]\nkind = "单选题"\nstem = "x"\noptions = ["甲", "乙"]\nanswer = "Z"\npoints = 5\n'
    r = http.post(
        "/api/v1/publish/papers",
        headers=h,
        json={"filename": "p.toml", "content": toml, "title": "t"},
    )
    assert (
        r.status_code == 422
        and "第 1 题:" + messages.PAPER_BAD_ANSWER.format(answer="Z") in r.json()["message"]
    )
    r = http.post(
        "/api/v1/publish/papers",
        headers=h,
        json={
            "filename": "p.xlsx",
            "content": base64.b64encode(b"not a workbook").decode(),
            "base64": True,
        },
    )
    assert r.status_code == 422 and messages.PAPER_NOT_A_WORKBOOK in r.json()["message"]


def course_ids(http: httpx.Client, h: dict[str, str]) -> list[int]:
    return [c["id"] for c in http.get("/api/v1/courses", headers=h).json()]


def test_a_course_over_http_is_joined_watched_and_withdrawn(http: httpx.Client) -> None:
    set_clock(http, "2028-03-04T10:00:00+08:00")
    h = login(http, "dw001")
    r = http.post(
        "/api/v1/publish/courses",
        headers=h,
        json={"toml": (EXAMPLES / "course.toml").read_text("utf-8")},
    )
    assert r.status_code == 200, r.text
    course = r.json()["id"]
    inside = login(http, INSIDE)
    assert course in course_ids(http, inside) and course not in course_ids(
        http, login(http, OUTSIDE)
    )
    assert http.post(f"/api/v1/courses/{course}/enrol", headers=inside).status_code == 200
    detail = http.get(f"/api/v1/courses/{course}", headers=inside).json()
    video = detail["items"][0]["id"]
    before = earned(http, inside, "video")
    sid = http.post(f"/api/v1/videos/{video}/watch", headers=inside).json()["session_id"]
    advance(http, 200)
    saved = http.post(
        f"/api/v1/watch/{sid}/progress",
        headers=inside,
        json={"segments": [{"from_s": 0, "to_s": 190}]},
    )
    assert saved.status_code == 200, saved.text
    assert earned(http, inside, "video") == before + 1
    assert http.post(f"/api/v1/publish/course/{course}/withdraw", headers=h).status_code == 200
    assert course not in course_ids(http, inside)
    r = http.post(f"/api/v1/videos/{video}/watch", headers=inside)
    assert r.status_code == 409 and r.json()["message"] == messages.COURSE_WITHDRAWN
    assert earned(http, inside, "video") == before + 1
    # Videos over HTTP are URLs: a file is for the CLI on the server's machine.
    r = http.post(
        "/api/v1/publish/courses",
        headers=h,
        json={"toml": 'title = "t"\n[[videos]]\ntitle = "v"\nfile = "a.mp4"\nseconds = 5\n'},
    )
    assert r.status_code == 422 and messages.COURSE_VIDEO_FILE_OVER_HTTP in r.json()["message"]


def test_a_course_with_a_local_file_from_the_cli(
    server: ServerProcess, http: httpx.Client, tmp_path: Path
) -> None:
    (tmp_path / "v.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a video")
    spec = tmp_path / "course.toml"
    spec.write_text('title = "本机视频课"\n[[videos]]\ntitle = "第一讲"\nfile = "v.mp4"\n', "utf-8")
    done = cli(server, "publish", "course", str(spec), "--as", "dw001")
    # The file's duration cannot be read (no ffprobe here, or not a real video) and none given.
    assert done.returncode != 0
    assert messages.COURSE_VIDEO_NO_DURATION.format(title="第一讲") in done.stderr
    spec.write_text(
        'title = "本机视频课"\n[[videos]]\ntitle = "第一讲"\nfile = "v.mp4"\nseconds = 300\n',
        "utf-8",
    )
    course = published_id(cli(server, "publish", "course", str(spec), "--as", "dw001"))
    inside = login(http, INSIDE)
    detail = http.get(f"/api/v1/courses/{course}", headers=inside).json()
    item = detail["items"][0]
    assert item["seconds"] == 300 and item["url"].startswith("/api/v1/media/videos/")
    served = http.get(item["url"], headers=inside)
    assert served.status_code == 200 and served.content == (tmp_path / "v.mp4").read_bytes()
    # The video and its file go only to whom the course goes (ids are sequential).
    video = f"/api/v1/videos/{item['id']}"
    assert http.get(video, headers=inside).status_code == 200
    for h in (login(http, OUTSIDE), {}):
        for path in (video, item["url"]):
            r = http.get(path, headers=h)
            assert r.status_code == 404 and r.json()["code"] == "course_not_found", path
    assert cli(server, "withdraw", "course", str(course)).returncode == 0
    for path in (video, item["url"]):
        r = http.get(path, headers=inside)
        assert r.status_code == 409 and r.json()["message"] == messages.COURSE_WITHDRAWN
    # A local file lies in the TOML's folder and is a video.
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    for name, reason in (
        ("../v.mp4", messages.COURSE_VIDEO_FILE_OUTSIDE.format(path="../v.mp4")),
        (
            "notes.txt",
            messages.COURSE_VIDEO_FILE_KIND.format(
                kinds="、".join((".mp4", ".webm", ".mkv", ".mov", ".m4v", ".ogv")),
                path="notes.txt",
            ),
        ),
    ):
        where = sub if name.startswith("..") else tmp_path
        bad = where / "bad.toml"
        bad.write_text(
            f'title = "越界"\n[[videos]]\ntitle = "一"\nfile = "{name}"\nseconds = 5\n', "utf-8"
        )
        done = cli(server, "publish", "course", str(bad), "--as", "dw001")
        assert done.returncode != 0 and reason in done.stderr, done.stderr


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe is not installed here")
def test_ffprobe_reads_a_real_video_duration(tmp_path: Path) -> None:
    from server.services.publishing import probe_seconds

    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg is not None
    out = tmp_path / "v.mp4"
    subprocess.run(
        [ffmpeg, "-f", "lavfi", "-i", "testsrc=duration=3:size=64x64", str(out)],
        check=True,
        capture_output=True,
    )
    assert probe_seconds(out) == 3


def test_a_sitting_or_watch_begun_before_withdrawal_earns_nothing_after_online_or_synced(
    http: httpx.Client,
) -> None:
    from datetime import datetime

    from tests.server.test_sync import Client

    set_clock(http, "2028-03-05T10:00:00+08:00")
    h, inside = login(http, "dw001"), login(http, INSIDE)
    paper = http.post(
        "/api/v1/publish/papers",
        headers=h,
        json={"filename": "p.toml", "content": (EXAMPLES / "paper.toml").read_text("utf-8")},
    ).json()["id"]
    course = http.post(
        "/api/v1/publish/courses",
        headers=h,
        json={"toml": (EXAMPLES / "course.toml").read_text("utf-8")},
    ).json()["id"]
    assert http.post(f"/api/v1/courses/{course}/enrol", headers=inside).status_code == 200
    video = http.get(f"/api/v1/courses/{course}", headers=inside).json()["items"][0]["id"]
    attempt = http.post(f"/api/v1/exams/{paper}/attempts", headers=inside).json()
    sid = http.post(f"/api/v1/videos/{video}/watch", headers=inside).json()["session_id"]
    advance(http, 200)
    for kind in ("paper", "course"):
        assert (
            http.post(
                f"/api/v1/publish/{kind}/{paper if kind == 'paper' else course}/withdraw", headers=h
            ).status_code
            == 200
        )
    exam_before, video_before = earned(http, inside, "exam"), earned(http, inside, "video")
    answers = {str(q["id"]): [0] for q in attempt["questions"]}
    r = http.post(
        f"/api/v1/exams/attempts/{attempt['attempt_id']}/submit",
        headers=inside,
        json={"answers": answers},
    )
    assert r.status_code == 409, r.text
    assert r.json() == {"code": "paper_withdrawn", "message": messages.PAPER_WITHDRAWN}
    segments = [{"from_s": 0, "to_s": 190}]
    r = http.post(f"/api/v1/watch/{sid}/progress", headers=inside, json={"segments": segments})
    assert r.status_code == 409, r.text
    assert r.json() == {"code": "course_withdrawn", "message": messages.COURSE_WITHDRAWN}
    client = Client(http, inside)
    now = datetime.now().astimezone()
    out = client.push(
        [
            client.mutation(
                "exam", now, paper_id=paper, attempt_id=attempt["attempt_id"], answers=answers
            ),
            client.mutation(
                "video_progress",
                now,
                video_id=video,
                watch_session_id=sid,
                client_session="s" * 12,
                started_at=now.isoformat(),
                segments=segments,
            ),
        ],
        now,
    )
    assert [(x["status"], x["code"]) for x in out["results"]] == [
        ("rejected", "paper_withdrawn"),
        ("rejected", "course_withdrawn"),
    ]
    assert earned(http, inside, "exam") == exam_before
    assert earned(http, inside, "video") == video_before


def test_a_member_leaves_a_committees_course_online_and_offline_even_once_withdrawn(
    http: httpx.Client,
) -> None:
    from datetime import datetime

    from tests.server.test_sync import Client

    h, inside = login(http, "dw001"), login(http, INSIDE)
    toml = (EXAMPLES / "course.toml").read_text("utf-8")
    first, second = (
        http.post("/api/v1/publish/courses", headers=h, json={"toml": toml}).json()["id"]
        for _ in range(2)
    )
    for course in (first, second):
        assert http.post(f"/api/v1/courses/{course}/enrol", headers=inside).status_code == 200
    r = http.delete(f"/api/v1/courses/{first}/enrol", headers=inside)
    assert r.status_code == 200 and r.json()["message"] == messages.LEFT_COURSE
    assert http.post(f"/api/v1/publish/course/{second}/withdraw", headers=h).status_code == 200
    client = Client(http, inside)
    now = datetime.now().astimezone()
    out = client.push([client.mutation("enrol", now, course_id=second, on=False)], now)
    assert out["results"][0]["status"] != "rejected", out
    assert http.post(f"/api/v1/publish/course/{second}/publish", headers=h).status_code == 200
    mine = [c["id"] for c in http.get("/api/v1/me/courses", headers=inside).json()]
    assert first not in mine and second not in mine


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31T23:59-01:00", "2101-01-01 00:00"])
def test_a_publish_time_outside_2000_to_2100_is_refused(http: httpx.Client, when: str) -> None:
    text = ARTICLE.format(title="时间越界", extra=f"发布时间: {when}\n")
    r = http.post("/api/v1/publish/articles", headers=login(http, "dw001"), json={"text": text})
    assert r.status_code == 422, r.text
    assert (
        messages.PUBLISH_TIME_YEARS.format(first=2000, last=2100, text=when) in r.json()["message"]
    )


@pytest.mark.parametrize(
    "url", ["--include=/tmp/x.conf", "file:///etc/passwd", "/etc/passwd", "ftp://a/b.mp4"]
)
def test_a_video_url_must_be_http_or_the_servers_own(http: httpx.Client, url: str) -> None:
    toml = f'title = "t"\n[[videos]]\ntitle = "v"\nurl = "{url}"\nseconds = 5\n'
    r = http.post("/api/v1/publish/courses", headers=login(http, "dw001"), json={"toml": toml})
    assert r.status_code == 422, r.text
    assert (
        messages.COURSE_VIDEO_AT.format(n=1) + messages.COURSE_VIDEO_BAD_URL in r.json()["message"]
    )


def _refusal(http: httpx.Client, path: str, body: dict) -> str:
    r = http.post(path, headers=login(http, "dw001"), json=body)
    assert r.status_code == 422, r.text
    return str(r.json()["message"])


def test_over_long_fields_and_nul_in_files_are_refused_in_chinese(http: httpx.Client) -> None:
    def course(title: str = "课", video: str = "一", url: str = "https://a.cn/v.mp4") -> dict:
        toml = f'title = "{title}"\n[[videos]]\ntitle = "{video}"\nurl = "{url}"\nseconds = 5\n'
        return {"toml": toml}

    at = messages.COURSE_VIDEO_AT.format(n=1)
    for body, reason in (
        (course(title="课" * 101), messages.PUBLISH_TOO_LONG.format(field="课程标题", n=100)),
        (course(video="视" * 101), at + messages.PUBLISH_TOO_LONG.format(field="视频标题", n=100)),
        (
            course(url="https://a.cn/" + "x" * 300),
            at + messages.PUBLISH_TOO_LONG.format(field="视频地址", n=300),
        ),
        (course(title="课\\u0000"), messages.PUBLISH_BAD_CHARS.format(where="文件")),
    ):
        assert reason in _refusal(http, "/api/v1/publish/courses", body)
    text = ARTICLE.replace("兰州新区机关工委\n", "作" * 101 + "\n", 1).format(title="t", extra="")
    message = _refusal(http, "/api/v1/publish/articles", {"text": text})
    assert messages.PUBLISH_TOO_LONG.format(field="作者", n=100) in message
    toml = '[[questions]]\nkind = "判断题"\nstem = "x\\u0000"\nanswer = "对"\npoints = 5\n'
    message = _refusal(
        http, "/api/v1/publish/papers", {"filename": "p.toml", "content": toml, "title": "t"}
    )
    assert messages.PUBLISH_BAD_CHARS.format(where="文件") in message
    csv_text = "题型,题干,答案,分值\n判断题,有\x00字,对,5\n"
    content = base64.b64encode(csv_text.encode()).decode()
    message = _refusal(
        http,
        "/api/v1/publish/papers",
        {"filename": "p.csv", "content": content, "base64": True},
    )
    assert messages.PUBLISH_BAD_CHARS.format(where="第 2 行") in message


def test_a_play_link_opens_one_video_without_the_token_and_expires(
    server: ServerProcess, http: httpx.Client, tmp_path: Path
) -> None:
    """播放链接 (what mpv is given instead of the bearer token): a plain GET of its url, with no
    Authorization, serves the file; it opens that video only, for the account that asked,
    until the video's length and ten minutes have passed or its session ends."""
    (tmp_path / "v.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 a play link")
    (tmp_path / "w.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42 another video")
    spec = tmp_path / "course.toml"
    spec.write_text(
        'title = "播放链接课"\n[[videos]]\ntitle = "一"\nfile = "v.mp4"\nseconds = 300\n'
        '[[videos]]\ntitle = "二"\nfile = "w.mp4"\nseconds = 60\n',
        "utf-8",
    )
    course = published_id(cli(server, "publish", "course", str(spec), "--as", "dw001"))
    inside = login(http, INSIDE)
    first, second = http.get(f"/api/v1/courses/{course}", headers=inside).json()["items"]
    r = http.post(f"/api/v1/media/videos/{first['id']}/ticket", headers=inside)
    assert r.status_code == 200, r.text
    link = r.json()["url"]
    token = inside["Authorization"].split()[1]
    assert link.startswith(f"/api/v1/media/videos/{first['id']}?ticket=") and token not in link
    with httpx.Client(base_url=server.url) as bare:  # no token at all: what mpv does
        served = bare.get(link)
        assert served.status_code == 200 and served.content == (tmp_path / "v.mp4").read_bytes()
        # Another video, a changed ticket, another account's session: not opened.
        ticket = link.split("ticket=", 1)[1]
        for wrong in (
            f"/api/v1/media/videos/{second['id']}?ticket={ticket}",
            link[:-2] + ("AA" if not link.endswith("AA") else "BB"),
            link.replace("ticket=", "ticket=9"),
            f"/api/v1/media/videos/{first['id']}?ticket=x",
        ):
            refused = bare.get(wrong)
            assert refused.status_code == 401, (wrong, refused.text)
            assert refused.json()["message"] == messages.MEDIA_TICKET_INVALID
        # Whoever does not see the course gets no link.
        assert (
            http.post(
                f"/api/v1/media/videos/{first['id']}/ticket", headers=login(http, OUTSIDE)
            ).status_code
            == 404
        )
        assert bare.post(f"/api/v1/media/videos/{first['id']}/ticket").status_code == 401
        # Valid for the video's 5 minutes and 10 more, then no longer.
        advance(http, 300 + 600 - 5)
        assert bare.get(link).status_code == 200
        advance(http, 10)
        expired = bare.get(link)
        assert expired.status_code == 401
        assert expired.json()["message"] == messages.MEDIA_TICKET_EXPIRED
        # A new link from a session that then logs out ends with it.
        fresh = http.post(f"/api/v1/media/videos/{first['id']}/ticket", headers=inside).json()
        assert bare.get(fresh["url"]).status_code == 200
        assert http.post("/api/v1/auth/logout", headers=inside).status_code == 204
        assert bare.get(fresh["url"]).status_code == 401
