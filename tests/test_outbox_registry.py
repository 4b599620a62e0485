"""The outbox kinds are one registry (contract.outbox): the server handles every kind, and the
同步 screen labels and describes every kind."""

from __future__ import annotations

from contract import outbox
from server.services import sync

EXAMPLES: dict[str, dict[str, object]] = {
    "like": {"article_id": 3},
    "unlike": {"article_id": 3},
    "collect": {"article_id": 3},
    "uncollect": {"article_id": 3},
    "share": {"article_id": 3},
    "comment": {"article_id": 3, "body": "学习了"},
    "read": {"article_id": 3, "read_id": 9},
    "third_party": {"code": "xuexi"},
    "enrol": {"course_id": 1, "on": False},
    "exam": {"paper_id": 2, "answers": {"1": [0]}},
    "video_progress": {
        "video_id": 4,
        "client_session": "abcdefgh1234",
        "started_at": "2026-12-01T08:00:00+08:00",
        "segments": [{"from_s": 0, "to_s": 95}],
    },
    "meeting_feedback": {"meeting_id": 5, "answer": "leave", "reason": "出差"},
    "vanguard_post": {"kind": "wish", "title": "修好村口路灯", "body": "天黑看不见"},
    "vanguard_act": {"kind": "wish", "item_id": 7, "action": "claim"},
}


def test_every_kind_has_an_example_and_a_server_handler() -> None:
    assert set(EXAMPLES) == set(outbox.KINDS)
    assert set(sync.HANDLERS) == {k.handler for k in outbox.KINDS.values()}


def test_every_kind_is_labelled_and_described_in_chinese() -> None:
    for code, kind in outbox.KINDS.items():
        args = EXAMPLES[code]
        kind.args.model_validate(args)  # the example is a valid queued action
        assert outbox.label(code) == kind.label != "未知操作"
        line = outbox.describe(code, args)
        assert line and not any("a" <= c <= "z" for c in line.replace("xuexi", "")), (code, line)
    assert outbox.describe("video_progress", EXAMPLES["video_progress"]) == "视频 4 · 95 秒"
    assert (
        outbox.describe("meeting_feedback", EXAMPLES["meeting_feedback"]) == "请假 · 会议 5(出差)"
    )
    assert outbox.label("from_a_newer_client") == "未知操作"


def test_a_display_note_names_what_the_arguments_only_number() -> None:
    """The screen that queued an action stored a short note (a meeting's title and day, an
    article's title): the 同步 screen says that instead of an id."""
    feedback = EXAMPLES["meeting_feedback"]
    assert (
        outbox.describe("meeting_feedback", feedback, "支部党员大会 12-05")
        == "请假 · 支部党员大会 12-05(出差)"
    )
    assert outbox.describe("video_progress", EXAMPLES["video_progress"], "《党章》第一讲") == (
        "《党章》第一讲 · 95 秒"
    )
    assert outbox.describe("like", EXAMPLES["like"], "《学习贯彻》") == "《学习贯彻》"
    assert outbox.describe("from_a_newer_client", {}, "某项操作") == "某项操作"
