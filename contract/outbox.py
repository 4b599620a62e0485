"""The outbox kinds: every member action a terminal may queue while offline and push later.

One registry (`KINDS`): each kind's argument model (the server validates a queued action with
it, the client builds one with it), its Chinese label and a one-line description of a queued
item (the 同步 screen shows both), and the name of the server's handler
(`server.services.sync.HANDLERS` has exactly these names; a test checks it). Adding an action to
the outbox is one entry here and one handler there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import Field, StrictBool

from contract.schemas import In, IntKey, SegmentIn, Text, Time

_ID = Field(ge=1, le=2_147_483_647)


class Args(In):
    """A kind's arguments: a request body like any other (contract.schemas.In)."""


class ArticleArgs(Args):
    article_id: int = _ID


class CommentArgs(ArticleArgs):
    body: Text = Field(max_length=1000)


class ReadArgs(ArticleArgs):
    read_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    started_at: Time | None = None  # offline: client clock when the article came on screen
    elapsed_s: float | None = Field(default=None, ge=0, description="monotonic seconds on screen")


class LinkArgs(Args):
    code: Text = Field(max_length=30)


class CourseArgs(Args):
    course_id: int = _ID
    on: StrictBool = True


class ExamArgs(Args):
    paper_id: int = _ID
    attempt_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    answers: dict[IntKey, list[int]] = Field(default_factory=dict)


class VideoArgs(Args):
    video_id: int = _ID
    watch_session_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    client_session: Text = Field(min_length=8, max_length=40)
    started_at: Time = Field(description="client clock when the player opened")
    elapsed_s: float | None = Field(default=None, ge=0, description="monotonic seconds since")
    segments: list[SegmentIn] = Field(max_length=500)
    position_s: float | None = Field(default=None, ge=0, le=86400)


class FeedbackArgs(Args):
    meeting_id: int = _ID
    answer: Text = Field(pattern="^(attend|leave)$")
    reason: Text | None = Field(default=None, max_length=200)


class VanguardPostArgs(Args):
    kind: Text = Field(pattern="^(wish|donation|snapshot)$")
    title: Text = Field(max_length=100)
    body: Text = Field(max_length=2000)
    contact: Text | None = Field(default=None, max_length=100)
    branch_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    image_base64: Text | None = None


class VanguardActArgs(Args):
    kind: Text = Field(pattern="^(wish|donation|snapshot)$")
    item_id: int = _ID
    action: Text = Field(max_length=20)
    reason: Text | None = Field(default=None, max_length=500)


Describe = Callable[[Mapping[str, Any], str], str]


@dataclass(frozen=True)
class Kind:
    code: str
    args: type[Args]
    label: str  # what the 同步 screen calls it
    # One line: what this queued item is about. It gets the arguments and the item's subject:
    # the display note the screen that queued it stored ("支部党员大会 12-05", an article's
    # title) or, without one, what the arguments name ("会议 12").
    describe: Describe
    handler: str  # the name of its handler in server.services.sync.HANDLERS
    subject: Callable[[Mapping[str, Any]], str] = lambda args: ""


def _get(args: Mapping[str, Any], key: str) -> str:
    value = args.get(key)
    return "" if value is None else str(value)


def _named(what: str, key: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda args: f"{what} {_get(args, key)}"


def _subject_only(args: Mapping[str, Any], subject: str) -> str:
    return subject


def _comment(args: Mapping[str, Any], subject: str) -> str:
    return f"{subject} · {_get(args, 'body')[:20]}"


def _video(args: Mapping[str, Any], subject: str) -> str:
    seconds = 0.0
    for s in args.get("segments") or []:
        if isinstance(s, Mapping):
            seconds += max(0.0, float(s.get("to_s", 0)) - float(s.get("from_s", 0)))
    return f"{subject} · {seconds:.0f} 秒"


_VANGUARD_KINDS = {"wish": "心愿", "donation": "微捐赠", "snapshot": "随手拍"}
_ANSWERS = {"attend": "参加", "leave": "请假"}


def _vanguard_post(args: Mapping[str, Any], subject: str) -> str:
    kind = _VANGUARD_KINDS.get(_get(args, "kind"), "")
    return f"{kind} · {_get(args, 'title')[:20]}"


def _vanguard_item(args: Mapping[str, Any]) -> str:
    kind = _VANGUARD_KINDS.get(_get(args, "kind"), "")
    return f"{kind} {_get(args, 'item_id')}"  # the action is a code; its name is the server's


def _feedback(args: Mapping[str, Any], subject: str) -> str:
    answer = _ANSWERS.get(_get(args, "answer"), "")
    reason = _get(args, "reason")
    return f"{answer} · {subject}" + (f"({reason[:20]})" if reason else "")


def _enrol(args: Mapping[str, Any], subject: str) -> str:
    on = args.get("on", True)
    return f"{'加入' if on else '移出'} · {subject}"


_ARTICLE = _named("文章", "article_id")
_KINDS = [
    Kind("like", ArticleArgs, "点赞", _subject_only, "like", _ARTICLE),
    Kind("unlike", ArticleArgs, "取消点赞", _subject_only, "unlike", _ARTICLE),
    Kind("collect", ArticleArgs, "收藏", _subject_only, "collect", _ARTICLE),
    Kind("uncollect", ArticleArgs, "取消收藏", _subject_only, "uncollect", _ARTICLE),
    Kind("share", ArticleArgs, "分享", _subject_only, "share", _ARTICLE),
    Kind("comment", CommentArgs, "发表评论", _comment, "comment", _ARTICLE),
    Kind("read", ReadArgs, "有效阅读", _subject_only, "read", _ARTICLE),
    Kind("third_party", LinkArgs, "访问第三方平台", _subject_only, "third_party",
         lambda a: _get(a, "code")),
    Kind("enrol", CourseArgs, "加入/移出我的课程", _enrol, "enrol", _named("课程", "course_id")),
    Kind("exam", ExamArgs, "交卷", _subject_only, "exam", _named("试卷", "paper_id")),
    Kind("video_progress", VideoArgs, "保存视频进度", _video, "video_progress",
         _named("视频", "video_id")),
    Kind("meeting_feedback", FeedbackArgs, "会议反馈", _feedback, "meeting_feedback",
         _named("会议", "meeting_id")),
    # 心愿树, 微捐赠, 随手拍: posts, claims, fulfilments (any member transition of the flows)
    Kind("vanguard_post", VanguardPostArgs, "先锋模范发布", _vanguard_post, "vanguard_post"),
    Kind("vanguard_act", VanguardActArgs, "先锋模范操作", _subject_only, "vanguard_act",
         _vanguard_item),
]  # fmt: skip
KINDS: dict[str, Kind] = {k.code: k for k in _KINDS}


def label(code: str) -> str:
    """The Chinese label of a kind; an unknown kind (from a newer client) says so."""
    kind = KINDS.get(code)
    return kind.label if kind is not None else "未知操作"


def describe(code: str, args: Mapping[str, Any], note: str | None = None) -> str:
    """One line about a queued item: its display note when the screen stored one, else what
    its arguments name."""
    kind = KINDS.get(code)
    if kind is None:
        return note or ""
    return kind.describe(args, note or kind.subject(args))
