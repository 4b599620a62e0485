"""Issue 16's "done when", end to end on both databases: from an empty database, over the CLI
and HTTP only — init → import the sample workbook → a member's first login (the one-time
password must be changed first) → the branch admin edits 我的支部 and adds a 委员 → the 党委
publishes an article (HTTP), a course (CLI) and a paper (HTTP) that the member then reads,
watches and sits, earning each time → the branch exports the year."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, _database_url
from tests.server.test_org_import import SAMPLE, cli, first_login, read_passwords
from tests.server.test_points import advance, earned, set_clock
from tests.servers import ServerProcess, start_server

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
ARTICLE = """---
标题: 市直机关工委集中学习党章
栏目: 理论学习
作者: 嘉峪关市直机关工委
---
工委组织各支部党员集中学习党章,交流学习体会。
"""


@pytest.fixture(scope="module", params=BACKENDS)
def stood_up(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServerProcess, dict[str, str], str]]:
    url, drop = _database_url(request.param, tmp_path_factory)
    tmp = tmp_path_factory.mktemp(f"stand-up-{request.param}")
    assert cli("init", "--db", url).returncode == 0
    passwords = tmp / "一次性密码.csv"
    done = cli("import", str(SAMPLE), "--db", url, "--passwords", str(passwords))
    assert done.returncode == 0, done.stderr
    proc = start_server(tmp / "server", url, command="serve")
    if drop is not None:
        proc.cleanups.append(drop)
    yield proc, read_passwords(passwords), url
    proc.stop()


def test_a_province_stands_up_from_nothing(
    stood_up: tuple[ServerProcess, dict[str, str], str],
) -> None:
    server, passwords, url = stood_up
    with server.client() as http:
        set_clock(http, "2027-05-10T09:00:00+08:00")
        # A member's first login: nothing but 修改密码 until the one-time password is changed.
        signed_in = http.post(
            "/api/v1/auth/login",
            json={"username": "jyg0101_02", "password": passwords["jyg0101_02"]},
        )
        assert signed_in.status_code == 200 and signed_in.json()["must_change_password"]
        pending = {"Authorization": f"Bearer {signed_in.json()['token']}"}
        refused = http.get("/api/v1/me/points", headers=pending)
        assert refused.status_code == 403 and refused.json()["code"] == "password_change_required"
        member = first_login(http, "jyg0101_02", passwords["jyg0101_02"])
        assert http.get("/api/v1/me/points", headers=member).status_code == 200

        # The branch admin edits 我的支部 and adds a 委员 from the fixed list.
        branch_admin = first_login(http, "zb_jyg0101", passwords["zb_jyg0101"])
        profile = http.get("/api/v1/branch", headers=branch_admin).json()
        assert profile["may_edit"] and profile["code"] == "JYG0101"
        field = next(f["code"] for f in profile["fields"] if f["name"] == "机关")
        edited = http.put(
            f"/api/v1/branch/{profile['id']}/field", headers=branch_admin, json={"field": field}
        )
        assert edited.status_code == 200 and edited.json()["field_name"] == "机关"
        member_id = http.get("/api/v1/me", headers=member).json()["id"]
        positions = {
            p["name"]: p["code"]
            for p in http.get("/api/v1/orgs/positions", headers=branch_admin).json()
        }
        unknown = http.put(
            f"/api/v1/accounts/{member_id}/position",
            headers=branch_admin,
            json={"position_code": "chief_happiness_officer"},
        )
        assert unknown.status_code == 422 and "省委组织部" in unknown.json()["message"]
        # 纪检委员 is 包丽华's (the sample's): one holder per branch.
        taken = http.put(
            f"/api/v1/accounts/{member_id}/position",
            headers=branch_admin,
            json={"position_code": positions["纪检委员"]},
        )
        assert taken.status_code == 409 and "包丽华(jyg0101_05)" in taken.json()["message"]
        added = http.put(
            f"/api/v1/accounts/{member_id}/position",
            headers=branch_admin,
            json={"position_code": positions["青年委员"]},
        )
        assert added.status_code == 200, added.text
        committee = http.get("/api/v1/branch", headers=member).json()["committee"]
        assert any(c["account_id"] == member_id and c["position"] == "青年委员" for c in committee)

        # The 党委 publishes an article and a paper over HTTP, a course from the CLI.
        committee_admin = first_login(http, "dw_jyg", passwords["dw_jyg"])
        article = http.post(
            "/api/v1/publish/articles", headers=committee_admin, json={"text": ARTICLE}
        )
        assert article.status_code == 200, article.text
        paper = http.post(
            "/api/v1/publish/papers",
            headers=committee_admin,
            json={
                "filename": "paper.toml",
                "content": (EXAMPLES / "paper.toml").read_text("utf-8"),
            },
        )
        assert paper.status_code == 200, paper.text
        course = subprocess.run(
            [sys.executable, "-m", "server", "publish", "course", str(EXAMPLES / "course.toml"),
             "--as", "dw_jyg", "--db", url],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert course.returncode == 0, course.stderr

        # The member reads the article (30 s), watches the course and sits the paper: each earns.
        article_id = article.json()["id"]
        assert article_id in [
            a["id"] for a in http.get("/api/v1/articles", headers=member).json()["items"]
        ]
        read = http.post(f"/api/v1/articles/{article_id}/reads", headers=member).json()["read_id"]
        advance(http, 31)
        assert http.post(
            f"/api/v1/articles/{article_id}/reads/{read}/complete", headers=member
        ).is_success
        assert earned(http, member, "read") == 1

        course_id = next(c["id"] for c in http.get("/api/v1/courses", headers=member).json())
        assert http.post(f"/api/v1/courses/{course_id}/enrol", headers=member).is_success
        video = http.get(f"/api/v1/courses/{course_id}", headers=member).json()["items"][0]["id"]
        session = http.post(f"/api/v1/videos/{video}/watch", headers=member).json()["session_id"]
        advance(http, 200)
        saved = http.post(
            f"/api/v1/watch/{session}/progress",
            headers=member,
            json={"segments": [{"from_s": 0, "to_s": 190}]},
        )
        assert saved.status_code == 200, saved.text
        assert earned(http, member, "video") == 1

        paper_id = paper.json()["id"]
        attempt = http.post(f"/api/v1/exams/{paper_id}/attempts", headers=member).json()
        # docs/examples/paper.toml's answers: A, ABC, 对
        right = [[0], [0, 1, 2], [0]]
        answers = {str(q["id"]): a for q, a in zip(attempt["questions"], right, strict=True)}
        submitted = http.post(
            f"/api/v1/exams/attempts/{attempt['attempt_id']}/submit",
            headers=member,
            json={"answers": answers},
        )
        assert submitted.status_code == 200 and submitted.json()["score"] == 100, submitted.text
        assert earned(http, member, "exam") > 0

        # The branch exports the year: the member's row carries what they earned.
        export = http.get("/api/v1/points/export", headers=branch_admin, params={"year": 2027})
        assert export.status_code == 200, export.text
        rows = {r["username"]: r for r in export.json()["rows"]}
        assert set(rows) >= {"zb_jyg0101", "jyg0101_01", "jyg0101_02"}
        assert "jyg0102_01" not in rows  # another branch
        mine = http.get("/api/v1/me/points", headers=member).json()
        assert mine["year"] == 2027
        assert rows["jyg0101_02"]["total"] == mine["year_total"] > 0
        by_category = {c["category"]: c["points"] for c in mine["year_by_category"]}
        assert rows["jyg0101_02"]["study"] == by_category["study"]
