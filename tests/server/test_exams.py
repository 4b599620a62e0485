"""我的考试 on both databases: who may take papers, one submission per attempt, scoring, points for
the first completion only (2 each, 4 a day), best score kept, and refused answers."""

from __future__ import annotations

import httpx

from tests.conftest import login
from tests.server.test_points import earned, set_clock


def papers(http: httpx.Client, h: dict[str, str]) -> list[dict]:
    response = http.get("/api/v1/exams", headers=h)
    assert response.status_code == 200, response.text
    return response.json()


def start(http: httpx.Client, h: dict[str, str], paper: int) -> dict:
    response = http.post(f"/api/v1/exams/{paper}/attempts", headers=h)
    assert response.status_code == 200, response.text
    return response.json()


def submit(http: httpx.Client, h: dict[str, str], attempt: int, answers: dict) -> httpx.Response:
    return http.post(
        f"/api/v1/exams/attempts/{attempt}/submit", headers=h, json={"answers": answers}
    )


# The demo paper 学习积分规则测试, restated: question order → right option indexes.
RULES_PAPER_ANSWERS = [[2], [1], [0, 1, 2], [1], [0]]


def right_answers(attempt: dict) -> dict[str, list[int]]:
    return {str(q["id"]): a for q, a in zip(attempt["questions"], RULES_PAPER_ANSWERS, strict=True)}


def test_only_members_take_exams(http: httpx.Client) -> None:
    set_clock(http, "2027-09-01T10:00:00+08:00")
    assert http.get("/api/v1/exams").status_code == 401
    for user in ("zb006", "zzz001", "dw001", "sw001", "qz001"):
        h = login(http, user)
        for response in (
            http.get("/api/v1/exams", headers=h),
            http.post("/api/v1/exams/1/attempts", headers=h),
        ):
            assert response.status_code == 403, user
            assert response.json() == {"code": "feature_forbidden", "message": "用户无该权限"}
    h = login(http, "dy029")
    listed = papers(http, h)
    assert [p["title"] for p in listed] == [
        "学习积分规则测试",
        "三会一课基本知识",
        "党建信息化平台操作",
    ]
    assert all(p["total"] == 100 and p["best_score"] is None for p in listed)
    assert http.post("/api/v1/exams/999/attempts", headers=h).json()["code"] == "paper_not_found"


def test_submit_once_then_score_answers_and_points(http: httpx.Client) -> None:
    set_clock(http, "2027-09-02T10:00:00+08:00")
    h = login(http, "dy038")
    attempt = start(http, h, 1)
    kinds = [q["kind"] for q in attempt["questions"]]
    assert kinds == ["single", "single", "multiple", "judge", "judge"]
    assert all("correct" not in q and "answer" not in q for q in attempt["questions"])
    assert attempt["questions"][3]["options"] == ["正确", "错误"]
    result = submit(http, h, attempt["attempt_id"], right_answers(attempt))
    assert result.status_code == 200, result.text
    body = result.json()
    assert body["score"] == 100 and body["total"] == 100 and body["best_score"] == 100
    assert body["earned"]["points"] == 2 and "+2" in body["message"]
    assert [q["correct"] for q in body["questions"]] == RULES_PAPER_ANSWERS
    assert all(q["right"] for q in body["questions"])
    again = submit(http, h, attempt["attempt_id"], right_answers(attempt))
    assert again.status_code == 409 and again.json()["code"] == "attempt_submitted"
    # A retake earns nothing and keeps the best score.
    retake = start(http, h, 1)
    answers = right_answers(retake)
    first_q = str(retake["questions"][0]["id"])
    answers[first_q] = [0]
    body = submit(http, h, retake["attempt_id"], answers).json()
    assert body["score"] == 80 and body["best_score"] == 100
    assert body["earned"] is None and "重考" in body["message"]
    assert body["questions"][0]["right"] is False and body["questions"][0]["chosen"] == [0]
    listed = {p["id"]: p for p in papers(http, h)}
    assert listed[1]["attempts"] == 2 and listed[1]["best_score"] == 100
    assert earned(http, h, "exam") == 2


def test_multiple_choice_needs_the_whole_set_and_blanks_score_nothing(http: httpx.Client) -> None:
    set_clock(http, "2027-09-03T10:00:00+08:00")
    h = login(http, "dy039")
    attempt = start(http, h, 1)
    answers = right_answers(attempt)
    answers[str(attempt["questions"][2]["id"])] = [0, 1]  # two of the three right options
    del answers[str(attempt["questions"][4]["id"])]  # left blank
    body = submit(http, h, attempt["attempt_id"], answers).json()
    assert body["score"] == 60
    assert body["questions"][4]["chosen"] == [] and body["questions"][4]["right"] is False
    assert body["earned"]["points"] == 2  # completing the paper earns, whatever the score


def test_exam_points_cap_at_four_a_day(http: httpx.Client) -> None:
    set_clock(http, "2027-09-04T10:00:00+08:00")
    h = login(http, "dy061")
    got = []
    for paper in (1, 2, 3):
        attempt = start(http, h, paper)
        body = submit(http, h, attempt["attempt_id"], {}).json()
        got.append(body["earned"]["points"] if body["earned"] else 0)
    assert got == [2, 2, 0]
    assert earned(http, h, "exam") == 4
    # The paper capped out still earns the first time it is completed on another day.
    set_clock(http, "2027-09-05T10:00:00+08:00")
    attempt = start(http, h, 3)
    assert submit(http, h, attempt["attempt_id"], {}).json()["earned"]["points"] == 2


def test_refused_answers_keep_the_attempt_open(http: httpx.Client) -> None:
    set_clock(http, "2027-09-06T10:00:00+08:00")
    h = login(http, "dy062")
    attempt = start(http, h, 1)
    aid = attempt["attempt_id"]
    q = [str(x["id"]) for x in attempt["questions"]]
    for answers, code, words in (
        ({"99999": [0]}, "exam_question_unknown", "不属于本试卷"),
        ({q[0]: [7]}, "exam_option_unknown", "第 1 题"),
        ({q[0]: [0, 1]}, "exam_one_option", "单选题"),
        ({q[3]: [0, 1]}, "exam_one_option", "判断题"),
        ({q[2]: [1, 1]}, "exam_option_repeated", "第 3 题"),
    ):
        response = submit(http, h, aid, answers)
        assert response.status_code == 422, answers
        assert response.json()["code"] == code and words in response.json()["message"]
    assert submit(http, h, aid, right_answers(attempt)).json()["score"] == 100
    other = login(http, "dy063")
    assert submit(http, other, aid, {}).status_code == 404
    malformed = http.post(
        f"/api/v1/exams/attempts/{aid}/submit",
        headers={**h, "Content-Type": "application/json"},
        content=b'{"answers": ',
    )
    assert malformed.status_code == 400
